import * as tf from '@tensorflow/tfjs';
import type { BackendName } from '../core/contracts/backend';
import type { RlObjectiveOptions } from '../core/contracts/policy';
import type { PluginRegistry } from '../core/registry/registry';
import { Rng } from '../core/rng';
import { matmulGflops } from '../plugins/backend/measure';
import { selectBackend, setWasmKernelOverrides } from '../plugins/backend/select';
import { BENCH_ADAM, REFERENCE, medianMs, randomPrompts, referencePolicy, referenceSftBatch } from './policy/fixtures';
import { runRlBench } from './rl-bench';

export interface PolicyBenchOptions {
  /** Fewer repetitions and a smaller matmul: a smoke test, not a measurement. */
  quick?: boolean;
  /** Backend to select (default `auto`: tensorflow, then wasm, then cpu). */
  backend?: BackendName | 'auto';
  /** The plugins the RL stage is built from (rl_step_ms runs the real stage through the composition root). */
  registry: PluginRegistry;
  /** Time the RL stage here (default true; compare-backends times it in alternating rounds instead). */
  rl?: boolean;
}

const RELEASED: RlObjectiveOptions = {
  clipEpsLow: 0.2,
  clipEpsHigh: 0.2,
  clip: false,
  beta: 0.04,
  klEstimator: 'k3',
  lossAgg: 'seq-mean-token-mean',
  normLength: 32,
};

/**
 * Speed and hygiene of the tiny-vlm policy. Keys:
 * - `backend`, `matmul_gflops` (1024³, 256³ when quick); on tensorflow also `libtensorflow` and `device`;
 * - `train_step_ms`: one SFT step at the reference shape (docs/tfjs.md §3), median;
 * - `train_step_speedup_vs_stock`: the same step with videor1's wasm kernels switched off, ÷ the above;
 * - `decode_tokens_per_s`, `kv_speedup`: 64 new tokens for 48 rows, KV cache vs recomputing the prefix;
 * - `rl_step_ms`, `rl_completions_per_s`: the RL stage itself at TRL's shape (rl-bench.ts);
 * - `tensors_leaked_per_step`: growth of `tf.memory().numTensors` from step 2 to step 20 (SFT + RL), per step.
 * Benchmarks, never timed tests: absolute numbers vary ±10–30% on a shared machine.
 */
export async function runPolicyBench(opts: PolicyBenchOptions): Promise<Record<string, number | string>> {
  const quick = opts.quick ?? false;
  const backend = await selectBackend(opts.backend ?? 'auto');
  const out: Record<string, number | string> = { backend: backend.name };
  if (backend.name === 'tensorflow') Object.assign(out, { libtensorflow: backend.detail.libtensorflow, device: backend.detail.device });
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
  } finally {
    policy.dispose();
  }

  // --- the RL stage (it selects the same backend again through the composition root) ---
  if (opts.rl !== false) Object.assign(out, await runRlBench(opts.registry, backend.name, quick ? 1 : 3));

  // --- tensor hygiene over 20 steps (small model: leaks do not depend on size) ---
  out.tensors_leaked_per_step = leakPerStep(quick ? 8 : 20);
  return out;
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
      policy.rlStep(
        r.flatMap((x, i) => x.tokenIds.map((c, j) => ({ prompt: prompts[i], completion: c, advantage: j ? 1 : -1, oldLogProbs: x.logProbs[j] }))),
        RELEASED,
        BENCH_ADAM,
      );
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
