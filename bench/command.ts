import type { Argv } from 'yargs';
import { BACKEND_NAMES, type BackendName } from '../core/contracts/backend';
import { defineCommand } from '../core/cli/command';
import { printTable } from '../core/cli/print';
import { compareBackends } from './compare-backends';
import { runDataBench } from './data-bench';
import { runGridBench } from './grid-bench';
import { runPolicyBench } from './policy-bench';

interface Args {
  json?: boolean;
  quick?: boolean;
  only?: string;
  backend?: BackendName | 'auto';
  'compare-backends'?: boolean;
}

type Value = number | string;

/**
 * `videor1 bench` / `npm run bench`: speed and memory targets as ratios measured side by side in
 * one run (never timed tests). Targets: train_step_speedup_vs_stock ≥ 5, kv_speedup ≥ 5,
 * tensors_leaked_per_step = 0, data_gen_samples_per_s ≥ 2000; with --compare-backends,
 * native_train_speedup_vs_wasm ≥ 2 and native_rl_speedup_vs_wasm ≥ 2.
 */
export default defineCommand<Args>({
  command: 'bench',
  describe: 'Benchmark kernels, training, decoding and RL speed, memory leaks and data generation',
  builder: (y: Argv) =>
    y
      .option('json', { type: 'boolean', default: false, describe: 'print one JSON object' })
      .option('quick', { type: 'boolean', default: false, describe: 'fewer repetitions (smoke test)' })
      .option('only', { type: 'string', choices: ['policy', 'data', 'grid'], describe: 'run one part' })
      .option('backend', { type: 'string', choices: ['auto', ...BACKEND_NAMES], default: 'auto', describe: 'the tfjs backend to measure' })
      .option('compare-backends', {
        type: 'boolean',
        default: false,
        describe: 'measure tensorflow and wasm (where each starts) in one run, with their ratios',
      }),
  async handler(args, ctx) {
    const result: Record<string, Value | Record<string, Value>> = {};
    if (args.only !== 'data' && args.only !== 'grid') {
      if (args['compare-backends'])
        Object.assign(result, await compareBackends({ quick: args.quick, registry: ctx.registry, say: args.json ? () => undefined : ctx.err }));
      else Object.assign(result, await runPolicyBench({ quick: args.quick, backend: args.backend, registry: ctx.registry }));
    }
    if (args.only !== 'policy' && args.only !== 'grid') Object.assign(result, await runDataBench());
    if (args.only === 'grid' || (!args.only && !args.quick)) Object.assign(result, await runGridBench(ctx.registry)); // smoke grids and a paper probe (minutes)
    if (args.json) ctx.out(JSON.stringify(result));
    else ctx.out(printTable(flatRows(result), ['metric', 'value']));
    return 0;
  },
});

/** Table rows; a nested object (one backend's keys) becomes `backend.key` rows. */
function flatRows(result: Record<string, Value | Record<string, Value>>, prefix = ''): string[][] {
  return Object.entries(result).flatMap(([k, v]) =>
    typeof v === 'object' ? flatRows(v, `${prefix}${k}.`) : [[`${prefix}${k}`, typeof v === 'number' ? String(Number(v.toPrecision(4))) : v]],
  );
}
