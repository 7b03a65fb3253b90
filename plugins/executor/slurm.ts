/**
 * The `slurm` executor: one `sbatch --array` per grid (submitit's job arrays), at most
 * `array_cap` (default `--parallel`) tasks at once. Each task runs one cell's process in the
 * shared output folder. State comes from `squeue`, then `scontrol` and the cell's own exit record
 * once the task has left the queue; a task preempted, timed out or lost with its node is submitted
 * again up to `requeues` times; `cancel` (Ctrl-C) is `scancel`.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { z } from 'zod';
import type { CellJob, CellUpdate, Executor, ExecutorDeps } from '../../core/contracts/executor';
import { TERMINAL_STATES } from '../../core/contracts/executor';
import { clearExitRecord, LOG_FILE, logTail, readExitRecord } from '../../core/grid/exit-record';
import { UserError } from '../../core/errors';
import { definePlugin } from '../../core/registry/define';
import { parseJobState, parseSbatchId, parseSqueue, runCommand } from './slurm/commands';

export const SlurmExecutorOptions = z.strictObject({
  /** `--partition`; empty: the cluster's default. */
  partition: z.string().default(''),
  /** `--time` per cell (Slurm's formats: minutes, `HH:MM:SS`, `D-HH`); empty: the partition's limit. */
  time: z.string().default(''),
  /** Array parallelism cap (`--array=0-N%cap`); 0 takes `--parallel`. */
  array_cap: z.number().int().min(0).default(0),
  /** More sbatch arguments, as given (e.g. `--mem=4G`, `--account=lab`). */
  sbatch_args: z.array(z.string()).default([]),
  /** Times a preempted or timed-out cell is submitted again. */
  requeues: z.number().int().min(0).default(2),
  /** Seconds between squeue polls. */
  poll_s: z.number().positive().default(2),
});
type Options = z.infer<typeof SlurmExecutorOptions>;

/** Slurm end states after which a cell is worth running again (its process was stopped from outside). */
const RETRY_STATES = new Set(['PREEMPTED', 'TIMEOUT', 'NODE_FAIL', 'BOOT_FAIL', 'REQUEUED', 'DEADLINE']);

interface Task {
  job: CellJob;
  index: number;
  slurmJob: string;
  requeues: number;
  state: CellUpdate['state'];
}

export class SlurmExecutor implements Executor {
  readonly name = 'slurm';
  private readonly tasks: Task[] = [];
  private readonly final = new Map<string, CellUpdate>();
  private cancelled = false;
  private script = '';

  constructor(
    private readonly o: Options,
    private readonly deps: ExecutorDeps,
  ) {}

  async submit(jobs: readonly CellJob[]): Promise<void> {
    fs.mkdirSync(this.deps.dir, { recursive: true });
    const list = path.join(this.deps.dir, 'cells.txt');
    for (const job of jobs) {
      fs.mkdirSync(job.dir, { recursive: true });
      const cmd = [...this.deps.videor1, ...job.argv].map(shellQuote).join(' ');
      fs.writeFileSync(
        path.join(job.dir, 'run.sh'),
        `#!/bin/bash\ncd ${shellQuote(job.cwd)} || exit 1\nexec ${cmd} >${shellQuote(path.join(job.dir, LOG_FILE))} 2>&1\n`,
      );
    }
    fs.writeFileSync(list, `${jobs.map((j) => j.dir).join('\n')}\n`);
    this.script = path.join(this.deps.dir, 'array.sh');
    // exec: the cell's process gets Slurm's SIGTERM (time limit, preemption, scancel) and ends its run KILLED
    fs.writeFileSync(this.script, `#!/bin/bash\ncell="$(sed -n "$((SLURM_ARRAY_TASK_ID + 1))p" ${shellQuote(list)})"\nexec bash "$cell/run.sh"\n`);
    const id = await this.sbatch(
      jobs.map((_, i) => i),
      jobs.length,
    );
    jobs.forEach((job, index) => this.tasks.push({ job, index, slurmJob: id, requeues: 0, state: 'PENDING' }));
    this.deps.say(`slurm: submitted job array ${id} (${jobs.length} cells, at most ${this.cap(jobs.length)} at once)`);
  }

  async watch(onUpdate: (u: CellUpdate) => void): Promise<CellUpdate[]> {
    while (this.tasks.some((t) => !TERMINAL_STATES.includes(t.state))) {
      await this.poll(onUpdate);
      if (this.tasks.some((t) => !TERMINAL_STATES.includes(t.state))) await sleep(this.o.poll_s * 1000);
    }
    return this.tasks.map((t) => this.final.get(t.job.id)!);
  }

  async cancel(): Promise<void> {
    this.cancelled = true;
    const ids = [...new Set(this.tasks.filter((t) => !TERMINAL_STATES.includes(t.state)).map((t) => t.slurmJob))];
    if (ids.length > 0) await runCommand('scancel', ids);
  }

  private async poll(onUpdate: (u: CellUpdate) => void): Promise<void> {
    const open = this.tasks.filter((t) => !TERMINAL_STATES.includes(t.state));
    const ids = [...new Set(open.map((t) => t.slurmJob))];
    const q = await runCommand('squeue', ['-h', '-r', '-j', ids.join(','), '-o', '%i|%T']);
    // after MinJobAge squeue no longer knows the job ("Invalid job id"): every task has left the queue
    if (q.code !== 0 && !/invalid job id/i.test(q.stderr)) {
      this.deps.say(`slurm: squeue failed (${q.stderr.trim().split('\n')[0]}); asking again in ${this.o.poll_s} s`);
      return;
    }
    const queued = q.code === 0 ? parseSqueue(q.stdout) : [];
    for (const t of open) {
      const line = queued.find((l) => l.job === t.slurmJob && l.task === t.index);
      if (line && !['COMPLETED', 'FAILED', 'CANCELLED', 'TIMEOUT', 'PREEMPTED', 'NODE_FAIL', 'OUT_OF_MEMORY', 'BOOT_FAIL', 'DEADLINE'].includes(line.state)) {
        const state = line.state === 'PENDING' || line.state === 'REQUEUED' ? 'PENDING' : 'RUNNING';
        if (state !== t.state) {
          t.state = state;
          onUpdate({ id: t.job.id, state, requeues: t.requeues });
        }
        continue;
      }
      await this.ended(t, onUpdate);
    }
  }

  /** A task left the queue: its exit record, else Slurm's end state, decides; preemption and time-outs run again. */
  private async ended(t: Task, onUpdate: (u: CellUpdate) => void): Promise<void> {
    const record = readExitRecord(t.job.dir);
    const sc = await runCommand('scontrol', ['show', 'job', '-o', `${t.slurmJob}_${t.index}`]);
    const slurmState = sc.code === 0 ? parseJobState(sc.stdout) : undefined;
    const own = record && record.config_hash === t.job.id ? record : undefined;
    if (own && own.status !== 'KILLED')
      return this.finish(t, { id: t.job.id, state: own.status, record: own, error: own.error, requeues: t.requeues }, onUpdate);
    const stoppedFromOutside = !this.cancelled && ((slurmState !== undefined && RETRY_STATES.has(slurmState)) || own?.status === 'KILLED');
    if (stoppedFromOutside && t.requeues < this.o.requeues) {
      clearExitRecord(t.job.dir);
      t.requeues++;
      t.slurmJob = await this.sbatch([t.index], 1);
      t.state = 'PENDING';
      this.deps.say(
        `slurm: cell ${t.job.label} ended ${slurmState ?? 'KILLED'}; submitted again as ${t.slurmJob}_${t.index} (${t.requeues}/${this.o.requeues})`,
      );
      onUpdate({ id: t.job.id, state: 'PENDING', requeues: t.requeues });
      return;
    }
    if (this.cancelled) return this.finish(t, { id: t.job.id, state: 'KILLED', record: own, error: 'cancelled (scancel)', requeues: t.requeues }, onUpdate);
    const why = stoppedFromOutside
      ? `ended ${slurmState ?? 'KILLED'} after ${t.requeues} requeue(s)`
      : `Slurm state ${slurmState ?? 'unknown'}, no exit record`;
    this.finish(
      t,
      { id: t.job.id, state: 'FAILED', record: own, error: `${why}; log ${path.join(t.job.dir, LOG_FILE)}: ${logTail(t.job.dir, 300)}`, requeues: t.requeues },
      onUpdate,
    );
  }

  private finish(t: Task, u: CellUpdate, onUpdate: (u: CellUpdate) => void): void {
    t.state = u.state;
    this.final.set(t.job.id, u);
    onUpdate(u);
  }

  private cap(n: number): number {
    return Math.max(1, Math.min(n, this.o.array_cap || this.deps.parallel));
  }

  private async sbatch(indices: readonly number[], n: number): Promise<string> {
    const args = [
      '--parsable',
      `--job-name=videor1-${path.basename(path.dirname(this.deps.dir))}`, // the grid id
      `--array=${indices.length === n && n > 1 ? `0-${n - 1}` : indices.join(',')}%${this.cap(n)}`,
      `--output=${path.join(this.deps.dir, 'slurm-%A_%a.out')}`,
      ...(this.o.partition ? [`--partition=${this.o.partition}`] : []),
      ...(this.o.time ? [`--time=${this.o.time}`] : []),
      ...this.o.sbatch_args,
      this.script,
    ];
    const r = await runCommand('sbatch', args);
    const id = r.code === 0 ? parseSbatchId(r.stdout) : undefined;
    if (!id) {
      throw new UserError(`sbatch refused the job array: ${(r.stderr || r.stdout).trim().split('\n').slice(-3).join(' / ') || `exit code ${r.code}`}`, {
        where: 'executor slurm',
        expected: 'a job id from sbatch --parsable',
        found: `sbatch ${args.join(' ')}`,
      });
    }
    return id;
  }
}

function shellQuote(s: string): string {
  return /^[A-Za-z0-9_./=:,+@%-]+$/.test(s) ? s : `'${s.replace(/'/g, `'\\''`)}'`;
}

function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}

const plugin = definePlugin({
  kind: 'executor',
  name: 'slurm',
  description: 'Run grid cells as one Slurm job array (sbatch --array), requeued on preemption',
  options: SlurmExecutorOptions,
  create: (o: Options, deps: ExecutorDeps): Executor => new SlurmExecutor(o, deps),
});
export default plugin;
