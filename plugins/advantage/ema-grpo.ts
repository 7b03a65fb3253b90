import { z } from 'zod';
import { defineEstimator } from '../../core/contracts/advantage';
import type { Group } from '../../core/contracts/group';
import { meanInOrder } from '../../core/stats/in-order';
import { ADVANTAGE_METRICS, advantageMetrics, stdOf } from './grpo';

export const EmaGrpoOptions = z.strictObject({
  /** EMA decay of the per-task moments (OneThinker: 0.99). */
  decay: z.number().gt(0).max(1).default(0.99),
  /** Floor on the EMA std (OneThinker: 1e-3). */
  min_std: z.number().min(0).default(1e-3),
  /** Added to the divisor (OneThinker: 1e-6). */
  eps: z.number().min(0).default(1e-6),
  /** A group whose EMA-scaled advantages exceed this in |A| falls back to its own std (OneThinker: 5). */
  guard: z.number().gt(0).default(5),
});
type EmaGrpo = z.infer<typeof EmaGrpoOptions>;

/** Running moments per task: m1 = E[R], m2 = E[R²]. */
const Moments = z.strictObject({ m1: z.number(), m2: z.number() });
export const EmaState = z.record(z.string(), Moments);
export type EmaState = z.infer<typeof EmaState>;

/** OneThinker's task key: the problem type (its segmentation split by modality does not arise here). */
const taskOf = (g: Group): string => g.sample.problem_type;

/**
 * Fold this batch into each task's moments: the first batch of a task initialises them, later
 * ones give m ← d·m + (1 − d)·m_batch, with m_batch the batch's (biased) mean and mean square.
 */
export function updateMoments(state: EmaState, groups: readonly Group[], decay: number): EmaState {
  const next: EmaState = structuredClone(state);
  const byTask = new Map<string, number[]>();
  for (const g of groups) byTask.set(taskOf(g), [...(byTask.get(taskOf(g)) ?? []), ...g.rewards]);
  for (const [task, xs] of byTask) {
    const m1 = xs.reduce((a, x) => a + x, 0) / xs.length;
    const m2 = xs.reduce((a, x) => a + x * x, 0) / xs.length;
    const s = next[task];
    next[task] = s ? { m1: decay * s.m1 + (1 - decay) * m1, m2: decay * s.m2 + (1 - decay) * m2 } : { m1, m2 };
  }
  return next;
}

/** std = sqrt(max(m2 − m1², min_std²)). */
export function emaStd(m: z.infer<typeof Moments>, minStd: number): number {
  return Math.sqrt(Math.max(m.m2 - m.m1 * m.m1, 0, minStd * minStd));
}

/**
 * EMA-GRPO (OneThinker, EasyR1 verl/trainer/core_algos.py `compute_ema_grpo_outcome_advantage`):
 * centre each group on its mean, divide by the task's EMA std + eps (moments updated with this
 * batch first); a group with any |A| > guard is divided by its own population std + eps instead.
 */
export default defineEstimator({
  name: 'ema-grpo',
  description: 'Centre each group, divide by a per-task moving average of the reward std',
  options: EmaGrpoOptions,
  metrics: ['ema/std', 'ema/fallback_rate', ...ADVANTAGE_METRICS],
  reference: 'OneThinker EMA-GRPO (EasyR1 core_algos.py compute_ema_grpo_outcome_advantage)',
  initialState: () => ({}),
  estimate(groups, o: EmaGrpo, state) {
    const next = updateMoments(EmaState.parse(state ?? {}), groups, o.decay);
    let fallbacks = 0;
    const advantages = groups.map((g) => {
      const r = g.rewards;
      const mean = meanInOrder(r);
      const ema = r.map((x) => (x - mean) / (emaStd(next[taskOf(g)], o.min_std) + o.eps));
      if (!ema.some((a) => Math.abs(a) > o.guard)) return ema;
      fallbacks++;
      const sd = stdOf(r, 'population');
      return r.map((x) => (x - mean) / (sd + o.eps));
    });
    const tasks = [...new Set(groups.map(taskOf))];
    const metrics = {
      ...advantageMetrics(advantages),
      'ema/std': tasks.reduce((a, t) => a + emaStd(next[t], o.min_std), 0) / Math.max(1, tasks.length),
      'ema/fallback_rate': groups.length > 0 ? fallbacks / groups.length : 0,
    };
    return { advantages, totals: groups.map((g) => [...g.rewards]), bonuses: {}, metrics, state: next };
  },
});
