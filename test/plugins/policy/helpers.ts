import * as tf from '@tensorflow/tfjs';
import type { OptimizerOptions, PolicyDeps, Prompt, RlObjectiveOptions } from '../../../core/contracts/policy';
import type { Frames } from '../../../core/contracts/sample';
import { TinyVlm, TinyVlmOptions } from '../../../plugins/policy/tiny-vlm';

/**
 * Shared fixtures for the policy tests: a policy small enough to train in seconds on 2 cores,
 * synthetic frames, and the backend. Tests run on stock tfjs `wasm` (no dependence on the
 * videor1 wasm kernels; per-op overhead on `cpu` is ~5x higher at these sizes), or on the
 * backend named by VIDEOR1_TEST_BACKEND (`cpu`, `wasm`).
 */
export async function useBackend(name = process.env.VIDEOR1_TEST_BACKEND ?? 'wasm'): Promise<void> {
  if (name === 'wasm') await import('@tensorflow/tfjs-backend-wasm');
  await tf.setBackend(name);
  await tf.ready();
  // silence the one-time "install tfjs-node" banner of the cpu backend
  if (name === 'cpu') (tf.backend() as unknown as { firstUse: boolean }).firstUse = false;
}

export const DEPS: PolicyDeps = { vocabSize: 24, padId: 0, eosId: 1, frames: { frames: 4, height: 4, width: 4, channels: 1 }, seed: 7 };

export function tinyPolicy(options: Partial<TinyVlmOptions> = {}, deps: Partial<PolicyDeps> = {}): TinyVlm {
  return new TinyVlm(TinyVlmOptions.parse({ d_model: 32, heads: 2, layers: 2, max_seq: 64, ...options }), { ...DEPS, ...deps });
}

/** A clip of T frames where frame t is uniformly `levels[t]` (values in [0, 1]). */
export function clip(levels: readonly number[], h = 4, w = 4, c = 1): Frames {
  const size = h * w * c;
  const data = new Float32Array(levels.length * size);
  levels.forEach((v, t) => data.fill(v, t * size, (t + 1) * size));
  return { data, t: levels.length, h, w, c };
}

export function prompt(tokens: number[], levels: readonly number[] = [0.1, 0.5, 0.9, 0.3], modality: Prompt['modality'] = 'video'): Prompt {
  return { frames: clip(levels), modality, tokens };
}

export const ADAM: OptimizerOptions = {
  lr: 3e-3,
  weightDecay: 0,
  beta1: 0.9,
  beta2: 0.999,
  eps: 1e-8,
  maxGradNorm: 1,
  schedule: 'constant',
  warmupSteps: 0,
  totalSteps: 1000,
  startStep: 0,
};

/** The released code's objective (docs/released-code.md §3): one iteration, no clipping, β = 0.04, seq-mean-token-mean. */
export const RELEASED: RlObjectiveOptions = {
  clipEpsLow: 0.2,
  clipEpsHigh: 0.2,
  clip: false,
  beta: 0.04,
  klEstimator: 'k3',
  lossAgg: 'seq-mean-token-mean',
  normLength: 16,
};
