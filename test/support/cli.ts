import { spawnSync } from 'node:child_process';
import * as path from 'node:path';
import { allCommands, builtinPlugins } from '../../bin/entry';
import { runCli } from '../../core/cli/main';

export const REPO = path.resolve(__dirname, '..', '..');

export interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
}

/** Run the CLI in-process with the built-in plugins, capturing its output. */
export async function cli(argv: string[], cwd = REPO): Promise<CliRun> {
  let stdout = '';
  let stderr = '';
  const code = await runCli(argv, {
    catalog: builtinPlugins,
    commands: allCommands,
    cwd,
    out: (t) => (stdout += t.endsWith('\n') ? t : `${t}\n`),
    err: (t) => (stderr += t.endsWith('\n') ? t : `${t}\n`),
  });
  return { code, stdout, stderr };
}

/** Run the real `videor1` executable (bin/videor1.js) as a child process. */
export function spawnCli(argv: string[], opts: { cwd?: string; env?: NodeJS.ProcessEnv; timeout?: number } = {}): CliRun {
  const r = spawnSync(process.execPath, [path.join(REPO, 'bin', 'videor1.js'), ...argv], {
    cwd: opts.cwd ?? REPO,
    env: { ...process.env, ...opts.env },
    encoding: 'utf8',
    timeout: opts.timeout ?? 120_000,
  });
  return { code: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
}
