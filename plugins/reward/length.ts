import { z } from 'zod';
import { defineReward } from '../../core/contracts/reward';

/**
 * Length reward (paper Eq. 5; grpo_trainer.py lines 633-654, docs/released-code.md §2.4): when at least
 * `min_correct` completions have accuracy > `threshold` (before any temporal bonus), each of them whose
 * `tokenLength` (tokens incl. EOS) is in [l_min, l_max] gets ω; all else 0. The min_correct gate is released-code
 * only. Range [0, 1]: values are 0 or ω (ω ≤ 1 by schema). Example: accuracy [1, 0.5, 0], lengths [320, 600, 400] → [0.2, 0, 0].
 */
export default defineReward({
  name: 'length',
  description: 'Give ω to correct completions of moderate token length when enough are correct',
  options: z
    .object({
      omega: z.number().min(0).max(1).default(0.2).describe('ω: bonus per qualifying completion (Eq. 5)'),
      l_min: z.number().int().min(0).default(320).describe('shortest rewarded length, tokens incl. EOS (closed)'),
      l_max: z.number().int().min(0).default(512).describe('longest rewarded length, tokens incl. EOS (closed)'),
      min_correct: z.number().int().min(0).default(2).describe('least correct completions for any bonus (code only)'),
      threshold: z.number().default(0.1).describe('"correct" means accuracy > threshold'),
    })
    .refine((o) => o.l_min <= o.l_max, { message: 'l_min must not exceed l_max', path: ['l_min'] }),
  range: [0, 1],
  needs: ['accuracy'],
  reads: ['tokenLength'],
  reference: 'Video-R1 src/r1-v/src/open_r1/trainer/grpo_trainer.py lines 633-654 (--len_control)',
  score: (g, o) => {
    const correct = g.completions.map((_, i) => (g.components.accuracy?.[i] ?? 0) > o.threshold);
    const enough = correct.filter(Boolean).length >= o.min_correct;
    return g.completions.map((c, i) => (enough && correct[i] && c.tokenLength >= o.l_min && c.tokenLength <= o.l_max ? o.omega : 0));
  },
});
