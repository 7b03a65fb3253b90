/**
 * Push a local run (../local/layout.ts) to MLflow, sending only what its ledger (../local/ledger.ts)
 * says is new: create the remote run (parent first), then params, tags, metric lines, artifacts,
 * and, once the local run has ended, the final tag `videor1.sync=complete` and status. Progress is
 * written to the ledger after every accepted request, so a push can stop anywhere (server gone,
 * process killed) and the next one resumes without sending a point twice.
 */
import * as fsp from 'node:fs/promises';
import * as path from 'node:path';
import type { RunStatus } from '../../../core/contracts/tracker';
import { listFiles, readJson } from '../local/files';
import { FILES, runDir, runFile, type RunMeta } from '../local/layout';
import { readLedger, writeLedger, type Ledger } from '../local/ledger';
import { readMeta, readMetricLines } from '../local/reader';
import { uploadArtifact } from './artifacts';
import type { MlflowClient } from './client';
import { MlflowError, isMlflowError } from './http';

/** Tag on every pushed run: `partial` until everything, status included, reached the server. */
export const SYNC_TAG = 'videor1.sync';
/** Tag linking a remote run to its local folder (lets a push adopt a run whose creation was not recorded). */
export const LOCAL_ID_TAG = 'videor1.local_run_id';
/** Metric lines per log-batch request (the server takes at most 1000 metrics). */
const LINES_PER_REQUEST = 1000;

export interface PushCounts {
  params: number;
  tags: number;
  metrics: number;
  artifacts: number;
}

export interface PushResult {
  runId: string;
  remoteRunId: string;
  /** `complete`: the run ended and everything it holds is on the server. */
  state: 'complete' | 'partial';
  /** What this push sent. */
  pushed: PushCounts;
  /** Params the server holds with another value (left there as they are). */
  paramConflicts: string[];
}

export interface PushOptions {
  /** Treat a RUNNING local run as ended (its process is gone): end the remote run with this. */
  assumeEnded?: { status: Exclude<RunStatus, 'RUNNING'>; endTime: number };
}

/** Errors that retrying later cannot fix (anything but a transient MLflow error). */
export function isPermanent(e: unknown): boolean {
  return !(e instanceof MlflowError && e.transient);
}

export class MlflowPusher {
  private readonly experimentIds = new Map<string, string>();

  /** @param dir local run store; the ledger is kept per `client.uri` */
  constructor(
    readonly dir: string,
    readonly client: MlflowClient,
  ) {}

  async push(runId: string, o: PushOptions = {}): Promise<PushResult> {
    const meta = await readMeta(this.dir, runId);
    let ledger = await readLedger(this.dir, runId, this.client.uri);
    const pushed: PushCounts = { params: 0, tags: 0, metrics: 0, artifacts: 0 };
    const save = () => writeLedger(this.dir, runId, ledger);
    try {
      const remote = await this.ensureCreated(runId);
      ledger = await readLedger(this.dir, runId, this.client.uri); // ensureCreated wrote the remote id
      pushed.params = await this.pushParams(runId, remote, ledger, save);
      pushed.tags = await this.pushTags(runId, remote, ledger, save);
      pushed.metrics = await this.pushMetrics(runId, remote, ledger, save);
      pushed.artifacts = await this.pushArtifacts(runId, ledger, save);
      const end = meta.status !== 'RUNNING' ? { status: meta.status, endTime: meta.endTime ?? Date.now() } : o.assumeEnded;
      if (end && (ledger.ended !== end.status || ledger.tags[SYNC_TAG] !== 'complete')) {
        await this.client.logBatch(remote, { tags: { [SYNC_TAG]: 'complete' } });
        ledger.tags[SYNC_TAG] = 'complete';
        await this.client.updateRun({ runId: remote, status: end.status, endTime: end.endTime });
        ledger.ended = end.status;
      }
      ledger.state = end ? 'complete' : 'partial';
      ledger.lastError = undefined;
      await save();
      return { runId, remoteRunId: remote, state: ledger.state, pushed, paramConflicts: Object.keys(ledger.paramConflicts ?? {}) };
    } catch (e) {
      const err = e as Error & Partial<MlflowError>;
      ledger.lastError = { at: Date.now(), message: err.message ?? String(e), errorCode: err.errorCode, status: err.status, permanent: isPermanent(e) };
      await save().catch(() => undefined);
      throw e;
    }
  }

  /**
   * Remote run id of a local run, creating the remote run (and its parents) if needed. Calls for
   * the same run share one promise: a child's push and its parent's own push must not both create
   * the parent (search-then-create is not atomic on the server).
   */
  async ensureCreated(runId: string): Promise<string> {
    const pending = this.creating.get(runId);
    if (pending) return pending;
    const created = (async () => {
      const meta = await readMeta(this.dir, runId);
      return this.ensureRemote(meta, await readLedger(this.dir, runId, this.client.uri));
    })().finally(() => this.creating.delete(runId));
    this.creating.set(runId, created);
    return created;
  }
  private readonly creating = new Map<string, Promise<string>>();

  private async ensureRemote(meta: RunMeta, ledger: Ledger): Promise<string> {
    if (ledger.remoteRunId) return ledger.remoteRunId;
    const parentRemote = meta.parentId ? await this.ensureCreated(meta.parentId) : undefined;
    const experimentId = await this.experimentId(meta.experiment);
    const tags = systemTags(meta, parentRemote);
    const [adopted] = (
      await this.client.searchRunsPage({ experimentIds: [experimentId], filter: `tags.\`${LOCAL_ID_TAG}\` = '${meta.id}'`, maxResults: 1, viewType: 'ALL' })
    ).runs;
    if (adopted?.info.lifecycle_stage === 'deleted') {
      throw new MlflowError(`MLflow run ${adopted.info.run_id} (local run ${meta.id}) is deleted; restore it or remove ${FILES.ledger} to push a new copy`, {
        endpoint: 'POST /api/2.0/mlflow/runs/search',
        errorCode: 'INVALID_STATE',
        transient: false,
        attempts: 1,
      });
    }
    const info = adopted?.info ?? (await this.client.createRun({ experimentId, runName: meta.name, startTime: meta.startTime, tags }));
    Object.assign(ledger, { experimentId, remoteRunId: info.run_id, artifactUri: info.artifact_uri });
    ledger.tags = { ...ledger.tags, ...tags };
    await writeLedger(this.dir, meta.id, ledger);
    return info.run_id;
  }

  private async experimentId(name: string): Promise<string> {
    let id = this.experimentIds.get(name);
    if (!id) {
      id = await this.client.getOrCreateExperiment(name);
      this.experimentIds.set(name, id);
    }
    return id;
  }

  /** New params; ones the server holds with another value are recorded as conflicts, not retried. */
  private async pushParams(runId: string, remote: string, ledger: Ledger, save: () => Promise<void>): Promise<number> {
    const all = await readJson<Record<string, string>>(runFile(this.dir, runId, 'params'), {});
    const todo = Object.entries(all).filter(([k]) => !(k in ledger.params) && !(k in (ledger.paramConflicts ?? {})));
    let sent = 0;
    const send = async (entries: [string, string][]) => {
      await this.client.logBatch(remote, { params: Object.fromEntries(entries) }, async (n) => {
        for (const [k, v] of entries.slice(sent, sent + n.params)) ledger.params[k] = v;
        sent += n.params;
        await save();
      });
    };
    try {
      await send(todo);
    } catch (e) {
      if (!isMlflowError(e, 'INVALID_PARAMETER_VALUE')) throw e;
      // Find the conflicting ones: one param per request.
      for (const entry of todo.filter(([k]) => !(k in ledger.params))) {
        try {
          await this.client.logBatch(remote, { params: { [entry[0]]: entry[1] } });
          ledger.params[entry[0]] = entry[1];
          sent++;
        } catch (err) {
          if (!isMlflowError(err, 'INVALID_PARAMETER_VALUE')) throw err;
          ledger.paramConflicts = { ...ledger.paramConflicts, [entry[0]]: entry[1] };
        }
        await save();
      }
    }
    return sent;
  }

  /** Tags whose value differs from the last one pushed (tags are last-write-wins). */
  private async pushTags(runId: string, remote: string, ledger: Ledger, save: () => Promise<void>): Promise<number> {
    const all = await readJson<Record<string, string>>(runFile(this.dir, runId, 'tags'), {});
    const todo = Object.entries(all).filter(([k, v]) => ledger.tags[k] !== v && k !== SYNC_TAG);
    if (todo.length === 0) return 0;
    await this.client.logBatch(remote, { tags: Object.fromEntries(todo) });
    for (const [k, v] of todo) ledger.tags[k] = v;
    await save();
    return todo.length;
  }

  /** Metric lines after the ledger's offset, 1000 per request, the ledger advanced after each. */
  private async pushMetrics(runId: string, remote: string, ledger: Ledger, save: () => Promise<void>): Promise<number> {
    let sent = 0;
    for (;;) {
      const chunk = await readMetricLines(this.dir, runId, ledger.metricOffset, LINES_PER_REQUEST);
      if (chunk.lines === 0) return sent;
      if (chunk.points.length > 0) await this.client.logBatch(remote, { metrics: chunk.points });
      ledger.metricOffset = chunk.nextOffset;
      ledger.metricLines += chunk.lines;
      ledger.metricPoints += chunk.points.length;
      sent += chunk.points.length;
      await save();
    }
  }

  /** Artifact files not pushed yet, or changed since (size or modification time). */
  private async pushArtifacts(runId: string, ledger: Ledger, save: () => Promise<void>): Promise<number> {
    const root = path.join(runDir(this.dir, runId), FILES.artifacts);
    let sent = 0;
    for (const rel of await listFiles(root)) {
      const abs = path.join(root, rel);
      const st = await fsp.stat(abs);
      const signature = `${st.size}:${Math.round(st.mtimeMs)}`;
      if (ledger.artifacts[rel] === signature) continue;
      await uploadArtifact(this.client.http, ledger.artifactUri ?? (await this.client.getRun(ledger.remoteRunId!)).info.artifact_uri, rel, abs);
      ledger.artifacts[rel] = signature;
      sent++;
      await save();
    }
    return sent;
  }
}

/** MLflow system tags for a run (docs/mlflow.md §1.8); `mlflow.runName` comes from `run_name`. */
export function systemTags(meta: RunMeta, parentRemoteId?: string): Record<string, string> {
  const tags: Record<string, string> = {
    'mlflow.source.name': meta.source.name,
    'mlflow.source.type': 'LOCAL',
    'mlflow.user': meta.source.user,
    [LOCAL_ID_TAG]: meta.id,
    [SYNC_TAG]: 'partial',
  };
  if (meta.source.gitCommit) tags['mlflow.source.git.commit'] = meta.source.gitCommit;
  if (parentRemoteId) tags['mlflow.parentRunId'] = parentRemoteId;
  return tags;
}
