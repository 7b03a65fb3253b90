/**
 * The answer-prior baseline of an evaluation: what a benchmark's answers would score if they
 * ignored their questions. Each answer is scored, by the eval reward, against the solution of
 * every question of its kind (same category, problem type and number of options) and those scores
 * are averaged: its expected score when answers and questions of a kind are paired at random.
 * Aggregated as the benchmark's acc is (`aggregateBench`), this is `acc_prior`; acc − acc_prior,
 * `acc_above_prior`, is the part of the accuracy that depends on the question. A policy that
 * answers "above" to every spatial question scores the share of "above" among the truths: its acc
 * equals its acc_prior. An RL stage that only moves answer priors moves acc and acc_prior together
 * and leaves acc_above_prior where it was (README, "What RL moves").
 */
import type { Completion } from '../contracts/group';
import type { Sample } from '../contracts/sample';
import type { ConfiguredReward } from '../rewards/pipeline';

/** Questions share a kind when their answers are interchangeable: same category, problem type and option count. */
export function answerKind(s: Pick<Sample, 'category' | 'problem_type' | 'options'>): string {
  return `${s.category}|${s.problem_type}|${s.options.length}`;
}

/**
 * Per question, the mean eval score of its answer against the solutions of all questions of its
 * kind (itself included). The answers of a kind are scored as one group per solution, so the eval
 * reward must score each completion on its own, as eval rewards do (`eval-bench`). Deterministic:
 * kinds and members are visited in sample order.
 * Example: two "when" questions with truths A and B, both answered A: scores 0.5 and 0.5.
 */
export function priorScores(samples: readonly Sample[], completions: readonly Completion[], reward: ConfiguredReward): number[] {
  const kinds = new Map<string, number[]>();
  samples.forEach((s, i) => {
    const k = answerKind(s);
    const members = kinds.get(k) ?? [];
    members.push(i);
    kinds.set(k, members);
  });
  const prior = samples.map(() => 0);
  for (const members of kinds.values()) {
    const answers = members.map((i) => completions[i]);
    for (const j of members) {
      const scores = reward.plugin.score({ sample: samples[j], completions: answers, components: {}, rewards: [] }, reward.options);
      members.forEach((i, m) => (prior[i] += scores[m] / members.length));
    }
  }
  return prior;
}
