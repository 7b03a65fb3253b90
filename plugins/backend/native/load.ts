/* eslint-disable @typescript-eslint/no-require-imports -- the native package is optional and found at run time */
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { NATIVE_DEVICES, TFJS_NODE_GPU, readManifest, type NativeManifest } from './layout';

/** The tfjs-node binding's version export (TF_Version() of the loaded libtensorflow). */
interface NativeBinding {
  TF_Version?: string;
}

/** How the `tensorflow` tfjs backend got registered. */
export interface NativeLoaded {
  /** `npm` (a regular install of @tensorflow/tfjs-node-gpu) or `videor1 build` (the cache). */
  source: 'npm' | 'videor1 build';
  /** @tensorflow/tfjs-node-gpu's version. */
  version: string;
  /** Build device of the cached package (npm: unknown until the backend reports it). */
  build?: NativeManifest;
}

/** The project root: the folder whose node_modules holds the @tensorflow/tfjs this code uses. */
const PROJECT_ROOT = path.resolve(__dirname, '..', '..', '..');

let loaded: NativeLoaded | undefined;

/**
 * Register tfjs's `tensorflow` backend: from @tensorflow/tfjs-node-gpu when plain module
 * resolution finds it, else from the build `videor1 backend install` cached (the GPU build first,
 * then the CPU build). Returns why neither exists as a string. Loads once per process.
 */
export function loadNative(env: NodeJS.ProcessEnv = process.env): NativeLoaded | string {
  if (loaded && tf.findBackendFactory('tensorflow')) return loaded;
  // libtensorflow prints INFO lines (oneDNN, CPU features) to stderr when it loads; keep warnings
  if (env.TF_CPP_MIN_LOG_LEVEL === undefined) process.env.TF_CPP_MIN_LOG_LEVEL = '2';
  let resolved: string | undefined;
  try {
    resolved = require.resolve(TFJS_NODE_GPU);
  } catch {
    resolved = undefined;
  }
  if (resolved) {
    require(TFJS_NODE_GPU); // registers 'tensorflow' (priority 3) and makes it active
    loaded = { source: 'npm', version: (require(`${TFJS_NODE_GPU}/package.json`) as { version: string }).version };
    return loaded;
  }
  const reasons: string[] = [`module ${TFJS_NODE_GPU} is not installed`];
  for (const device of NATIVE_DEVICES) {
    const m = readManifest(device, env);
    if (typeof m === 'string') {
      reasons.push(m);
      continue;
    }
    registerBuilt(m);
    loaded = { source: 'videor1 build', version: m.tfjsNode, build: m };
    return loaded;
  }
  return reasons.join('; ');
}

/**
 * Register the cached build with this process's @tensorflow/tfjs, as tfjs-node's own index.js
 * does (register_all_kernels, then a NodeJSKernelBackend over the binding, priority 3). Its
 * JavaScript must resolve `@tensorflow/tfjs` to the project's copy (one engine, one kernel
 * registry), so dist/ and google-protobuf are copied under the project's node_modules/.cache
 * (re-copied after `npm ci` wipes it); the binding itself loads from the cache, where its
 * RUNPATH finds libtensorflow.
 */
function registerBuilt(m: NativeManifest): void {
  const dir = path.join(PROJECT_ROOT, 'node_modules', '.cache', 'videor1', `tfjs-node-gpu-${m.tfjsNode}-tf${m.tensorflow}-${m.device}`);
  const current = (): boolean => {
    const stamp = path.join(dir, 'built-at');
    return fs.existsSync(stamp) && fs.readFileSync(stamp, 'utf8') === m.builtAt;
  };
  if (!current()) {
    // parallel processes (a grid's cells) may copy at once: each into its own folder, renamed into place
    const tmp = `${dir}.tmp-${process.pid}`;
    fs.rmSync(tmp, { recursive: true, force: true });
    fs.mkdirSync(tmp, { recursive: true });
    for (const part of ['package.json', 'dist', path.join('node_modules', 'google-protobuf')]) {
      fs.cpSync(path.join(m.packageDir, part), path.join(tmp, part), { recursive: true });
    }
    fs.writeFileSync(path.join(tmp, 'built-at'), m.builtAt);
    try {
      if (!current()) {
        fs.rmSync(dir, { recursive: true, force: true });
        fs.renameSync(tmp, dir);
      }
    } catch (e) {
      if (!current()) throw e; // another process put the same copy in place first
    } finally {
      fs.rmSync(tmp, { recursive: true, force: true });
    }
  }
  const binding = require(m.binding) as NativeBinding;
  require(path.join(dir, 'dist', 'register_all_kernels.js'));
  const { NodeJSKernelBackend } = require(path.join(dir, 'dist', 'nodejs_kernel_backend.js')) as {
    NodeJSKernelBackend: new (b: NativeBinding, name: string) => tf.KernelBackend;
  };
  tf.registerBackend('tensorflow', () => new NodeJSKernelBackend(binding, TFJS_NODE_GPU), 3);
}
