/**
 * The non-finite guard of a training stage: a step whose loss or gradient is not finite was
 * skipped by the policy (nothing applied); `max` such steps in a row stop the run, since the
 * same weights and a similar batch will most likely fail again.
 */
export class NonFiniteGuard {
  private total = 0;
  private inARow = 0;

  constructor(private readonly max: number) {}

  /** Count one step; `stop` is true when `max` steps in a row were skipped. */
  record(skipped: boolean): { skippedSteps: number; inARow: number; stop: boolean } {
    this.total += skipped ? 1 : 0;
    this.inARow = skipped ? this.inARow + 1 : 0;
    return { skippedSteps: this.total, inARow: this.inARow, stop: this.inARow >= this.max };
  }
}
