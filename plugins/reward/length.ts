import { z } from 'zod';
import { defineReward } from '../../core/contracts/reward';

const LengthOptions = z
  .object({
    /** ω, the bonus per qualifying completion (paper Eq. 5, code 0.2); at most 1, so `range` holds. */
    omega: z.number().min(0).max(1).default(0.2),
    /** Shortest rewarded completion, in tokens including EOS (closed bound). */
    l_min: z.number().int().min(0).default(320),
    /** Longest rewarded completion, in tokens including EOS (closed bound). */
    l_max: z.number().int().min(0).default(512),
    /** Released-code gate (not in the paper): at least this many correct completions in the group. */
    min_correct: z.number().int().min(0).default(2),
    /** "Correct" means accuracy > threshold (code 0.1). */
    threshold: z.number().default(0.1),
  })
  .refine((o) => o.l_min <= o.l_max, { message: 'l_min must not exceed l_max', path: ['l_min'] });

/**
 * Length reward (paper Eq. 5; grpo_trainer.py lines 633-654, reference/video-r1.md §2.4): when at
 * least `min_correct` completions have accuracy > `threshold`, each of them whose `tokenLength`
 * is in [l_min, l_max] gets ω; all else 0. Reads accuracy before any temporal bonus.
 * Range [0, 1]: ω ≤ 1 by schema (values are 0 or ω). Example: accuracy [1, 0.5, 0], lengths
 * [320, 600, 400] → [0.2, 0, 0] (two correct; only the first in range; the third is wrong).
 */
export default defineReward({
  name: 'length',
  description: 'Give ω to correct completions of moderate token length when enough are correct',
  options: LengthOptions,
  range: [0, 1],
  needs: ['accuracy'],
  reference: 'Video-R1 src/r1-v/src/open_r1/trainer/grpo_trainer.py lines 633-654 (--len_control)',
  score: (g, o) => {
    const correct = g.completions.map((_, i) => (g.components.accuracy?.[i] ?? 0) > o.threshold);
    const enough = correct.filter(Boolean).length >= o.min_correct;
    return g.completions.map((c, i) =>
      enough && correct[i] && c.tokenLength >= o.l_min && c.tokenLength <= o.l_max ? o.omega : 0);
  },
});
