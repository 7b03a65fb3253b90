/**
 * Which groups an RL step trains on (`rl.zero_std`). A group whose G completions all earn the
 * same total carries no gradient under any group-centred estimator (Eq. 3: R_i − mean = 0); with
 * an accuracy filter (EasyR1 / OneThinker `online_filtering`), a group whose mean accuracy lies
 * outside (low, high) is treated the same way. `keep` trains on every group (TRL's default),
 * `drop` removes the uninformative ones, `resample` replaces them by fresh prompts, round after
 * round, until the step has `prompts_per_step` informative groups or `resample_rounds` rounds
 * were drawn (DAPO's dynamic sampling, bounded).
 */
import type { Group } from '../contracts/group';
import { UserError } from '../errors';
import { mean, sampleStd } from '../stats';

export interface ScreenOptions {
  mode: 'keep' | 'drop' | 'resample';
  /** resample: at most this many rounds of prompts per step (the first included). */
  rounds: number;
  /** Keep only groups whose mean `key` component lies strictly inside (low, high). */
  accuracy?: { key: string; low: number; high: number };
}

/** Std below this counts as zero (totals are sums of floats). */
const ZERO_STD = 1e-12;

/** Whether a group can teach: its totals vary and, with a filter, its mean accuracy is inside the window. */
export function informative(g: Pick<Group, 'rewards' | 'components'>, o: ScreenOptions): boolean {
  if (!(sampleStd(g.rewards) > ZERO_STD)) return false;
  if (!o.accuracy) return true;
  const m = mean(g.components[o.accuracy.key]);
  return m > o.accuracy.low && m < o.accuracy.high;
}

/** Which of a round's groups the step keeps. */
export function keptOf(groups: readonly Pick<Group, 'rewards' | 'components'>[], o: ScreenOptions): boolean[] {
  return groups.map((g) => o.mode === 'keep' || informative(g, o));
}

/** Prompts to draw in the next round, or 0 when the step has what it needs. */
export function nextRoundSize(o: ScreenOptions, promptsPerStep: number, kept: number, roundsDone: number): number {
  if (roundsDone === 0) return promptsPerStep;
  if (o.mode !== 'resample' || kept >= promptsPerStep || roundsDone >= o.rounds) return 0;
  return promptsPerStep - kept;
}

/**
 * The screen's metrics: `frac_reward_zero_std` over every group drawn (before filtering, TRL's
 * name), the informative share, groups kept, rounds drawn, and `zero_std/short` = 1 when
 * resampling stopped at its bound with fewer than `prompts_per_step` groups.
 */
export function screenMetrics(
  screened: readonly Pick<Group, 'rewards' | 'components'>[],
  kept: number,
  rounds: number,
  promptsPerStep: number,
  o: ScreenOptions,
): Record<string, number> {
  const zero = screened.filter((g) => !(sampleStd(g.rewards) > ZERO_STD)).length;
  const useful = screened.filter((g) => informative(g, o)).length;
  return {
    frac_reward_zero_std: zero / screened.length,
    'zero_std/informative_frac': useful / screened.length,
    'zero_std/kept_groups': kept,
    'zero_std/resample_rounds': rounds,
    'zero_std/short': o.mode === 'resample' && kept < promptsPerStep ? 1 : 0,
  };
}

/** Refuse a screen that cannot work, before any stage runs: a filter needs drop/resample and a configured reward. */
export function checkScreen(
  rl: { zero_std: ScreenOptions['mode']; accuracy_filter?: ScreenOptions['accuracy'] },
  rewardNames: readonly string[],
  file?: string,
): void {
  const f = rl.accuracy_filter;
  if (!f) return;
  if (rl.zero_std === 'keep') {
    throw new UserError('rl.accuracy_filter has no effect with rl.zero_std keep', {
      file,
      where: 'rl.zero_std',
      expected: "'drop' or 'resample' (what to do with groups outside the filter)",
      found: "'keep'",
    });
  }
  if (!rewardNames.includes(f.key)) {
    throw new UserError(`rl.accuracy_filter reads the reward component '${f.key}', which no reward produces`, {
      file,
      where: 'rl.accuracy_filter.key',
      expected: 'a configured reward name',
      found: rewardNames.join(', '),
    });
  }
  if (!(f.low < f.high))
    throw new UserError('rl.accuracy_filter needs low < high', {
      file,
      where: 'rl.accuracy_filter',
      expected: 'low < high',
      found: `low ${f.low}, high ${f.high}`,
    });
}
