import * as fs from 'node:fs';
import * as path from 'node:path';
import { UserError } from '../../../core/errors';
import { NATIVE_VERSIONS, TFJS_NODE_GPU, nativeLayout, readManifest, type NativeDevice, type NativeLayout, type NativeManifest } from './layout';
import { missingTools, nodeDir, nodeGyp, python, run } from './tools';

export interface InstallOptions {
  device: NativeDevice;
  /** Rebuild even when a finished build is cached. */
  force?: boolean;
  say: (line: string) => void;
  env?: NodeJS.ProcessEnv;
}

/**
 * `videor1 backend install [--gpu]`: native TensorFlow for tfjs without libtensorflow's own
 * download host. 1. pip downloads the pinned TensorFlow wheel (`tensorflow-cpu`, or `tensorflow`
 * for the GPU) from PyPI; 2. its C API (libtensorflow_cc.so.2, libtensorflow_framework.so.2 and
 * the headers c_api.h includes) is unpacked into the cache, with the `libtensorflow.so(.2)` names
 * tfjs-node's binding.gyp links against; for the GPU, the wheel's `and-cuda` requirements (CUDA
 * 12 and cuDNN 9 from PyPI) go beside them, where libtensorflow's `$ORIGIN` RUNPATH finds them;
 * 3. npm packs the tfjs-node-gpu tarball (its install script, which would download from
 * storage.googleapis.com, never runs) and google-protobuf; 4. node-gyp builds
 * binding/tfjs_binding.cc against the unpacked library. Idempotent: a finished build (its
 * manifest) is reused. Missing tools are a UserError listing each.
 */
export function installNative(o: InstallOptions): NativeManifest {
  const env = o.env ?? process.env;
  const l = nativeLayout(o.device, env);
  const cached = readManifest(o.device, env);
  if (!o.force && typeof cached !== 'string') {
    o.say(`native ${o.device} backend: cached at ${l.pkg} (TensorFlow ${cached.tensorflow}, tfjs-node ${cached.tfjsNode})`);
    return cached;
  }
  const missing = missingTools(env);
  if (missing.length > 0) throw new UserError(`cannot build the native TensorFlow backend: missing ${missing.join('; ')}`);
  fs.mkdirSync(l.downloads, { recursive: true });
  const wheel = downloadWheel(l, env, o.say);
  unpackLibtensorflow(l, wheel, env, o.say, o.force === true);
  const manifest = buildBinding(l, env, o.say);
  o.say(`native ${o.device} backend: ready (${l.pkg})`);
  return manifest;
}

const wheelProject = (device: NativeDevice): string => (device === 'gpu' ? 'tensorflow' : 'tensorflow-cpu');

function findFile(dir: string, test: (name: string) => boolean): string | undefined {
  const hit = fs.existsSync(dir) ? fs.readdirSync(dir).find(test) : undefined;
  return hit === undefined ? undefined : path.join(dir, hit);
}

function downloadWheel(l: NativeLayout, env: NodeJS.ProcessEnv, say: (s: string) => void): string {
  const project = wheelProject(l.device);
  const prefix = `${project.replace(/-/g, '_')}-${NATIVE_VERSIONS.tensorflow}-`;
  const isWheel = (n: string) => n.startsWith(prefix) && n.endsWith('.whl');
  const have = findFile(l.downloads, isWheel);
  if (have) return have;
  say(`pip download ${project}==${NATIVE_VERSIONS.tensorflow} (a wheel of ~230 MB for the CPU, ~600 MB for the GPU) into ${l.downloads}`);
  run([python(env), '-m', 'pip', 'download', '--quiet', '--no-deps', '--only-binary=:all:', '-d', l.downloads, `${project}==${NATIVE_VERSIONS.tensorflow}`], {
    what: 'pip download',
    env,
  });
  const got = findFile(l.downloads, isWheel);
  if (!got) throw new UserError(`pip download ${project}==${NATIVE_VERSIONS.tensorflow}: no ${prefix}*.whl appeared in ${l.downloads}`);
  return got;
}

/** Extract the C API from the wheel into l.libtensorflow (atomically: a temp folder renamed at the end). */
function unpackLibtensorflow(l: NativeLayout, wheel: string, env: NodeJS.ProcessEnv, say: (s: string) => void, force: boolean): void {
  const ready = path.join(l.libtensorflow, '.videor1-ready');
  if (!force && fs.existsSync(ready)) return;
  const tmp = `${l.libtensorflow}.tmp-${process.pid}`;
  fs.rmSync(tmp, { recursive: true, force: true });
  say(`unpacking the TensorFlow C API from ${path.basename(wheel)} into ${l.libtensorflow}`);
  run([python(env), path.join(__dirname, 'extract_wheel.py'), wheel, tmp], { what: 'unpacking the wheel', env });
  const lib = path.join(tmp, 'lib');
  // tfjs-node's binding.gyp links -ltensorflow -ltensorflow_framework; the wheel names the first libtensorflow_cc
  fs.symlinkSync('libtensorflow_cc.so.2', path.join(lib, 'libtensorflow.so.2'));
  fs.symlinkSync('libtensorflow.so.2', path.join(lib, 'libtensorflow.so'));
  fs.symlinkSync('libtensorflow_framework.so.2', path.join(lib, 'libtensorflow_framework.so'));
  if (l.device === 'gpu') installCuda(wheel, tmp, env, say);
  fs.writeFileSync(path.join(tmp, '.videor1-ready'), `${path.basename(wheel)}\n`);
  fs.rmSync(l.libtensorflow, { recursive: true, force: true });
  fs.renameSync(tmp, l.libtensorflow);
}

/**
 * The wheel's `and-cuda` extra (nvidia-cublas-cu12, nvidia-cudnn-cu12, … pinned in its METADATA),
 * installed with pip into `<dir>/cuda`, and their libraries linked into `<dir>/lib`: libtensorflow
 * dlopens libcudart.so.12 and friends through its RUNPATH `$ORIGIN/`.
 */
function installCuda(wheel: string, dir: string, env: NodeJS.ProcessEnv, say: (s: string) => void): void {
  const script = [
    'import sys, zipfile, re',
    'z = zipfile.ZipFile(sys.argv[1])',
    "meta = next(n for n in z.namelist() if n.endswith('.dist-info/METADATA'))",
    'for line in z.read(meta).decode().splitlines():',
    "    m = re.match(r'Requires-Dist: *([^;]+?) *; *extra == .and-cuda.', line)",
    "    if m: print(m.group(1).replace(' ', ''))",
  ].join('\n');
  const reqs = run([python(env), '-c', script, wheel], { what: 'reading the wheel METADATA', env })
    .split('\n')
    .filter(Boolean);
  if (reqs.length === 0) throw new UserError(`${path.basename(wheel)}: METADATA lists no 'and-cuda' requirements`);
  const target = path.join(dir, 'cuda');
  say(`pip install --target ${target} ${reqs.length} CUDA packages (${reqs.join(' ')}; several GB)`);
  run([python(env), '-m', 'pip', 'install', '--quiet', '--no-deps', '--target', target, ...reqs], { what: 'pip install (CUDA)', env });
  const nvidia = path.join(target, 'nvidia');
  for (const pkg of fs.existsSync(nvidia) ? fs.readdirSync(nvidia) : []) {
    const libDir = path.join(nvidia, pkg, 'lib');
    if (!fs.existsSync(libDir)) continue;
    for (const f of fs.readdirSync(libDir).filter((n) => /\.so(\.\d+)*$/.test(n))) {
      const link = path.join(dir, 'lib', f);
      if (!fs.existsSync(link)) fs.symlinkSync(path.join(libDir, f), link);
    }
  }
}

function npmPack(spec: string, dest: string, file: string, env: NodeJS.ProcessEnv): string {
  const out = path.join(dest, file);
  if (!fs.existsSync(out)) run(['npm', 'pack', '--silent', '--pack-destination', dest, spec], { what: `npm pack ${spec}`, env });
  if (!fs.existsSync(out)) throw new UserError(`npm pack ${spec}: ${out} did not appear`);
  return out;
}

/** Unpack tfjs-node-gpu, point its deps/ at the unpacked library, build the binding with node-gyp. */
function buildBinding(l: NativeLayout, env: NodeJS.ProcessEnv, say: (s: string) => void): NativeManifest {
  const v = NATIVE_VERSIONS;
  const tarball = npmPack(`${TFJS_NODE_GPU}@${v.tfjsNode}`, l.downloads, `tensorflow-tfjs-node-gpu-${v.tfjsNode}.tgz`, env);
  const protobuf = npmPack(`google-protobuf@${v.protobuf}`, l.downloads, `google-protobuf-${v.protobuf}.tgz`, env);
  const tmp = `${l.pkg}.tmp-${process.pid}`;
  fs.rmSync(tmp, { recursive: true, force: true });
  fs.mkdirSync(tmp, { recursive: true });
  run(['tar', 'xzf', tarball, '-C', tmp], { what: 'unpacking the tfjs-node-gpu tarball', env });
  const pkgDir = path.join(tmp, 'package');
  fs.mkdirSync(path.join(pkgDir, 'deps'));
  fs.symlinkSync(path.join(l.libtensorflow, 'lib'), path.join(pkgDir, 'deps', 'lib'));
  fs.symlinkSync(path.join(l.libtensorflow, 'include'), path.join(pkgDir, 'deps', 'include'));
  const gpb = path.join(pkgDir, 'node_modules', 'google-protobuf');
  fs.mkdirSync(gpb, { recursive: true });
  run(['tar', 'xzf', protobuf, '-C', gpb, '--strip-components=1'], { what: 'unpacking google-protobuf', env });
  say(`node-gyp: building tfjs_binding.node (N-API ${v.napi}) against libtensorflow ${v.tensorflow} (~15 s)`);
  run(
    [
      'node',
      nodeGyp(env)!,
      'rebuild',
      `--nodedir=${nodeDir()!}`,
      '--',
      `-Dnapi_build_version=${v.napi}`,
      '-Dmodule_name=tfjs_binding',
      `-Dmodule_path=lib/napi-v${v.napi}`,
    ],
    { cwd: pkgDir, what: 'node-gyp rebuild', env },
  );
  fs.rmSync(path.join(pkgDir, 'build'), { recursive: true, force: true });
  fs.rmSync(l.pkg, { recursive: true, force: true });
  fs.renameSync(tmp, l.pkg);
  // the binding's RUNPATH is $ORIGIN/../../deps/lib: it loads from inside l.pkg, wherever the JS runs
  const manifest: NativeManifest = {
    device: l.device,
    tensorflow: v.tensorflow,
    tfjsNode: v.tfjsNode,
    binding: l.binding,
    packageDir: path.join(l.pkg, 'package'),
    builtAt: new Date().toISOString(),
  };
  if (!fs.existsSync(manifest.binding)) throw new UserError(`node-gyp rebuild: ${manifest.binding} was not built`);
  fs.writeFileSync(l.manifest, JSON.stringify(manifest, null, 2) + '\n');
  return manifest;
}
