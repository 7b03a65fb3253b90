import type { Argv } from 'yargs';
import { defineCommand } from '../core/cli/command';
import { printTable } from '../core/cli/print';
import { runDataBench } from './data-bench';
import { runPolicyBench } from './policy-bench';

interface Args {
  json?: boolean;
  quick?: boolean;
  only?: string;
}

/**
 * `videor1 bench` / `npm run bench`: speed and memory targets as ratios measured side by side in
 * one run (never timed tests). Targets: train_step_speedup_vs_stock ≥ 5, kv_speedup ≥ 5,
 * tensors_leaked_per_step = 0, data_gen_samples_per_s ≥ 2000.
 */
export default defineCommand<Args>({
  command: 'bench',
  describe: 'Benchmark kernels, training and decoding speed, memory leaks and data generation',
  builder: (y: Argv) =>
    y
      .option('json', { type: 'boolean', default: false, describe: 'print one JSON object' })
      .option('quick', { type: 'boolean', default: false, describe: 'fewer repetitions (smoke test)' })
      .option('only', { type: 'string', choices: ['policy', 'data'], describe: 'run one part' }),
  async handler(args, ctx) {
    const result: Record<string, number | string> = {};
    if (args.only !== 'data') Object.assign(result, await runPolicyBench({ quick: args.quick }));
    if (args.only !== 'policy') Object.assign(result, await runDataBench());
    if (args.json) ctx.out(JSON.stringify(result));
    else ctx.out(printTable(Object.entries(result).map(([k, v]) => [k, typeof v === 'number' ? String(Number(v.toPrecision(4))) : v]), ['metric', 'value']));
    return 0;
  },
});
