/**
 * The local tracker: every run is a folder of plain files (./layout.ts). It is the whole
 * record for `local` and the spool that the `mlflow` tracker pushes from. Writes to one run happen
 * one at a time, JSON files are replaced atomically and metrics are appended, so a crash loses at
 * most the call in flight.
 */
import { randomBytes } from 'node:crypto';
import * as fsp from 'node:fs/promises';
import * as path from 'node:path';
import type { RunStatus, StartRunOptions, Tracker } from '../../../core/contracts/tracker';
import { UserError, describeValue } from '../../../core/errors';
import { TrackerRejectedError, quote, type RejectedEntry } from '../errors';
import { MAX_PARAM_VALUE_LENGTH, MAX_TAG_VALUE_LENGTH, sanitizeKey } from '../keys';
import { encodeNumber } from '../values';
import { readJson, writeJsonAtomic } from './files';
import { FILES, RUN_ID, newRunId, runDir, runFile, type MetricLine, type RunMeta } from './layout';
import { runSource } from './provenance';

export class LocalTracker implements Tracker {
  readonly name: string = 'local';
  /** Per-run chain of writes (one at a time per run). */
  private readonly chains = new Map<string, Promise<unknown>>();
  /** Runs whose meta.json was seen. */
  private readonly known = new Set<string>();

  /** @param dir absolute folder holding one sub-folder per run */
  constructor(readonly dir: string) {}

  async startRun(o: StartRunOptions): Promise<string> {
    if (o.parentRunId !== undefined) await this.meta(o.parentRunId, 'parentRunId');
    const now = new Date();
    const id = newRunId(now, randomBytes(4).toString('hex'));
    await fsp.mkdir(path.join(runDir(this.dir, id), FILES.artifacts), { recursive: true });
    const meta: RunMeta = {
      version: 1,
      id,
      experiment: o.experiment,
      name: o.runName,
      ...(o.parentRunId !== undefined ? { parentId: o.parentRunId } : {}),
      startTime: now.getTime(),
      status: 'RUNNING',
      source: runSource(),
    };
    await writeJsonAtomic(runFile(this.dir, id, 'meta'), meta);
    await writeJsonAtomic(runFile(this.dir, id, 'params'), {});
    await fsp.writeFile(runFile(this.dir, id, 'metrics'), '');
    await writeJsonAtomic(runFile(this.dir, id, 'tags'), {});
    if (o.tags && Object.keys(o.tags).length > 0) {
      try {
        await this.setTags(id, o.tags);
      } catch (e) {
        await this.endRun(id, 'FAILED'); // no run left RUNNING behind a refused start
        throw e;
      }
    }
    return id;
  }

  /** Params are write-once: the same value again is fine, another value is refused (TrackerRejectedError). */
  logParams(runId: string, params: Record<string, string>): Promise<void> {
    return this.serial(runId, async () => {
      const file = runFile(this.dir, runId, 'params');
      const stored = await readJson<Record<string, string>>(file, {});
      const rejected: RejectedEntry[] = [];
      let changed = false;
      for (const [rawKey, raw] of Object.entries(params)) {
        const key = sanitizeKey(rawKey);
        const value = String(raw);
        if (value.length > MAX_PARAM_VALUE_LENGTH) {
          rejected.push({ key, value, reason: `is ${value.length} characters long (at most ${MAX_PARAM_VALUE_LENGTH})` });
        } else if (key in stored && stored[key] !== value) {
          rejected.push({
            key,
            value,
            kept: stored[key],
            reason: `was already logged as ${quote(stored[key])}; not changed to ${quote(value)} (params are write-once)`,
          });
        } else if (!(key in stored)) {
          stored[key] = value;
          changed = true;
        }
      }
      if (changed) await writeJsonAtomic(file, stored);
      if (rejected.length > 0) await this.reject(runId, 'param', rejected);
    });
  }

  logMetrics(runId: string, step: number, metrics: Record<string, number>, timestamp = Date.now()): Promise<void> {
    return this.serial(runId, async () => {
      if (!Number.isSafeInteger(step)) {
        throw new UserError(`run ${runId}: metric step must be an integer`, { expected: 'a safe integer', found: describeValue(step) });
      }
      const ts = Math.round(timestamp);
      if (!Number.isSafeInteger(ts) || ts < 0) {
        throw new UserError(`run ${runId}: metric timestamp must be Unix milliseconds`, { found: describeValue(timestamp) });
      }
      const lines: string[] = [];
      for (const [rawKey, value] of Object.entries(metrics)) {
        if (typeof value !== 'number') {
          throw new UserError(`run ${runId}: metric '${rawKey}' must be a number`, { found: describeValue(value) });
        }
        const line: MetricLine = { key: sanitizeKey(rawKey), value: encodeNumber(value), step, timestamp: ts };
        lines.push(JSON.stringify(line));
      }
      if (lines.length > 0) await fsp.appendFile(runFile(this.dir, runId, 'metrics'), `${lines.join('\n')}\n`);
    });
  }

  /** Tags are last-write-wins; values over 5000 characters are refused (TrackerRejectedError). */
  setTags(runId: string, tags: Record<string, string>): Promise<void> {
    return this.serial(runId, async () => {
      const rejected: RejectedEntry[] = [];
      const accepted: Record<string, string> = {};
      for (const [rawKey, raw] of Object.entries(tags)) {
        const key = sanitizeKey(rawKey);
        const value = String(raw);
        if (value.length > MAX_TAG_VALUE_LENGTH) {
          rejected.push({ key, value, reason: `is ${value.length} characters long (at most ${MAX_TAG_VALUE_LENGTH})` });
        } else accepted[key] = value;
      }
      await this.mergeTags(runId, accepted);
      if (rejected.length > 0) await this.reject(runId, 'tag', rejected);
    });
  }

  /**
   * Copy into `artifacts/`: a file lands at `<artifactPath>/<file name>`; a folder's contents land
   * under `<artifactPath>/` (the artifacts root when omitted), as MLflow's log_artifact(s) do.
   */
  logArtifact(runId: string, localPath: string, artifactPath = ''): Promise<void> {
    return this.serial(runId, async () => {
      const rel = path.posix.normalize(artifactPath.replace(/\\/g, '/') || '.');
      if (path.posix.isAbsolute(rel) || rel === '..' || rel.startsWith('../')) {
        throw new UserError(`run ${runId}: artifact path must stay inside the run's artifacts`, {
          expected: 'a relative path without ..',
          found: describeValue(artifactPath),
        });
      }
      const src = path.resolve(localPath);
      const st = await fsp.stat(src).catch(() => undefined);
      if (!st) throw new UserError(`run ${runId}: artifact not found`, { found: src });
      const destDir = path.join(runDir(this.dir, runId), FILES.artifacts, rel);
      await fsp.mkdir(destDir, { recursive: true });
      if (st.isDirectory()) await fsp.cp(src, destDir, { recursive: true });
      else await fsp.copyFile(src, path.join(destDir, path.basename(src)));
    });
  }

  endRun(runId: string, status: Exclude<RunStatus, 'RUNNING'>): Promise<void> {
    return this.serial(runId, async () => {
      const meta = await this.meta(runId);
      await writeJsonAtomic(runFile(this.dir, runId, 'meta'), { ...meta, status, endTime: Date.now() } satisfies RunMeta);
    });
  }

  async flush(): Promise<void> {
    await Promise.allSettled([...this.chains.values()]);
  }

  /** Read a run's meta.json; unknown run → UserError naming `where`. */
  async meta(runId: string, where = 'runId'): Promise<RunMeta> {
    const meta = RUN_ID.test(runId) ? await readJson<RunMeta | undefined>(runFile(this.dir, runId, 'meta'), undefined) : undefined;
    if (!meta) throw new UserError(`unknown run '${runId}'`, { where, expected: `a run started in ${this.dir}` });
    return meta;
  }

  private async mergeTags(runId: string, tags: Record<string, string>): Promise<void> {
    if (Object.keys(tags).length === 0) return;
    const file = runFile(this.dir, runId, 'tags');
    const stored = await readJson<Record<string, string>>(file, {});
    await writeJsonAtomic(file, { ...stored, ...tags });
  }

  /** Record refused values on the run (`videor1.rejected.<kind>.<key>`), then throw. */
  private async reject(runId: string, kind: 'param' | 'tag', rejected: RejectedEntry[]): Promise<never> {
    const record: Record<string, string> = {};
    for (const r of rejected) record[sanitizeKey(`videor1.rejected.${kind}.${r.key}`)] = `${quote(r.value)} ${r.reason}`.slice(0, MAX_TAG_VALUE_LENGTH);
    await this.mergeTags(runId, record);
    throw new TrackerRejectedError(runId, kind, rejected);
  }

  /** Run `fn` after every earlier write to the same run (its failure does not block later ones). */
  private serial<T>(runId: string, fn: () => Promise<T>): Promise<T> {
    const prev = this.chains.get(runId) ?? Promise.resolve();
    const next = prev.then(async () => {
      if (!this.known.has(runId)) {
        await this.meta(runId);
        this.known.add(runId);
      }
      return fn();
    });
    const settled = next.catch(() => undefined);
    this.chains.set(runId, settled);
    void settled.then(() => {
      if (this.chains.get(runId) === settled) this.chains.delete(runId);
    });
    return next;
  }
}
