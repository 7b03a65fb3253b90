/**
 * The local run store: one folder per run under the output folder.
 *
 * ```
 * <dir>/<run id>/meta.json       RunMeta: id, experiment, name, parent, start/end time, status, source
 *               /params.json     { key: value } (write-once values)
 *               /tags.json       { key: value } (last write wins)
 *               /metrics.jsonl   one MetricLine per line, append-only
 *               /artifacts/      copied files
 *               /mlflow.json     sync ledger: what reached which MLflow server (./ledger.ts)
 * ```
 */
import * as path from 'node:path';
import type { RunStatus } from '../../../core/contracts/tracker';
import type { EncodedNumber } from '../values';

/** Where a run came from (MLflow's `mlflow.source.*` and `mlflow.user` tags are made from it). */
export interface RunSource {
  /** Entry point, e.g. `videor1`. */
  name: string;
  /** Commit checked out when the run started, if the working folder is a git clone. */
  gitCommit?: string;
  user: string;
  host: string;
  /** Process that owns the run while it is RUNNING (lets `sync` tell a live run from a crashed one). */
  pid: number;
}

export interface RunMeta {
  version: 1;
  id: string;
  experiment: string;
  name: string;
  /** Local id of the parent run (grids). */
  parentId?: string;
  /** Unix milliseconds. */
  startTime: number;
  endTime?: number;
  status: RunStatus;
  source: RunSource;
}

/** One line of `metrics.jsonl`: value encoded so that NaN and ±Infinity survive JSON. */
export interface MetricLine {
  key: string;
  value: EncodedNumber;
  step: number;
  timestamp: number;
}

export const FILES = {
  meta: 'meta.json',
  params: 'params.json',
  tags: 'tags.json',
  metrics: 'metrics.jsonl',
  artifacts: 'artifacts',
  ledger: 'mlflow.json',
} as const;

export function runDir(dir: string, id: string): string {
  return path.join(dir, id);
}

export function runFile(dir: string, id: string, file: keyof typeof FILES): string {
  return path.join(dir, id, FILES[file]);
}

/** A run id that sorts by start time: `20261121-024440-1a2b3c4d`. */
export function newRunId(now: Date, random: string): string {
  const p = (n: number) => String(n).padStart(2, '0');
  const date = `${now.getUTCFullYear()}${p(now.getUTCMonth() + 1)}${p(now.getUTCDate())}`;
  return `${date}-${p(now.getUTCHours())}${p(now.getUTCMinutes())}${p(now.getUTCSeconds())}-${random}`;
}

/** Run ids are folder names: letters, digits, `-` and `_` only. */
export const RUN_ID = /^[A-Za-z0-9_-]+$/;
