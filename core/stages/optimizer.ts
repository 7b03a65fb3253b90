import type { OptimizerOptions } from '../contracts/policy';
import type { OptimizerConfig } from '../config/schema';

/** The policy's optimizer settings for a stage whose schedule starts at policy step `startStep`. */
export function optimizerOptions(o: OptimizerConfig, totalSteps: number, startStep: number): OptimizerOptions {
  return {
    startStep,
    lr: o.lr,
    weightDecay: o.weight_decay,
    beta1: o.beta1,
    beta2: o.beta2,
    eps: o.eps,
    maxGradNorm: o.max_grad_norm,
    schedule: o.schedule,
    warmupSteps: o.warmup_steps,
    totalSteps: Math.max(1, totalSteps),
  };
}
