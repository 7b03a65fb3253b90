import type { OptimizerOptions, PolicyDeps, Prompt, SftExample } from '../../core/contracts/policy';
import type { Frames } from '../../core/contracts/sample';
import { Rng } from '../../core/rng';
import { TinyVlm, TinyVlmOptions } from '../../plugins/policy/tiny-vlm';

/**
 * Shapes and inputs of the policy benchmark. The reference shape is the one measured in
 * docs/tfjs.md §3 (d 128, 4 heads, 2 layers, sequence 128, batch 16, vocabulary 200): here 8
 * frame tokens + 60 question tokens + 60 target tokens = 128 positions.
 */
export const REFERENCE = { dModel: 128, heads: 4, layers: 2, maxSeq: 128, vocab: 200, batch: 16, frames: 8, side: 8, channels: 3 };

/** Pass `eosId: -1` (never sampled) to make every decode run its full length. */
export function benchDeps(seed = 1): PolicyDeps {
  return {
    vocabSize: REFERENCE.vocab,
    padId: 0,
    eosId: 1,
    frames: { frames: REFERENCE.frames, height: REFERENCE.side, width: REFERENCE.side, channels: REFERENCE.channels },
    seed,
  };
}

export function referencePolicy(options: Partial<TinyVlmOptions> = {}, deps: Partial<PolicyDeps> = {}): TinyVlm {
  const o = TinyVlmOptions.parse({ d_model: REFERENCE.dModel, heads: REFERENCE.heads, layers: REFERENCE.layers, max_seq: REFERENCE.maxSeq, ...options });
  return new TinyVlm(o, { ...benchDeps(), ...deps });
}

export function randomFrames(rng: Rng): Frames {
  const { frames: t, side, channels: c } = REFERENCE;
  return { data: Float32Array.from({ length: t * side * side * c }, () => rng.next()), t, h: side, w: side, c };
}

export function randomPrompts(count: number, questionLen: number, rng: Rng): Prompt[] {
  return Array.from({ length: count }, () => ({
    frames: randomFrames(rng),
    modality: 'video' as const,
    tokens: Array.from({ length: questionLen }, () => 2 + rng.int(REFERENCE.vocab - 2)),
  }));
}

/** A batch that fills the reference sequence exactly: 8 + 60 + 60 = 128 (the bench policy appends no eos). */
export function referenceSftBatch(rng: Rng): SftExample[] {
  return randomPrompts(REFERENCE.batch, 60, rng).map((prompt) => ({ prompt, target: Array.from({ length: 60 }, () => 2 + rng.int(REFERENCE.vocab - 2)) }));
}

export const BENCH_ADAM: OptimizerOptions = {
  lr: 1e-4,
  weightDecay: 0.01,
  beta1: 0.9,
  beta2: 0.999,
  eps: 1e-8,
  maxGradNorm: 5,
  schedule: 'constant',
  warmupSteps: 0,
  totalSteps: 1000,
  startStep: 0,
};

/** Median wall time in ms of `runs` calls after `warmup` untimed ones. */
export function medianMs(fn: () => void, runs: number, warmup = 1): number {
  for (let i = 0; i < warmup; i++) fn();
  const times = Array.from({ length: Math.max(1, runs) }, () => {
    const t0 = performance.now();
    fn();
    return performance.now() - t0;
  }).sort((a, b) => a - b);
  const mid = times.length >> 1;
  return times.length % 2 ? times[mid] : (times[mid - 1] + times[mid]) / 2;
}
