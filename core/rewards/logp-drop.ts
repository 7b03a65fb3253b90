import type { Policy, Prompt } from '../contracts/policy';
import { meanInOrder } from '../stats/in-order';

/** Mean of a completion's per-token log-probs (0 for an empty completion). */
export function meanTokenLogp(logProbs: readonly number[]): number {
  return logProbs.length === 0 ? 0 : meanInOrder(logProbs);
}

/** One completion scored twice: under its prompt's own frames and under transformed frames. */
export interface FramePair {
  ordered: Prompt;
  transformed: Prompt;
  completion: readonly number[];
}

/**
 * Pairs scored per `policy.logProbs` call. A full forward keeps [rows, heads, L, L] attention and
 * [rows·L, V] log-probs alive at once: 200 eval questions of 128-token answers in one call exhausted
 * the wasm heap ("table index is out of bounds"); 32 pairs (64 rows) cover an RL step's video groups.
 */
const PAIRS_PER_CALL = 32;

/**
 * TaRO's temporal-reliance signal: per completion, its mean per-token log-prob
 * under the ordered frames minus under the transformed frames, each chunk of pairs scored in one
 * batched `policy.logProbs` call over both views. A policy whose output ignores the frames gives 0.
 */
export function logpDrops(policy: Pick<Policy, 'logProbs'>, pairs: readonly FramePair[]): number[] {
  const out: number[] = [];
  for (let start = 0; start < pairs.length; start += PAIRS_PER_CALL) {
    const chunk = pairs.slice(start, start + PAIRS_PER_CALL);
    const prompts = [...chunk.map((p) => p.ordered), ...chunk.map((p) => p.transformed)];
    const completions = [...chunk.map((p) => [...p.completion]), ...chunk.map((p) => [...p.completion])];
    const lp = policy.logProbs(prompts, completions);
    chunk.forEach((_, k) => out.push(meanTokenLogp(lp[k]) - meanTokenLogp(lp[chunk.length + k])));
  }
  return out;
}
