/**
 * Read the local run store (./layout.ts): list runs, read one run fully, or read its metric lines
 * from a byte offset on (for pushing what is new). Used by `compare`, `sync` and the MLflow pusher.
 */
import * as fsp from 'node:fs/promises';
import * as path from 'node:path';
import type { MetricPoint } from '../../../core/contracts/tracker';
import { UserError } from '../../../core/errors';
import { decodeNumber } from '../values';
import { listFiles, readJson, readLinesFrom } from './files';
import { FILES, RUN_ID, runDir, runFile, type MetricLine, type RunMeta } from './layout';

export interface LocalRun {
  meta: RunMeta;
  /** Absolute folder of the run. */
  dir: string;
  params: Record<string, string>;
  tags: Record<string, string>;
  /** Every metric point in logging order (NaN and ±Infinity decoded). */
  metrics: MetricPoint[];
  /** Artifact files, `/`-separated, relative to `artifacts/`. */
  artifacts: string[];
}

/** Every run under `dir` (folders with a meta.json), oldest first. A missing `dir` has none. */
export async function listRuns(dir: string): Promise<RunMeta[]> {
  let names: string[];
  try {
    names = await fsp.readdir(dir);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw e;
  }
  const metas: RunMeta[] = [];
  for (const name of names) {
    if (!RUN_ID.test(name)) continue;
    const meta = await readJson<RunMeta | undefined>(runFile(dir, name, 'meta'), undefined).catch(() => undefined);
    if (meta && meta.id === name) metas.push(meta);
  }
  return metas.sort((a, b) => a.startTime - b.startTime || a.id.localeCompare(b.id));
}

/** Read one run; an unknown id is a UserError listing where it looked. */
export async function readMeta(dir: string, id: string): Promise<RunMeta> {
  const meta = RUN_ID.test(id) ? await readJson<RunMeta | undefined>(runFile(dir, id, 'meta'), undefined) : undefined;
  if (!meta) throw new UserError(`no run '${id}' in ${dir}`, { expected: 'a run folder with a meta.json' });
  return meta;
}

export async function readRun(dir: string, id: string): Promise<LocalRun> {
  const meta = await readMeta(dir, id);
  const { points } = await readMetricLines(dir, id, 0);
  return {
    meta,
    dir: path.resolve(runDir(dir, id)),
    params: await readJson<Record<string, string>>(runFile(dir, id, 'params'), {}),
    tags: await readJson<Record<string, string>>(runFile(dir, id, 'tags'), {}),
    metrics: points,
    artifacts: await listFiles(path.join(runDir(dir, id), FILES.artifacts)),
  };
}

export interface MetricChunk {
  points: MetricPoint[];
  /** Lines consumed (including unreadable ones, counted in `badLines`). */
  lines: number;
  badLines: number;
  /** Byte offset just past the last complete line read. */
  nextOffset: number;
}

/**
 * Metric points from byte `offset` of `metrics.jsonl` on (at most `maxLines` lines when given); a
 * torn line (a crash mid-append) is skipped and counted.
 */
export async function readMetricLines(dir: string, id: string, offset: number, maxLines?: number): Promise<MetricChunk> {
  const { lines, nextOffset } = await readLinesFrom(runFile(dir, id, 'metrics'), offset, maxLines ? { maxLines, maxBytes: maxLines * 512 } : {});
  const points: MetricPoint[] = [];
  let badLines = 0;
  for (const text of lines) {
    const p = parseLine(text);
    if (p) points.push(p);
    else badLines++;
  }
  return { points, lines: lines.length, badLines, nextOffset };
}

function parseLine(text: string): MetricPoint | undefined {
  try {
    const l = JSON.parse(text) as MetricLine;
    if (typeof l.key !== 'string' || typeof l.step !== 'number' || typeof l.timestamp !== 'number') return undefined;
    return { key: l.key, value: decodeNumber(l.value), step: l.step, timestamp: l.timestamp };
  } catch {
    return undefined;
  }
}
