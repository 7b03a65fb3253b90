import * as tf from '@tensorflow/tfjs';
import type { RlObjectiveOptions } from '../core/contracts/policy';
import { Rng } from '../core/rng';
import { matmulGflops } from '../plugins/backend/measure';
import { selectBackend, setWasmKernelOverrides } from '../plugins/backend/select';
import type { TinyVlm } from '../plugins/policy/tiny-vlm';
import { BENCH_ADAM, REFERENCE, medianMs, randomPrompts, referencePolicy, referenceSftBatch, shuffled, zScore } from './policy/fixtures';

export interface PolicyBenchOptions {
  /** Fewer repetitions and a smaller matmul: a smoke test, not a measurement. */
  quick?: boolean;
  /** Backend to select (default `auto`: tensorflow, then wasm, then cpu). */
  backend?: 'auto' | 'tensorflow' | 'wasm' | 'cpu';
}

const RELEASED: RlObjectiveOptions = { clipEpsLow: 0.2, clipEpsHigh: 0.2, clip: false, beta: 0.04, lossAgg: 'seq-mean-token-mean', normLength: 32 };

/**
 * Speed and hygiene of the tiny-vlm policy (issue 3). Keys:
 * - `backend`, `matmul_gflops` (1024³, 256³ when quick);
 * - `train_step_ms`: one SFT step at the reference shape (tfjs-node.md §3), median;
 * - `train_step_speedup_vs_stock`: the same step with videor1's wasm kernels switched off, ÷ the above;
 * - `decode_tokens_per_s`, `kv_speedup`: 64 new tokens for 48 rows, KV cache vs recomputing the prefix;
 * - `rl_step_ms`: 4 prompts × (8 + 4 shuffled-frame) rollouts of 32 tokens, rewards, group z-score
 *   advantages, one update with k3 KL to the reference (reference §3);
 * - `tensors_leaked_per_step`: growth of `tf.memory().numTensors` from step 2 to step 20 (SFT + RL), per step.
 * Benchmarks, never timed tests: absolute numbers vary ±10–30% on a shared machine.
 */
export async function runPolicyBench(opts: PolicyBenchOptions = {}): Promise<Record<string, number | string>> {
  const quick = opts.quick ?? false;
  const backend = await selectBackend(opts.backend ?? 'auto');
  const out: Record<string, number | string> = { backend: backend.name };
  out.matmul_gflops = round(matmulGflops(quick ? 256 : 1024, { runs: quick ? 3 : 5 }));

  // --- training step at the reference shape ---
  const policy = referencePolicy({}, { eosId: -1 });
  try {
    const rng = new Rng(1);
    const batch = referenceSftBatch(rng);
    const train = () => void policy.sftStep(batch, 'padding', BENCH_ADAM);
    out.train_step_shape = `d${REFERENCE.dModel} h${REFERENCE.heads} L${REFERENCE.layers} T${REFERENCE.maxSeq} B${REFERENCE.batch} V${REFERENCE.vocab}`;
    out.train_step_ms = round(medianMs(train, quick ? 2 : 7, quick ? 1 : 2));
    out.parameters = policy.parameterCount;
    if (backend.name === 'wasm') {
      setWasmKernelOverrides(false);
      try {
        out.train_step_ms_stock = round(medianMs(train, quick ? 1 : 3, 1));
      } finally {
        setWasmKernelOverrides(true);
      }
      out.train_step_speedup_vs_stock = round(out.train_step_ms_stock / out.train_step_ms);
    } else out.train_step_speedup_vs_stock = 'n/a (wasm only)';

    // --- decoding: KV cache vs recomputing the whole prefix (no eos: every row decodes 64 tokens) ---
    const prompts = randomPrompts(48, 32, rng);
    const decodeOpts = { n: 1, temperature: 1, topP: 0.95, maxNewTokens: 64 };
    const cached = medianMs(() => void policy.sample(prompts, decodeOpts, new Rng(2), { kvCache: true }), quick ? 1 : 3, 1);
    const recomputed = medianMs(() => void policy.sample(prompts, decodeOpts, new Rng(2), { kvCache: false }), 1, quick ? 0 : 1);
    out.decode_tokens_per_s = round((48 * 64) / (cached / 1000));
    out.decode_nocache_tokens_per_s = round((48 * 64) / (recomputed / 1000));
    out.kv_speedup = round(recomputed / cached);

    // --- one T-GRPO-shaped RL step ---
    const rlPrompts = randomPrompts(4, 32, rng);
    out.rl_step_ms = round(medianMs(() => rlIteration(policy, rlPrompts, rng), quick ? 1 : 3, 1));
  } finally {
    policy.dispose();
  }

  // --- tensor hygiene over 20 steps (small model: leaks do not depend on size) ---
  out.tensors_leaked_per_step = leakPerStep(quick ? 8 : 20);
  return out;
}

/** Sample, contrast-sample, reward, z-score, update: the data flow of design.md §2. */
function rlIteration(policy: TinyVlm, prompts: ReturnType<typeof randomPrompts>, rng: Rng): void {
  const sampling = { n: 8, temperature: 1, topP: 0.95, maxNewTokens: 32 };
  const ordered = policy.sample(prompts, sampling, rng);
  const contrast = policy.sample(shuffled(prompts, rng), { ...sampling, n: 4 }, rng);
  // trivial inline scorer: share of even token ids; the contrast group only feeds p~ (reference §0.7)
  const score = (ids: number[]) => ids.filter((t) => t % 2 === 0).length / Math.max(1, ids.length);
  const pTilde = contrast.map((r) => r.tokenIds.map(score).reduce((a, b) => a + b, 0) / r.tokenIds.length);
  const batch = ordered.flatMap((r, i) => {
    const rewards = r.tokenIds.map(score).map((x) => x + (x >= pTilde[i] ? 0.3 : 0));
    const advantages = zScore(rewards);
    return r.tokenIds.map((completion, j) => ({ prompt: prompts[i], completion, advantage: advantages[j], oldLogProbs: r.logProbs[j] }));
  });
  policy.rlStep(batch, RELEASED, BENCH_ADAM);
}

function leakPerStep(steps: number): number {
  const policy = referencePolicy({ d_model: 32, heads: 2 });
  try {
    const rng = new Rng(3);
    const prompts = randomPrompts(2, 8, rng);
    const sft = prompts.map((prompt) => ({ prompt, target: [5, 6, 7] }));
    let atStep2 = 0;
    for (let step = 1; step <= steps; step++) {
      policy.sftStep(sft, 'prompt', BENCH_ADAM);
      const r = policy.sample(prompts, { n: 2, temperature: 1, topP: 0.95, maxNewTokens: 6 }, rng);
      policy.rlStep(r.flatMap((x, i) => x.tokenIds.map((c, j) => ({ prompt: prompts[i], completion: c, advantage: j ? 1 : -1, oldLogProbs: x.logProbs[j] }))), RELEASED, BENCH_ADAM);
      if (step === 2) atStep2 = tf.memory().numTensors;
    }
    return (tf.memory().numTensors - atStep2) / (steps - 2);
  } finally {
    policy.dispose();
  }
}

function round(x: number): number {
  return Math.round(x * 100) / 100;
}
