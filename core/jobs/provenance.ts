/**
 * Where a run's numbers come from, as tags on every run (cell or not): the config hash, the code
 * (git commit and whether the work tree had uncommitted changes), user plugin files by content,
 * the data mix, seed and backend. Two runs with equal tags computed the same thing.
 */
import { spawnSync } from 'node:child_process';
import * as path from 'node:path';
import type { ResolvedConfig } from '../config/schema';
import { canonicalJson, configHash, configKeyHash, pluginFiles, sha256 } from '../grid/hash';

/** The videor1 checkout this code runs from. */
const CODE_DIR = path.resolve(__dirname, '..', '..');

let git: { commit: string; dirty: string } | undefined;

/** `git rev-parse HEAD` and `git status --porcelain` of the code's checkout, once per process. */
export function gitState(dir = CODE_DIR): { commit: string; dirty: string } {
  if (git && dir === CODE_DIR) return git;
  const run = (args: string[]) => spawnSync('git', args, { cwd: dir, encoding: 'utf8', timeout: 10_000 });
  const head = run(['rev-parse', 'HEAD']);
  const status = head.status === 0 ? run(['status', '--porcelain', '--untracked-files=no']) : undefined;
  const state =
    head.status === 0 && status?.status === 0
      ? { commit: head.stdout.trim(), dirty: String(status.stdout.trim().length > 0) }
      : { commit: 'unknown', dirty: 'unknown' };
  if (dir === CODE_DIR) git = state;
  return state;
}

/** The data a run trains on: the source and frames, and the mixer that samples RL prompts. */
export function dataMixHash(cfg: Pick<ResolvedConfig, 'data' | 'mixer'>): string {
  return sha256(canonicalJson({ data: cfg.data, mixer: cfg.mixer })).slice(0, 16);
}

export function provenanceTags(cfg: ResolvedConfig, backend: string): Record<string, string> {
  const g = gitState();
  return {
    'videor1.config_hash': configHash(cfg),
    /** the same config over seeds: the row a comparison rolls this run into */
    'videor1.config_key': configKeyHash(cfg),
    'videor1.git.commit': g.commit,
    'videor1.git.dirty': g.dirty,
    'videor1.plugin_files': JSON.stringify(pluginFiles(cfg).map((f) => ({ file: f.file, sha256: f.sha256 ?? 'missing' }))),
    'videor1.data.mix_hash': dataMixHash(cfg),
    'videor1.seed': String(cfg.seed),
    'videor1.backend': backend,
  };
}
