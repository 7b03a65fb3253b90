import type { OptimizerOptions } from '../../core/contracts/policy';

/**
 * Learning rate at optimizer step `step` (0-based: the first update uses step 0), after the HF
 * `transformers` schedulers (docs/released-code.md §3 "Optimizer and schedule": cosine, warmup 0; §6: SFT uses
 * the default linear schedule). Every schedule ramps linearly from 0 over `warmupSteps` first.
 * - `constant`: lr after warmup;
 * - `cosine`: lr · ½(1 + cos(π · progress)), progress over `totalSteps − warmupSteps`;
 * - `linear-warmup`: lr · (1 − progress), reaching 0 at `totalSteps`.
 */
export function learningRate(o: Pick<OptimizerOptions, 'lr' | 'schedule' | 'warmupSteps' | 'totalSteps'>, step: number): number {
  if (step < o.warmupSteps) return (o.lr * step) / Math.max(1, o.warmupSteps);
  const progress = (step - o.warmupSteps) / Math.max(1, o.totalSteps - o.warmupSteps);
  switch (o.schedule) {
    case 'constant':
      return o.lr;
    case 'cosine':
      return o.lr * Math.max(0, 0.5 * (1 + Math.cos(Math.PI * Math.min(1, progress))));
    case 'linear-warmup':
      return o.lr * Math.max(0, 1 - progress);
  }
}
