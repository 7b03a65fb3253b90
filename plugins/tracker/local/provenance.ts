/**
 * Where a run comes from: entry point, git commit, user, host, pid (MLflow's `mlflow.source.*` and
 * `mlflow.user` tags). The commit is read from `.git` files directly, without spawning git.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { RunSource } from './layout';

export function runSource(cwd = process.cwd()): RunSource {
  return {
    name: entryPoint(),
    gitCommit: readGitCommit(cwd),
    user: userName(),
    host: os.hostname(),
    pid: process.pid,
  };
}

function entryPoint(): string {
  const script = process.argv[1];
  return script ? path.basename(script).replace(/\.(c|m)?[jt]s$/, '') : 'node';
}

function userName(): string {
  try {
    return os.userInfo().username;
  } catch {
    return process.env.USER ?? process.env.USERNAME ?? 'unknown';
  }
}

/** The commit HEAD points to, for the clone containing `start`; undefined if none or unborn. */
export function readGitCommit(start: string): string | undefined {
  const gitDir = findGitDir(path.resolve(start));
  if (!gitDir) return undefined;
  const head = readText(path.join(gitDir, 'HEAD'));
  if (!head) return undefined;
  if (/^[0-9a-f]{40,64}$/.test(head)) return head;
  const ref = /^ref: (.+)$/.exec(head)?.[1];
  if (!ref) return undefined;
  // Worktrees keep branch refs in the common dir.
  const common = readText(path.join(gitDir, 'commondir'));
  const dirs = common ? [gitDir, path.resolve(gitDir, common)] : [gitDir];
  for (const dir of dirs) {
    const loose = readText(path.join(dir, ref));
    if (loose && /^[0-9a-f]{40,64}$/.test(loose)) return loose;
    const packed = readText(path.join(dir, 'packed-refs'));
    const line = packed?.split('\n').find((l) => l.endsWith(` ${ref}`));
    if (line) return line.split(' ')[0];
  }
  return undefined;
}

function findGitDir(start: string): string | undefined {
  for (let dir = start; ; dir = path.dirname(dir)) {
    const dotGit = path.join(dir, '.git');
    try {
      const st = fs.statSync(dotGit);
      if (st.isDirectory()) return dotGit;
      const pointer = /^gitdir: (.+)$/m.exec(fs.readFileSync(dotGit, 'utf8'))?.[1]?.trim();
      if (pointer) return path.resolve(dir, pointer);
    } catch {
      // not here; look in the parent
    }
    if (path.dirname(dir) === dir) return undefined;
  }
}

function readText(file: string): string | undefined {
  try {
    return fs.readFileSync(file, 'utf8').trim();
  } catch {
    return undefined;
  }
}
