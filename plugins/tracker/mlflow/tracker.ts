/**
 * The MLflow tracker: nothing is lost. Every call is written to the local store first (it wraps
 * the local tracker), then the run is queued for a background push (./pusher.ts). When the server
 * cannot be reached the local store is the spool: pushes pause and are retried every
 * `retryIntervalMs`; `flush` and `endRun` try to catch up for at most `flushTimeoutMs` and leave
 * the rest, recorded in the run's ledger, for `videor1 sync`.
 */
import type { RunStatus, StartRunOptions, Tracker } from '../../../core/contracts/tracker';
import type { LocalTracker } from '../local/tracker';
import { isPermanent, type MlflowPusher } from './pusher';

export interface MlflowTrackerOptions {
  /** Runs go to this experiment instead of the one each run names. */
  experiment?: string;
  /** Longest wait in `flush`/`endRun` for pushes to catch up, ms. */
  flushTimeoutMs: number;
  /** Wait between retries while the server is away, ms. */
  retryIntervalMs: number;
  /** Where warnings go (server away, back, a run that cannot be pushed). */
  warn: (message: string) => void;
}

export class MlflowTracker implements Tracker {
  readonly name = 'mlflow';
  private readonly pending = new Set<string>();
  private readonly blocked = new Set<string>();
  private readonly complete = new Set<string>();
  private worker?: Promise<void>;
  private retryTimer?: NodeJS.Timeout;
  /** The last push found the server away (for the "reachable again" message). */
  private offline = false;
  /** Kicks only queue while true; a retry timer (or a drain) resumes. */
  private paused = false;
  /** What is left of `flushTimeoutMs` for waits while the server is away (reset when it is back). */
  private waitBudgetMs: number;

  constructor(
    private readonly local: LocalTracker,
    private readonly pusher: MlflowPusher,
    private readonly o: MlflowTrackerOptions,
  ) {
    this.waitBudgetMs = o.flushTimeoutMs;
  }

  async startRun(options: StartRunOptions): Promise<string> {
    const id = await this.local.startRun({ ...options, experiment: this.o.experiment ?? options.experiment });
    this.kick(id);
    return id;
  }

  logParams(runId: string, params: Record<string, string>): Promise<void> {
    return this.afterWrite(runId, this.local.logParams(runId, params));
  }

  logMetrics(runId: string, step: number, metrics: Record<string, number>, timestamp?: number): Promise<void> {
    return this.afterWrite(runId, this.local.logMetrics(runId, step, metrics, timestamp));
  }

  setTags(runId: string, tags: Record<string, string>): Promise<void> {
    return this.afterWrite(runId, this.local.setTags(runId, tags));
  }

  logArtifact(runId: string, localPath: string, artifactPath?: string): Promise<void> {
    return this.afterWrite(runId, this.local.logArtifact(runId, localPath, artifactPath));
  }

  /** End locally, then try to get the whole run to MLflow within `flushTimeoutMs`. */
  async endRun(runId: string, status: Exclude<RunStatus, 'RUNNING'>): Promise<void> {
    await this.afterWrite(runId, this.local.endRun(runId, status));
    await this.drain(this.o.flushTimeoutMs);
    if (!this.complete.has(runId)) {
      this.o.warn(
        `mlflow: run ${runId} is not fully in MLflow at ${this.pusher.client.uri} yet; it is kept in ${this.pusher.dir} (run 'videor1 sync ${runId}' to finish)`,
      );
    }
  }

  /** Write everything locally, then try to catch up with MLflow within `flushTimeoutMs`. */
  async flush(): Promise<void> {
    await this.local.flush();
    await this.drain(this.o.flushTimeoutMs);
  }

  /** Whether the last push of a run got everything, end included, to the server. */
  isComplete(runId: string): boolean {
    return this.complete.has(runId);
  }

  /** Queue a push after the local write (its failure still queues: earlier writes may be new). */
  private async afterWrite(runId: string, write: Promise<void>): Promise<void> {
    try {
      await write;
    } finally {
      this.kick(runId);
    }
  }

  private kick(runId: string): void {
    if (this.blocked.has(runId)) return;
    this.pending.add(runId);
    if (!this.paused) void this.startWorker();
  }

  private startWorker(): Promise<void> {
    this.worker ??= this.work().finally(() => {
      this.worker = undefined;
    });
    return this.worker;
  }

  /** Push queued runs one at a time until the queue is empty or the server is away. */
  private async work(): Promise<void> {
    while (this.pending.size > 0) {
      const [runId] = this.pending;
      this.pending.delete(runId);
      try {
        const r = await this.pusher.push(runId);
        if (r.state === 'complete') this.complete.add(runId);
        else this.complete.delete(runId);
        if (this.offline) this.o.warn(`mlflow: ${this.pusher.client.uri} is reachable again; catching up`);
        this.offline = false;
        this.waitBudgetMs = this.o.flushTimeoutMs;
      } catch (e) {
        this.complete.delete(runId);
        if (isPermanent(e)) {
          this.blocked.add(runId);
          this.o.warn(
            `mlflow: run ${runId} cannot be pushed (${(e as Error).message}); it stays in ${this.pusher.dir}; fix the cause, then run 'videor1 sync ${runId}'`,
          );
          continue;
        }
        this.pending.add(runId);
        if (!this.offline)
          this.o.warn(
            `mlflow: cannot reach ${this.pusher.client.uri} (${(e as Error).message}); spooling to ${this.pusher.dir} and retrying every ${this.o.retryIntervalMs / 1000} s`,
          );
        this.offline = true;
        this.paused = true;
        this.scheduleRetry(this.o.retryIntervalMs);
        return;
      }
    }
  }

  private scheduleRetry(ms: number): void {
    clearTimeout(this.retryTimer);
    this.retryTimer = setTimeout(() => {
      this.retryTimer = undefined;
      this.paused = false;
      void this.startWorker();
    }, ms);
    this.retryTimer.unref();
  }

  /**
   * Wait until the queue is empty, retrying an away server about every second, for at most `ms`.
   * While the server stays away all waits together take at most `flushTimeoutMs`, so `endRun`
   * then `flush` (or many runs ending) do not each wait the whole time.
   */
  private async drain(ms: number): Promise<boolean> {
    const start = Date.now();
    const deadline = start + (this.offline ? Math.min(ms, this.waitBudgetMs) : ms);
    try {
      for (;;) {
        if (this.worker) await raceTimeout(this.worker, deadline - Date.now());
        if (this.pending.size === 0 && !this.worker) return true;
        const left = deadline - Date.now();
        if (left <= 0) return false;
        if (this.paused && !this.worker) {
          await sleep(Math.min(1000, this.o.retryIntervalMs, left));
          if (Date.now() >= deadline) return false;
          clearTimeout(this.retryTimer);
          this.paused = false;
        }
        if (!this.worker) void this.startWorker();
      }
    } finally {
      if (this.offline) this.waitBudgetMs = Math.max(0, this.waitBudgetMs - (Date.now() - start));
    }
  }
}

function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, Math.max(0, ms)));
}

async function raceTimeout(p: Promise<unknown>, ms: number): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  await Promise.race([p.catch(() => undefined), new Promise<void>((r) => (timer = setTimeout(r, Math.max(0, ms))))]);
  clearTimeout(timer);
}
