import type { Argv } from 'yargs';
import type { Split } from '../../../core/contracts/data';
import { UserError } from '../../../core/errors';
import { defineCommand } from '../../../core/cli/command';
import { generate, type GenerateArgs } from './generate';
import { inspect } from './inspect';

const ACTIONS = ['generate', 'inspect'] as const;
const SPLITS: readonly Split[] = ['rl', 'sft', 'eval'];

interface Args extends GenerateArgs {
  action: (typeof ACTIONS)[number];
  render?: string;
  out?: string;
  root?: string;
}

/**
 * `videor1 data generate <out> --n N --seed S [--split rl|sft|eval] [--frames 16 --size 32]`:
 * write a synthetic split in Video-R1's format (JSON + PNG + lossless .mkv).
 * `videor1 data inspect <file.json> [--render <problem_id> --out frames.png] [--json]`: counts by
 * problem type, modality and category; draw one sample's frames as a contact sheet.
 */
export default defineCommand<Args>({
  command: 'data <action> <target>',
  describe: 'Generate a synthetic data set in Video-R1 format, or inspect a Video-R1 JSON file',
  builder: (y: Argv) =>
    y
      .positional('action', { choices: ACTIONS, describe: 'generate: write a synthetic split; inspect: count and render a JSON file' })
      .positional('target', { type: 'string', describe: 'generate: output folder; inspect: a Video-R1 JSON file' })
      .option('n', { type: 'number', describe: 'generate: samples (rl), teacher candidates (sft) or samples per benchmark suite (eval)' })
      .option('seed', { type: 'number', default: 0, describe: 'generate: seed of the synthetic source' })
      .option('split', { choices: SPLITS, default: 'rl' as const, describe: 'generate: split to write (<out>/<split>.json)' })
      .option('frames', { type: 'number', default: 16, describe: 'frames per video (generate: even; inspect --render: at most)' })
      .option('size', { type: 'number', default: 32, describe: 'frame height and width in pixels' })
      .option('render', { type: 'string', describe: "inspect: draw this problem_id's frames as a contact sheet PNG" })
      .option('out', { type: 'string', describe: 'inspect --render: the PNG to write (default frames-<problem_id>.png)' })
      .option('root', { type: 'string', describe: "inspect --render: media root (default: the JSON file's folder)" })
      .option('json', { type: 'boolean', default: false, describe: 'print JSON' }),
  async handler(args, ctx) {
    // yargs reports bad choices but still calls the handler, so check again here
    if (!ACTIONS.includes(args.action))
      throw new UserError('unknown data action', { where: 'action', expected: ACTIONS.join(' or '), found: JSON.stringify(args.action) });
    if (!SPLITS.includes(args.split))
      throw new UserError('unknown split', { where: '--split', expected: SPLITS.join(', '), found: JSON.stringify(args.split) });
    return args.action === 'generate' ? generate(args, ctx) : inspect(args, ctx);
  },
});
