import { defineReward, z } from '../../core/public';

/**
 * brevity: reward short reasoning. 1 − min(1, words inside <think>…</think> / max_words); a
 * completion without a think block scores 0. Range [0, 1].
 * Example: max_words 10, "<think>a b c d</think><answer>B</answer>" has 4 words → 0.6.
 */
export default defineReward({
  name: 'brevity',
  description: 'Reward reasoning that uses few words',
  range: [0, 1],
  options: z.object({ max_words: z.number().int().positive().default(10) }),
  score: (group, o) =>
    group.completions.map((c) => {
      const think = /<think>([\s\S]*?)<\/think>/.exec(c.text);
      return think ? 1 - Math.min(1, think[1].split(/\s+/).filter(Boolean).length / o.max_words) : 0;
    }),
});
