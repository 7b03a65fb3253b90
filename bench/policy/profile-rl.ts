/**
 * Where the RL stage spends its time, per policy call: the bench's RL stage (rl-bench.ts, TRL's
 * shape) with `sample`, `sampleBatches`, `logProbs` and `rlStep` of the policy timed, per backend, one after the
 * other in one process. Run: `npx tsx bench/policy/profile-rl.ts [tensorflow,wasm] [steps]`.
 */
import { builtinPlugins } from '../../plugins';
import { PluginRegistry } from '../../core/registry/registry';
import { TinyVlm } from '../../plugins/policy/tiny-vlm';
import type { BackendName } from '../../core/contracts/backend';
import { runRlBench } from '../rl-bench';

type Timed = 'sample' | 'sampleBatches' | 'logProbs' | 'rlStep';

async function main(): Promise<void> {
  const [backends = 'tensorflow,wasm', stepsArg = '3'] = process.argv.slice(2);
  const totals = new Map<Timed, { n: number; ms: number }>();
  const proto = TinyVlm.prototype as unknown as Record<Timed, (...a: unknown[]) => unknown>;
  for (const name of ['sample', 'sampleBatches', 'logProbs', 'rlStep'] as const) {
    const original = proto[name];
    proto[name] = function (this: unknown, ...args: unknown[]) {
      const t0 = performance.now();
      try {
        return original.apply(this, args);
      } finally {
        const e = totals.get(name) ?? { n: 0, ms: 0 };
        e.n++;
        e.ms += performance.now() - t0;
        totals.set(name, e);
      }
    };
  }
  const registry = new PluginRegistry(builtinPlugins);
  for (const backend of backends.split(',') as BackendName[]) {
    await runRlBench(registry, backend, 1); // warm-up (its own warm-up run included)
    totals.clear();
    const steps = Number(stepsArg);
    const r = await runRlBench(registry, backend, steps);
    const calls = (steps + 1) * 1; // runRlBench times a 1-step run, then the steps
    const parts = [...totals].map(([k, e]) => `${k} ${(e.ms / calls).toFixed(0)} ms/step (${(e.n / calls).toFixed(1)} calls)`);
    console.log(`${backend}: rl_step_ms ${r.rl_step_ms}; ${parts.join(', ')}`);
  }
}

void main();
