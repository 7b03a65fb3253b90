import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

/**
 * Where the native TensorFlow backend is built and cached, outside the clone (like the MLflow
 * venv): `$VIDEOR1_CACHE` or `~/.cache/videor1`. Versions are pinned: the TensorFlow wheel from
 * PyPI whose `libtensorflow_cc.so.2` carries the C API, and the @tensorflow/tfjs-node-gpu
 * tarball whose binding sources (binding/*.cc, binding.gyp) build against it.
 */
export const NATIVE_VERSIONS = {
  /** PyPI `tensorflow-cpu` (cpu) / `tensorflow` + its `and-cuda` extra (gpu). */
  tensorflow: '2.18.1',
  /** npm @tensorflow/tfjs-node-gpu: the binding sources and the tfjs kernel backend (same version as @tensorflow/tfjs here). */
  tfjsNode: '4.22.0',
  /** npm google-protobuf, the one runtime dependency of the tfjs-node backend module (its proto/api_pb.js). */
  protobuf: '3.21.4',
  /** N-API version the binding is built for (Node ≥ 16 has 8). */
  napi: 8,
} as const;

export type NativeDevice = 'cpu' | 'gpu';
export const NATIVE_DEVICES: readonly NativeDevice[] = ['gpu', 'cpu'];

export const TFJS_NODE_GPU = '@tensorflow/tfjs-node-gpu';

/** The cache root: $VIDEOR1_CACHE, default ~/.cache/videor1. */
export function cacheRoot(env: NodeJS.ProcessEnv = process.env): string {
  return env.VIDEOR1_CACHE || path.join(os.homedir(), '.cache', 'videor1');
}

export interface NativeLayout {
  device: NativeDevice;
  /** Wheels and tarballs, shared by both devices. */
  downloads: string;
  /** `lib/` (libtensorflow*.so.2 and links) and `include/` (the C API headers). */
  libtensorflow: string;
  /** The unpacked tfjs-node-gpu package with its built binding and google-protobuf. */
  pkg: string;
  /** `pkg/package/lib/napi-v8/tfjs_binding.node`. */
  binding: string;
  /** Written last by the installer: what was built (NativeManifest). */
  manifest: string;
}

export function nativeLayout(device: NativeDevice, env: NodeJS.ProcessEnv = process.env): NativeLayout {
  const root = cacheRoot(env);
  const v = NATIVE_VERSIONS;
  const pkg = path.join(root, `tfjs-node-gpu-${v.tfjsNode}-tf${v.tensorflow}-${device}`);
  return {
    device,
    downloads: path.join(root, 'downloads'),
    libtensorflow: path.join(root, `libtensorflow-${v.tensorflow}-${device}`),
    pkg,
    binding: path.join(pkg, 'package', 'lib', `napi-v${v.napi}`, 'tfjs_binding.node'),
    manifest: path.join(pkg, 'videor1-native.json'),
  };
}

/** What `videor1 backend install` built, read back by the loader and `backend list`. */
export interface NativeManifest {
  device: NativeDevice;
  tensorflow: string;
  tfjsNode: string;
  binding: string;
  /** The package folder holding dist/ and node_modules/google-protobuf. */
  packageDir: string;
  builtAt: string;
}

/** The manifest of a finished build for `device`, or the reason there is none. */
export function readManifest(device: NativeDevice, env: NodeJS.ProcessEnv = process.env): NativeManifest | string {
  const l = nativeLayout(device, env);
  if (!fs.existsSync(l.manifest)) return `no ${device} build in ${l.pkg} (run \`npx videor1 backend install${device === 'gpu' ? ' --gpu' : ''}\`)`;
  try {
    const m = JSON.parse(fs.readFileSync(l.manifest, 'utf8')) as NativeManifest;
    if (m.tensorflow !== NATIVE_VERSIONS.tensorflow || m.tfjsNode !== NATIVE_VERSIONS.tfjsNode)
      return `${l.manifest}: built for TensorFlow ${m.tensorflow} / tfjs-node ${m.tfjsNode}, expected ${NATIVE_VERSIONS.tensorflow} / ${NATIVE_VERSIONS.tfjsNode} (run \`npx videor1 backend install\`)`;
    if (!fs.existsSync(m.binding)) return `${l.manifest}: binding ${m.binding} is missing (run \`npx videor1 backend install\`)`;
    return m;
  } catch (e) {
    return `${l.manifest}: unreadable (${(e as Error).message.split('\n')[0]})`;
  }
}
