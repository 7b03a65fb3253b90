/**
 * Every run ends with a status (docs/mlflow.md §4, "Lifecycle"): FINISHED when the work returns,
 * FAILED when it throws, KILLED on SIGINT/SIGTERM. Otherwise MLflow shows it RUNNING forever.
 */
import type { RunStatus, StartRunOptions, Tracker } from '../contracts/tracker';

/** The process hooks `withTrackedRun` uses (injectable for tests). */
export interface ProcessHooks {
  on(signal: 'SIGINT' | 'SIGTERM', listener: () => void): unknown;
  off(signal: 'SIGINT' | 'SIGTERM', listener: () => void): unknown;
  exit(code: number): void;
}

const EXIT_CODE = { SIGINT: 130, SIGTERM: 143 } as const;
/** Longest error message kept in the `videor1.error` tag. */
const MAX_ERROR_TAG = 5000;

/**
 * Start a run, call `fn(runId)`, end the run and flush the tracker:
 * - `fn` resolves → FINISHED, its value is returned;
 * - `fn` throws → the message goes to the tag `videor1.error`, FAILED, the error is rethrown;
 * - SIGINT/SIGTERM while it runs → KILLED, flush, then exit 130/143 (a second signal exits at once);
 *   one that comes while the run is being started ends it KILLED as soon as it exists.
 */
export async function withTrackedRun<T>(tracker: Tracker, start: StartRunOptions, fn: (runId: string) => Promise<T>, proc: ProcessHooks = process): Promise<T> {
  let runId: string | undefined;
  let ending = false;
  /** A signal that came while the run was being started (its files half written): handled once it exists. */
  let early: 'SIGINT' | 'SIGTERM' | undefined;
  const end = async (status: Exclude<RunStatus, 'RUNNING'>) => {
    ending = true;
    await tracker.endRun(runId!, status);
    await tracker.flush();
  };
  // the handlers go in before the run starts: a tracker writes RUNNING before startRun returns, and a
  // signal in between would otherwise take the default action and leave the run RUNNING for ever
  const handlers = (['SIGINT', 'SIGTERM'] as const).map((signal) => {
    const listener = () => {
      if (ending || early) return proc.exit(EXIT_CODE[signal]);
      if (runId === undefined) return void (early = signal);
      void end('KILLED').finally(() => proc.exit(EXIT_CODE[signal]));
    };
    proc.on(signal, listener);
    return [signal, listener] as const;
  });
  const removeHandlers = () => {
    for (const [signal, listener] of handlers) proc.off(signal, listener);
  };
  try {
    runId = await tracker.startRun(start);
  } catch (e) {
    removeHandlers();
    throw e;
  }
  if (early) {
    const signal = early;
    await end('KILLED').finally(() => proc.exit(EXIT_CODE[signal]));
  }
  try {
    let value: T;
    try {
      value = await fn(runId);
    } catch (e) {
      if (!ending) {
        const message = e instanceof Error ? e.message : String(e);
        await tracker.setTags(runId, { 'videor1.error': message.slice(0, MAX_ERROR_TAG) }).catch(() => undefined);
        await end('FAILED');
      }
      throw e;
    }
    if (!ending) await end('FINISHED');
    return value;
  } finally {
    removeHandlers();
  }
}
