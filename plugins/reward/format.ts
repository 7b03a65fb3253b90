import { z } from 'zod';
import { defineReward } from '../../core/contracts/reward';
import { PY_SPACE_CLASS } from '../shared/scoring/python/text';

/** `re.fullmatch(r"<think>.*?</think>\s*<answer>.*?</answer>", s, re.DOTALL)`, Python `\s` included. */
const THINK_ANSWER = new RegExp(`^<think>[^]*?</think>[${PY_SPACE_CLASS}]*<answer>[^]*?</answer>$`);

/**
 * Format reward, exact to Video-R1 grpo.py `format_reward` (docs/released-code.md §2.3): 1 when the
 * WHOLE completion is `<think>…</think>`, optional whitespace, `<answer>…</answer>`; else 0.
 * Nothing may precede `<think>` or follow the last `</answer>` (not even a newline); the lazy runs
 * backtrack under a full match, so a second answer tag inside still passes. Range {0, 1}.
 * Example: '<think>a</think>\n<answer>b</answer>' → 1; the same plus '\n' → 0.
 */
export default defineReward({
  name: 'format',
  description: 'Reward completions shaped exactly <think>…</think><answer>…</answer>',
  options: z.object({}),
  range: [0, 1],
  reference: 'Video-R1 src/r1-v/src/open_r1/grpo.py format_reward (lines 168-173)',
  score: (g) => g.completions.map((c) => (THINK_ANSWER.test(c.text) ? 1 : 0)),
});
