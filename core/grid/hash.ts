/**
 * Content hashes for grid cells (after Hydra/submitit sweeps, which key a job by its resolved
 * overrides, never by its position in the sweep): sha256 of a canonical JSON (keys sorted).
 */
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { ResolvedConfig } from '../config/schema';

/** JSON with object keys sorted at every depth, so equal values give equal text. */
export function canonicalJson(value: unknown): string {
  if (value === undefined) return 'null';
  if (value === null || typeof value !== 'object') return JSON.stringify(value);
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  const entries = Object.entries(value as Record<string, unknown>)
    .filter(([, v]) => v !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
}

export function sha256(text: string | Buffer): string {
  return createHash('sha256').update(text).digest('hex');
}

/** sha256 of a file's bytes; undefined when it cannot be read. */
export function fileHash(file: string): string | undefined {
  try {
    return sha256(fs.readFileSync(file));
  } catch {
    return undefined;
  }
}

/**
 * Keys that say where a run is written, tracked or labelled, not what it computes. Plugin files
 * enter by content (their hash), not by path.
 */
const NOT_IDENTITY = ['name', 'description', 'source', 'output', 'project', 'tracker', 'plugins'] as const;

/** What a run computes: the resolved config without NOT_IDENTITY keys, plugin files by content. */
export function identityOf(cfg: ResolvedConfig): Record<string, unknown> {
  const rest: Record<string, unknown> = { ...cfg };
  for (const k of NOT_IDENTITY) delete rest[k];
  return { ...rest, plugin_files: pluginFiles(cfg).map((f) => f.sha256 ?? `missing:${f.file}`) };
}

/** A cell's identity: the first 16 hex digits of sha256 over its resolved config, seed included. */
export function configHash(cfg: ResolvedConfig): string {
  return sha256(canonicalJson(identityOf(cfg))).slice(0, 16);
}

/** A configuration's identity across seeds (rows of a comparison): the config hash without the seed. */
export function configKeyHash(cfg: ResolvedConfig): string {
  const { seed: _seed, ...rest } = identityOf(cfg);
  return sha256(canonicalJson(rest)).slice(0, 16);
}

/** The plugin modules a config loads (absolute paths, relative to its experiment file) and their hashes. */
export function pluginFiles(cfg: Pick<ResolvedConfig, 'plugins' | 'source'>): { file: string; sha256?: string }[] {
  return cfg.plugins.map((p) => {
    const file = path.resolve(path.dirname(cfg.source), p);
    return { file, sha256: fileHash(file) };
  });
}
