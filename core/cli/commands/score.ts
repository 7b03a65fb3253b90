import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Argv } from 'yargs';
import { z } from 'zod';
import { layer, overrideLayer } from '../../config/layers';
import { loadProjectConfig, resolveConfig, validateLayered } from '../../config/load';
import { resolvePlugins } from '../../config/plugins';
import { FRAME_TRANSFORMS, PROBLEM_TYPES } from '../../contracts/sample';
import { RunError, UserError } from '../../errors';
import type { Estimator } from '../../rewards/estimator';
import type { RewardSet } from '../../rewards/reward-set';
import { scoreBatch } from '../../rewards/scorer';
import { createRoot, createScoringContainer } from '../../root';
import { ESTIMATOR, REWARDS } from '../../tokens';
import { defineCommand } from '../command';
import { formatZodIssues } from '../../config/zod-errors';

interface Args {
  groups: string;
  config?: string;
  set?: string[];
}

/** One input line of `videor1 score`: a rollout group to score offline (a sample's fields and its completions). */
const GroupLine = z.strictObject({
  problem_type: z.enum(PROBLEM_TYPES),
  data_type: z.enum(['image', 'video']),
  solution: z.string(),
  completions: z.array(z.string()).min(1),
  completion_tokens: z.array(z.number().int().min(0)).optional(),
  contrast_completions: z.array(z.string()).optional(),
  /** Per frame transform, each completion's log-prob drop (rewards with `frameScores`, e.g. temporal-logp). */
  logp_drop: z.partialRecord(z.enum(FRAME_TRANSFORMS), z.array(z.number())).optional(),
  problem: z.string().optional(),
  options: z.array(z.string()).optional(),
  problem_id: z.union([z.number(), z.string()]).optional(),
});

/** `videor1 score <groups.jsonl>`: score rollout groups offline with a config's rewards and estimator. */
export default defineCommand<Args>({
  command: 'score <groups>',
  describe: 'Score rollout groups (JSON lines) offline: reward components, totals and advantages',
  builder: (y: Argv) =>
    y
      .positional('groups', { type: 'string', describe: 'JSON lines: problem_type, data_type, solution, completions, ...' })
      .option('config', { type: 'string', describe: 'experiment whose rewards and advantage estimator to use' })
      .option('set', { type: 'string', array: true, describe: 'override: key.path=value (repeatable)' }),
  async handler(args, ctx) {
    const base = args.config
      ? await resolveConfig(args.config, args.set ?? [], ctx.cwd)
      : validateLayered(
          overrideLayer(layer({}, { file: '<defaults>' }), args.set ?? [], (set) => ({ file: `--set ${set}` })),
          path.join(ctx.cwd, '<defaults>'),
          await loadProjectConfig(ctx.cwd),
        );
    const cfg = await resolvePlugins(base, ctx.registry, ['reward', 'advantage']);
    const scoring = await createScoringContainer(createRoot(ctx.registry), cfg);
    const rewards = scoring.resolve(REWARDS);
    const estimator = scoring.resolve(ESTIMATOR);
    const file = path.resolve(ctx.cwd, args.groups);
    if (!fs.existsSync(file)) throw new UserError('groups file not found', { file, expected: 'a JSON lines file' });
    const lines = fs.readFileSync(file, 'utf8').split('\n');
    let bad = 0;
    let broken = 0;
    lines.forEach((line, i) => {
      if (line.trim() === '') return;
      try {
        // `line` is the input line this output answers, so outputs stay paired after a skipped line
        ctx.out(JSON.stringify({ line: i + 1, ...scoreLine(line, rewards, estimator) }));
      } catch (e) {
        // a reward or estimator that breaks its contract is a plugin bug (exit 1), not bad input
        if (e instanceof RunError) broken++;
        else bad++;
        ctx.err(`videor1: ${file}: line ${i + 1}: ${(e as Error).message}`);
      }
    });
    return broken > 0 ? 1 : bad > 0 ? 2 : 0;
  },
});

function scoreLine(line: string, rewards: RewardSet, estimator: Estimator): { rewards: unknown; advantages: unknown } {
  let raw: unknown;
  try {
    raw = JSON.parse(line);
  } catch (e) {
    throw new Error(`not valid JSON (${(e as Error).message})`, { cause: e });
  }
  const parsed = GroupLine.safeParse(raw);
  if (!parsed.success) throw new Error(formatZodIssues(parsed.error, '', raw));
  const g = parsed.data;
  if (g.completion_tokens && g.completion_tokens.length !== g.completions.length) {
    throw new Error(`completion_tokens: expected ${g.completions.length} lengths (one per completion), found ${g.completion_tokens.length}`);
  }
  const missing = rewards.reads.includes('tokenLength') && !g.completion_tokens;
  if (missing) throw new Error(`completion_tokens: required by reward '${rewards.readers.tokenLength.join("', '")}', found nothing`);
  const toCompletion = (text: string, i: number) => ({ text, tokenLength: g.completion_tokens?.[i] ?? 0 });
  const sample = {
    problem_type: g.problem_type,
    data_type: g.data_type,
    solution: g.solution,
    problem: g.problem,
    options: g.options,
    problem_id: g.problem_id,
  };
  for (const t of rewards.frameTransforms) {
    if (g.logp_drop?.[t]?.length !== g.completions.length)
      throw new Error(
        `logp_drop.${t}: expected ${g.completions.length} values (one per completion, read by a frameScores reward), found ${g.logp_drop?.[t]?.length ?? 'nothing'}`,
      );
  }
  const result = scoreBatch(rewards, estimator, [
    {
      sample,
      completions: g.completions.map(toCompletion),
      contrast: g.contrast_completions?.map((t) => ({ text: t, tokenLength: 0 })),
      logpDrop: g.logp_drop,
    },
  ]);
  return { rewards: result.rewards[0], advantages: result.advantages[0] };
}
