import { z } from 'zod';
import { defineReward } from '../../core/contracts/reward';
import { accuracyFor } from '../shared/scoring/accuracy';

/**
 * Accuracy reward, exact to Video-R1 grpo.py `accuracy_reward` (docs/released-code.md §2.1-2.2).
 * Extract the first `<answer>…</answer>` of the completion and of `solution`, then by problem type:
 * multiple choice = exact string; numerical = same '.'/',' presence, commas dropped, Python float(),
 * equal after Python round(·, 2); OCR = 1 − WER; free-form = mean ROUGE-1/2/L F (rouge_score,
 * stemmed); regression = 1 − clamp((|Δ| + 1e-9) / (|gt| + 1e-9)). Unknown type or failure: 0.
 * Range [0, 1]. Example (OCR): solution '<answer>the quick brown fox</answer>', completion
 * '<answer>the quick brown dog</answer>': WER 1/4, reward 0.75.
 */
export default defineReward({
  name: 'accuracy',
  description: 'Score the extracted answer against the solution by problem type',
  options: z.object({}),
  range: [0, 1],
  reference: 'Video-R1 src/r1-v/src/open_r1/grpo.py accuracy_reward (lines 66-166)',
  score: (g) => g.completions.map((c) => accuracyFor(g.sample.problem_type, c.text, g.sample.solution)),
});
