import type { Tracker } from '../contracts/tracker';

/**
 * Where stages send metrics: the run's tracker once the run has started. Timings are kept out of
 * metrics (same seed, same backend: identical metrics) and go to `perf` instead.
 */
export class MetricSink {
  runId?: string;
  /** Every logged step, in order: the run report draws its training curves from it (core/report). */
  readonly history: { step: number; metrics: Record<string, number> }[] = [];

  constructor(private readonly tracker: Tracker) {}

  readonly log = async (step: number, metrics: Record<string, number>): Promise<void> => {
    this.history.push({ step, metrics });
    if (!this.runId) throw new Error('MetricSink.log called before the run started');
    await this.tracker.logMetrics(this.runId, step, metrics);
  };
}
