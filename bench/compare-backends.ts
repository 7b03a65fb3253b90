import type { BackendName } from '../core/contracts/backend';
import type { PluginRegistry } from '../core/registry/registry';
import { BackendUnavailable } from '../plugins/backend/init';
import { selectBackend } from '../plugins/backend/select';
import { median } from 'simple-statistics';
import { runPolicyBench } from './policy-bench';
import { RL_SHAPE, runRlBench } from './rl-bench';

/** The backends compared: native TensorFlow against wasm (cpu is a reference backend, ~30× slower: `--backend cpu`). */
const COMPARED: readonly BackendName[] = ['tensorflow', 'wasm'];

type Value = number | string;

/**
 * `bench --compare-backends`: the policy bench on every compared backend that starts, in one
 * process, one after the other; `skipped.<name>` says why one did not start. The RL stage, the
 * noisiest figure on a shared machine, is timed in alternating rounds (tensorflow, wasm,
 * tensorflow, …) and each backend's `rl_step_ms` is the median of its rounds. Ratios, where both
 * ran: `native_train_speedup_vs_wasm` = wasm's train_step_ms ÷ tensorflow's, and
 * `native_rl_speedup_vs_wasm` = wasm's rl_step_ms ÷ tensorflow's; `libtensorflow` and `device`
 * describe the native one.
 */
export async function compareBackends(o: {
  quick?: boolean;
  registry: PluginRegistry;
  say: (line: string) => void;
}): Promise<Record<string, Value | Record<string, Value>>> {
  const backends: Record<string, Record<string, Value>> = {};
  const skipped: Record<string, string> = {};
  for (const name of COMPARED) {
    try {
      await selectBackend(name);
    } catch (e) {
      if (!(e instanceof BackendUnavailable)) throw e;
      skipped[name] = e.reason;
      o.say(`bench: ${name} skipped: ${e.reason}`);
      continue;
    }
    o.say(`bench: measuring ${name}`);
    backends[name] = await runPolicyBench({ quick: o.quick, backend: name, registry: o.registry, rl: false });
  }
  const rounds: Record<string, number[]> = {};
  for (let round = 0; round < (o.quick ? 1 : 3); round++) {
    for (const name of Object.keys(backends) as BackendName[]) {
      o.say(`bench: RL stage on ${name}, round ${round + 1}`);
      const r = await runRlBench(o.registry, name, o.quick ? 1 : 2);
      (rounds[name] ??= []).push(r.rl_step_ms as number);
      backends[name] = { ...backends[name], rl_shape: r.rl_shape };
    }
  }
  for (const [name, ms] of Object.entries(rounds)) {
    const stepMs = median(ms);
    backends[name] = {
      ...backends[name],
      rl_step_ms: Math.round(stepMs),
      rl_step_ms_rounds: ms.join(' '),
      rl_completions_per_s: Math.round(((RL_SHAPE.prompts * RL_SHAPE.completions) / (stepMs / 1000)) * 10) / 10,
    };
  }
  const out: Record<string, Value | Record<string, Value>> = { backends: backends as unknown as Record<string, Value> };
  if (Object.keys(skipped).length > 0) out.skipped = skipped;
  const tf = backends.tensorflow;
  const wasm = backends.wasm;
  if (tf && wasm) {
    out.native_train_speedup_vs_wasm = ratio(wasm.train_step_ms, tf.train_step_ms);
    out.native_rl_speedup_vs_wasm = ratio(wasm.rl_step_ms, tf.rl_step_ms);
    out.native_decode_speedup_vs_wasm = ratio(tf.decode_tokens_per_s, wasm.decode_tokens_per_s);
  }
  if (tf) Object.assign(out, { libtensorflow: tf.libtensorflow, device: tf.device, rl_completions_per_s: tf.rl_completions_per_s });
  return out;
}

function ratio(a: Value | undefined, b: Value | undefined): number {
  return typeof a === 'number' && typeof b === 'number' && b > 0 ? Math.round((a / b) * 100) / 100 : NaN;
}
