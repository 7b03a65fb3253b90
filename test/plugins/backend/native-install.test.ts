import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { isUserError } from '../../../core/errors';
import { installNative } from '../../../plugins/backend/native/install';
import { NATIVE_VERSIONS, nativeLayout, readManifest } from '../../../plugins/backend/native/layout';
import { missingTools } from '../../../plugins/backend/native/tools';
import { spawnCli } from '../../support/cli';

/**
 * The native build's bookkeeping, independent of whether this machine can build it: cache
 * layout and manifest checks, the missing-tool report, the CLI's exit code 2, and the wheel
 * extractor's header closure on a hand-made wheel.
 */
const tmp = () => fs.mkdtempSync(path.join(os.tmpdir(), 'videor1-native-'));
const NO_TOOLS: NodeJS.ProcessEnv = { PATH: '/nonexistent', VIDEOR1_PYTHON: 'no-such-python' };

describe('cache layout and manifest', () => {
  test('paths are pinned under $VIDEOR1_CACHE', () => {
    const l = nativeLayout('cpu', { VIDEOR1_CACHE: '/c' });
    expect(l).toEqual({
      device: 'cpu',
      downloads: '/c/downloads',
      libtensorflow: '/c/libtensorflow-2.18.1-cpu',
      pkg: '/c/tfjs-node-gpu-4.22.0-tf2.18.1-cpu',
      binding: '/c/tfjs-node-gpu-4.22.0-tf2.18.1-cpu/package/lib/napi-v8/tfjs_binding.node',
      manifest: '/c/tfjs-node-gpu-4.22.0-tf2.18.1-cpu/videor1-native.json',
    });
  });

  test('no build, another version, a missing binding: each a reason naming the file and the fix', () => {
    const env = { VIDEOR1_CACHE: tmp() };
    const l = nativeLayout('gpu', env);
    expect(readManifest('gpu', env)).toBe(`no gpu build in ${l.pkg} (run \`npx videor1 backend install --gpu\`)`);
    fs.mkdirSync(l.pkg, { recursive: true });
    const manifest = { device: 'gpu', tensorflow: '2.9.1', tfjsNode: NATIVE_VERSIONS.tfjsNode, binding: l.binding, packageDir: l.pkg, builtAt: 'x' };
    fs.writeFileSync(l.manifest, JSON.stringify(manifest));
    expect(readManifest('gpu', env)).toBe(
      `${l.manifest}: built for TensorFlow 2.9.1 / tfjs-node 4.22.0, expected 2.18.1 / 4.22.0 (run \`npx videor1 backend install\`)`,
    );
    fs.writeFileSync(l.manifest, JSON.stringify({ ...manifest, tensorflow: NATIVE_VERSIONS.tensorflow }));
    expect(readManifest('gpu', env)).toBe(`${l.manifest}: binding ${l.binding} is missing (run \`npx videor1 backend install\`)`);
    fs.mkdirSync(path.dirname(l.binding), { recursive: true });
    fs.writeFileSync(l.binding, '');
    expect(readManifest('gpu', env)).toMatchObject({ device: 'gpu', tensorflow: '2.18.1', binding: l.binding });
    fs.writeFileSync(l.manifest, '{ not json');
    expect(readManifest('gpu', env)).toMatch(new RegExp(`^${l.manifest.replace(/[.]/g, '\\.')}: unreadable \\(`));
  });
});

describe('missing tools', () => {
  test('each missing tool is named with how to get it', () => {
    const missing = missingTools(NO_TOOLS);
    expect(missing.slice(0, 4)).toEqual([
      'pip (`no-such-python -m pip --version` failed; set VIDEOR1_PYTHON to a Python with pip)',
      'a C++ compiler (`c++ --version` failed; install g++ or set CXX)',
      'make (`make --version` failed)',
      'npm (`npm --version` failed)',
    ]);
  });

  test('install refuses before downloading anything, as a UserError', () => {
    const env = { ...NO_TOOLS, VIDEOR1_CACHE: tmp() };
    let error: unknown;
    try {
      installNative({ device: 'cpu', say: () => undefined, env });
    } catch (e) {
      error = e;
    }
    expect(isUserError(error)).toBe(true);
    expect((error as Error).message).toMatch(/^cannot build the native TensorFlow backend: missing pip \(.*\); a C\+\+ compiler/);
    expect(fs.readdirSync(env.VIDEOR1_CACHE)).toEqual([]);
  });

  test('`videor1 backend install` exits 2 with one line and no stack trace', () => {
    const r = spawnCli(['backend', 'install'], { env: { ...NO_TOOLS, VIDEOR1_CACHE: tmp() } });
    expect(r.code).toBe(2);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toMatch(/^videor1: cannot build the native TensorFlow backend: missing pip/);
  });
});

describe('extract_wheel.py', () => {
  test('copies the two libraries and exactly the headers c_api.h reaches', () => {
    const dir = tmp();
    const files: Record<string, string> = {
      'tensorflow/libtensorflow_cc.so.2': 'cc',
      'tensorflow/libtensorflow_framework.so.2': 'fw',
      'tensorflow/include/tensorflow/c/c_api.h': '#include "tensorflow/c/tf_status.h"\n#include <stdint.h>\n',
      'tensorflow/include/tensorflow/c/tf_status.h': '#include "xla/tsl/c/tsl_status.h"\n',
      'tensorflow/include/xla/tsl/c/tsl_status.h': '/* leaf */\n',
      'tensorflow/include/tensorflow/c/eager/c_api.h': '#include "tensorflow/c/c_api.h"\n',
      'tensorflow/include/tensorflow/c/tf_datatype.h': '',
      'tensorflow/include/tensorflow/c/tf_tensor.h': '#include "tensorflow/c/tf_datatype.h"\n',
      'tensorflow/include/tensorflow/core/platform/ctstring_internal.h': '',
      'tensorflow/include/Eigen/Core': 'not reached',
    };
    const make = [
      'import sys, zipfile',
      'z = zipfile.ZipFile(sys.argv[1], "w")',
      ...Object.entries(files).map(([name, body]) => `z.writestr(${JSON.stringify(name)}, ${JSON.stringify(body)})`),
      'z.close()',
    ].join('\n');
    const wheel = path.join(dir, 'tf.whl');
    expect(spawnSync('python3', ['-c', make, wheel]).status).toBe(0);
    const script = path.resolve(__dirname, '../../../plugins/backend/native/extract_wheel.py');
    const r = spawnSync('python3', [script, wheel, path.join(dir, 'out')], { encoding: 'utf8' });
    expect(r.status).toBe(0);
    expect(JSON.parse(r.stdout)).toEqual({ headers: 7, libs: ['libtensorflow_cc.so.2', 'libtensorflow_framework.so.2'] });
    const list = (d: string): string[] =>
      fs
        .readdirSync(d, { withFileTypes: true })
        .flatMap((e) => (e.isDirectory() ? list(path.join(d, e.name)) : [path.relative(path.join(dir, 'out'), path.join(d, e.name))]));
    expect(list(path.join(dir, 'out')).sort()).toEqual([
      'include/tensorflow/c/c_api.h',
      'include/tensorflow/c/eager/c_api.h',
      'include/tensorflow/c/tf_datatype.h',
      'include/tensorflow/c/tf_status.h',
      'include/tensorflow/c/tf_tensor.h',
      'include/tensorflow/core/platform/ctstring_internal.h',
      'include/xla/tsl/c/tsl_status.h',
      'lib/libtensorflow_cc.so.2',
      'lib/libtensorflow_framework.so.2',
    ]);
    expect(fs.readFileSync(path.join(dir, 'out', 'lib', 'libtensorflow_framework.so.2'), 'utf8')).toBe('fw');
  });
});
