/**
 * The `local` executor: up to N cells at once, each a `videor1 grid-cell` child process with its
 * output in the cell's log. A cell that fails is FAILED with its error and the others go on;
 * `cancel` (Ctrl-C) sends SIGTERM to every running cell, whose run then ends KILLED, and drops
 * the queued ones as KILLED.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { z } from 'zod';
import type { CellJob, CellUpdate, Executor, ExecutorDeps } from '../../core/contracts/executor';
import { LOG_FILE, logTail, readExitRecord } from '../../core/grid/exit-record';
import { definePlugin } from '../../core/registry/define';

export const LocalExecutorOptions = z.strictObject({
  /** Workers; 0 takes `--parallel` (default 1). */
  workers: z.number().int().min(0).default(0),
});

export class LocalExecutor implements Executor {
  readonly name = 'local';
  private queue: CellJob[] = [];
  private readonly running = new Map<string, ChildProcess>();
  private readonly final = new Map<string, CellUpdate>();
  private jobs: CellJob[] = [];
  private cancelled = false;
  private onUpdate: (u: CellUpdate) => void = () => undefined;
  private done?: () => void;
  private readonly killAll = () => {
    for (const child of this.running.values()) child.kill('SIGKILL');
  };

  constructor(
    private readonly workers: number,
    private readonly deps: ExecutorDeps,
  ) {}

  async submit(jobs: readonly CellJob[]): Promise<void> {
    this.jobs.push(...jobs);
    this.queue.push(...jobs);
  }

  watch(onUpdate: (u: CellUpdate) => void): Promise<CellUpdate[]> {
    this.onUpdate = onUpdate;
    process.on('exit', this.killAll); // a parent that dies takes its cells with it
    return new Promise<void>((resolve) => {
      this.done = resolve;
      this.fill();
    }).then(() => {
      process.off('exit', this.killAll);
      return this.jobs.map((j) => this.final.get(j.id)!);
    });
  }

  async cancel(): Promise<void> {
    this.cancelled = true;
    for (const job of this.queue.splice(0)) this.finish({ id: job.id, state: 'KILLED', error: 'cancelled before it started' });
    const exits = [...this.running.values()].map(
      (child) => new Promise((r) => (child.exitCode !== null || child.signalCode !== null ? r(undefined) : child.once('exit', r))),
    );
    for (const child of this.running.values()) child.kill('SIGTERM');
    await Promise.all(exits);
  }

  private fill(): void {
    while (!this.cancelled && this.running.size < this.workers && this.queue.length > 0) this.start(this.queue.shift()!);
    if (this.running.size === 0 && this.queue.length === 0) this.done?.();
  }

  private start(job: CellJob): void {
    fs.mkdirSync(job.dir, { recursive: true });
    const log = fs.openSync(path.join(job.dir, LOG_FILE), 'w');
    // own process group: a terminal's Ctrl-C reaches the grid, which stops each cell exactly once
    const child = spawn(this.deps.videor1[0], [...this.deps.videor1.slice(1), ...job.argv], {
      cwd: job.cwd,
      stdio: ['ignore', log, log],
      detached: true,
      env: process.env,
    });
    fs.closeSync(log);
    this.running.set(job.id, child);
    this.onUpdate({ id: job.id, state: 'RUNNING' });
    const end = (code: number | null, signal: NodeJS.Signals | null, spawnError?: Error) => {
      if (!this.running.has(job.id)) return;
      this.running.delete(job.id);
      const record = readExitRecord(job.dir);
      if (record && record.config_hash === job.id) this.finish({ id: job.id, state: record.status, record, error: record.error });
      else {
        const how = spawnError ? `could not start: ${spawnError.message}` : signal ? `killed by ${signal}` : `exit code ${code}`;
        this.finish({
          id: job.id,
          state: this.cancelled ? 'KILLED' : 'FAILED',
          error: `${how}, no exit record; log ${path.join(job.dir, LOG_FILE)}: ${logTail(job.dir, 300)}`,
        });
      }
      this.fill();
    };
    child.once('exit', (code, signal) => end(code, signal));
    child.once('error', (e) => end(null, null, e));
  }

  private finish(u: CellUpdate): void {
    this.final.set(u.id, u);
    this.onUpdate(u);
  }
}

const plugin = definePlugin({
  kind: 'executor',
  name: 'local',
  description: 'Run grid cells as N local worker processes (--parallel N)',
  options: LocalExecutorOptions,
  create: (o: z.infer<typeof LocalExecutorOptions>, deps: ExecutorDeps): Executor => new LocalExecutor(Math.max(1, o.workers || deps.parallel), deps),
});
export default plugin;
