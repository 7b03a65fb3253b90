import type { Policy, Prompt } from '../contracts/policy';

/** Mean of a completion's per-token log-probs (0 for an empty completion). */
export function meanTokenLogp(logProbs: readonly number[]): number {
  return logProbs.length === 0 ? 0 : logProbs.reduce((a, b) => a + b, 0) / logProbs.length;
}

/** One completion scored twice: under its prompt's own frames and under transformed frames. */
export interface FramePair {
  ordered: Prompt;
  transformed: Prompt;
  completion: readonly number[];
}

/**
 * TaRO's temporal-reliance signal: per completion, its mean per-token log-prob
 * under the ordered frames minus under the transformed frames, from one batched
 * `policy.logProbs` call over both views. A policy whose output ignores the frames gives 0.
 */
export function logpDrops(policy: Pick<Policy, 'logProbs'>, pairs: readonly FramePair[]): number[] {
  if (pairs.length === 0) return [];
  const prompts = [...pairs.map((p) => p.ordered), ...pairs.map((p) => p.transformed)];
  const completions = [...pairs.map((p) => [...p.completion]), ...pairs.map((p) => [...p.completion])];
  const lp = policy.logProbs(prompts, completions);
  return pairs.map((_, k) => meanTokenLogp(lp[k]) - meanTokenLogp(lp[pairs.length + k]));
}
