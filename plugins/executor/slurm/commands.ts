/** Slurm's client commands (sbatch, squeue, scontrol, scancel), run without a shell. */
import { execFile } from 'node:child_process';
import { UserError } from '../../../core/errors';

export interface CommandResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** Run a command; a command missing from the PATH is a UserError (exit 2) naming it. */
export function runCommand(cmd: string, args: readonly string[], timeoutMs = 30_000): Promise<CommandResult> {
  return new Promise((resolve, reject) => {
    execFile(cmd, args as string[], { encoding: 'utf8', timeout: timeoutMs, maxBuffer: 16 * 1024 * 1024, env: process.env }, (error, stdout, stderr) => {
      const e = error as (NodeJS.ErrnoException & { code?: string | number }) | null;
      if (e && e.code === 'ENOENT') {
        reject(
          new UserError(`'${cmd}' is not on the PATH`, {
            where: 'executor slurm',
            expected: 'the Slurm client commands (sbatch, squeue, scontrol, scancel) on the PATH',
            found: `PATH=${process.env.PATH ?? ''}`,
          }),
        );
        return;
      }
      resolve({ code: e ? (typeof e.code === 'number' ? e.code : 1) : 0, stdout, stderr });
    });
  });
}

/** One array task's line of `squeue -h -r -o '%i|%T'`: `123_4|RUNNING` → { job: '123', task: 4, state }. */
export function parseSqueue(text: string): { job: string; task: number; state: string }[] {
  const out: { job: string; task: number; state: string }[] = [];
  for (const line of text.split('\n')) {
    const m = /^(\d+)_(\d+)\|([A-Z_]+)\s*$/.exec(line.trim());
    if (m) out.push({ job: m[1], task: Number(m[2]), state: m[3] });
  }
  return out;
}

/** `JobState=` of `scontrol show job -o <id>` (undefined when Slurm no longer knows the job). */
export function parseJobState(text: string): string | undefined {
  return /\bJobState=([A-Z_]+)/.exec(text)?.[1];
}

/** The job id printed by `sbatch --parsable` (`123` or `123;cluster`). */
export function parseSbatchId(text: string): string | undefined {
  return /^(\d+)(;\S+)?$/m.exec(text.trim())?.[1];
}
