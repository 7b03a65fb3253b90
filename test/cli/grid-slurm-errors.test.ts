/** The slurm executor's bad-input errors (exit 2, one line naming the command and its stderr). */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { parseJobState, parseSbatchId, parseSqueue } from '../../plugins/executor/slurm/commands';
import { cli, REPO } from '../support/cli';

function gridDir(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'videor1-slurm-err-'));
  fs.writeFileSync(
    path.join(dir, 'g.yaml'),
    `name: slurm-err\nbase: ${path.join(REPO, 'experiments', 'smoke.yaml')}\nseeds: [0]\nvariants:\n  a: {}\nexecutor: { name: slurm, options: { partition: nowhere } }\n`,
  );
  return dir;
}

async function withPath<T>(dir: string, fn: () => Promise<T>): Promise<T> {
  const saved = process.env.PATH;
  process.env.PATH = dir;
  try {
    return await fn();
  } finally {
    process.env.PATH = saved;
  }
}

describe('slurm executor errors', () => {
  it('no sbatch on the PATH is exit 2 naming the command', async () => {
    const dir = gridDir();
    const bin = fs.mkdtempSync(path.join(os.tmpdir(), 'videor1-empty-bin-'));
    const r = await withPath(bin, () => cli(['grid', 'g.yaml'], dir));
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(
      /^videor1: executor slurm: 'sbatch' is not on the PATH; expected the Slurm client commands \(sbatch, squeue, scontrol, scancel\) on the PATH; found PATH=/,
    );
    expect(r.stderr).not.toMatch(/\n\s+at /); // no stack trace
  });

  it("a cluster that refuses the job array is exit 2 with sbatch's stderr", async () => {
    const dir = gridDir();
    const bin = fs.mkdtempSync(path.join(os.tmpdir(), 'videor1-fake-bin-'));
    fs.writeFileSync(
      path.join(bin, 'sbatch'),
      '#!/bin/sh\necho "sbatch: error: invalid partition specified: nowhere" >&2\necho "sbatch: error: Batch job submission failed: Invalid partition name specified" >&2\nexit 1\n',
      { mode: 0o755 },
    );
    const r = await withPath(`${bin}:/usr/bin:/bin`, () => cli(['grid', 'g.yaml'], dir));
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(
      /sbatch refused the job array: sbatch: error: invalid partition specified: nowhere \/ sbatch: error: Batch job submission failed: Invalid partition name specified; expected a job id from sbatch --parsable; found sbatch --parsable --job-name=videor1-slurm-err-[0-9a-f]{8} --array=0%1 .*--partition=nowhere/,
    );
  });

  it('reads squeue, scontrol and sbatch output', () => {
    expect(parseSqueue('123_0|RUNNING\n123_1|PENDING\n124_2|COMPLETING\n\n')).toEqual([
      { job: '123', task: 0, state: 'RUNNING' },
      { job: '123', task: 1, state: 'PENDING' },
      { job: '124', task: 2, state: 'COMPLETING' },
    ]);
    expect(parseJobState('JobId=7 ArrayJobId=5 ArrayTaskId=2 JobName=x JobState=TIMEOUT Reason=TimeLimit')).toBe('TIMEOUT');
    expect(parseJobState('')).toBeUndefined();
    expect(parseSbatchId('42\n')).toBe('42');
    expect(parseSbatchId('42;cluster\n')).toBe('42');
    expect(parseSbatchId('Submitted batch job 42')).toBeUndefined();
  });
});
