import { z } from 'zod';
import { defineReward } from '../../core/contracts/reward';
import { benchScore } from '../shared/scoring/eval-bench';

/**
 * Eval-bench reward, exact to Video-R1 src/eval_bench.py `reward_fn` (docs/released-code.md §5.5
 * steps 5-6); the default `eval.scorer`. Prediction = the first `<answer>…</answer>` content, or the
 * WHOLE raw output when there is none. Multiple choice = exact string (both sides stripped);
 * numerical = the training rule (accuracy reward); regression = MRA, the fraction of
 * θ ∈ {0.50, …, 0.95} with |pred − gt| / (|gt| + 1e-8) < 1 − θ; OCR and free-form = 0.
 * Range [0, 1]. Example (regression): solution '<answer>10</answer>', completion
 * '<think>hmm</think><answer>8.8</answer>': rel ≈ 0.12 passes θ = 0.50 … 0.85, reward 0.8.
 */
export default defineReward({
  name: 'eval-bench',
  description: 'Score one answer as eval_bench.py does: exact choice, numeric match, MRA for regression',
  options: z.object({}),
  range: [0, 1],
  reference: 'Video-R1 src/eval_bench.py reward_fn and mean_relative_accuracy',
  score: (g) => g.completions.map((c) => benchScore(g.sample, c.text)),
});
