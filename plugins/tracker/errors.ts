import { UserError } from '../../core/errors';

/** One value the tracker refused to store, and why. */
export interface RejectedEntry {
  key: string;
  value: string;
  reason: string;
  /** For a param logged again with another value: the value that stays. */
  kept?: string;
}

/**
 * Some params or tags of one call were refused (a param re-logged with another value, or a value
 * over MLflow's length limit). Everything else in the call was stored, the refusal is recorded on
 * the run as a `videor1.rejected.<kind>.<key>` tag, and the run goes on: catch this error to keep
 * training, or let it end the run as bad input (exit 2).
 *
 * Params are write-once in MLflow (docs/mlflow.md §1.5); a value that changes during a run belongs in a
 * tag or a metric, and each grid point needs its own run.
 */
export class TrackerRejectedError extends UserError {
  constructor(
    readonly runId: string,
    readonly kind: 'param' | 'tag',
    readonly rejected: readonly RejectedEntry[],
  ) {
    super(
      `run ${runId}: ${rejected.length} ${kind}${rejected.length === 1 ? '' : 's'} not stored: ` + rejected.map((r) => `'${r.key}' ${r.reason}`).join('; '),
      { expected: kind === 'param' ? 'each param logged once per run (write-once; changing values go in tags or metrics)' : undefined },
    );
    this.name = 'TrackerRejectedError';
  }
}

/** Short quoted form of a value for messages. */
export function quote(v: string): string {
  return JSON.stringify(v.length > 80 ? `${v.slice(0, 77)}...` : v);
}

/**
 * A tracking server that could not be read, or answered with something other than what its API
 * promises: bad input (exit 2, no stack), naming the URL asked and what was expected there.
 */
export class TrackerServerError extends UserError {
  constructor(
    readonly url: string,
    message: string,
    details: { expected?: string; found?: string } = {},
  ) {
    super(`${url}: ${message}`, details);
    this.name = 'TrackerServerError';
  }
}
