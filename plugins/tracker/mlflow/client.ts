/**
 * A typed client for MLflow's tracking REST API (docs/mlflow.md §1), over ./http.ts. Only what videor1
 * needs: experiments, runs, log-batch (split to the server's limits), metric history (paged) and,
 * in ./artifacts.ts, artifact upload and listing.
 */
import type { MetricPoint, RunStatus } from '../../../core/contracts/tracker';
import { sanitizeKey } from '../keys';
import { decodeNumber, encodeNumber } from '../values';
import { splitBatch } from './batch';
import { HttpClient, MlflowError, isMlflowError, type HttpOptions, type RequestInit2 } from './http';
import type { Experiment, KeyValue, Run, RunInfo, WireMetric } from './types';

const API = '/api/2.0/mlflow';

/**
 * MLflow 3's UI opens an experiment by its `mlflow.experimentKind` tag (server/js ExperimentKind):
 * without one it infers, and an experiment with no traces can land in the GenAI view (traces,
 * sessions, judges). videor1 logs model training: `custom_model_development` opens the runs table.
 */
export const EXPERIMENT_KIND_TAG = 'mlflow.experimentKind';
export const EXPERIMENT_KIND = 'custom_model_development';

/**
 * The UI address of an experiment's runs table. MLflow 3.17's UI picks its view from a global
 * workflow switch (the `workflowType` query parameter, else the last choice, default GenAI) before
 * the kind tag, so links name the model-training view explicitly.
 */
export function experimentUrl(uri: string, experimentId: string): string {
  return `${uri.replace(/\/+$/, '')}/#/experiments/${experimentId}?workflowType=machine_learning`;
}

/** Metric point → wire form: key sanitised, NaN/±Infinity as strings, integer step and timestamp. */

export function toWireMetric(p: MetricPoint): WireMetric {
  return { key: sanitizeKey(p.key), value: encodeNumber(p.value), timestamp: Math.round(p.timestamp), step: Math.trunc(p.step) };
}

/**
 * Wire form → metric point. The SQL store keeps ±Infinity as ±Number.MAX_VALUE (it clamps
 * infinities to the largest double), so those read back as ±Infinity.
 */
export function fromWireMetric(w: WireMetric): MetricPoint {
  let value = decodeNumber(w.value);
  if (value === Number.MAX_VALUE) value = Infinity;
  else if (value === -Number.MAX_VALUE) value = -Infinity;
  return { key: w.key, value, step: Number(w.step ?? 0), timestamp: Number(w.timestamp) };
}

/** Params and tags go as string key-value pairs (the server asserts strings). */
export function toKeyValues(record: Record<string, unknown>): KeyValue[] {
  return Object.entries(record).map(([key, value]) => ({ key: sanitizeKey(key), value: String(value) }));
}

export interface SearchRunsRequest {
  experimentIds: string[];
  filter?: string;
  orderBy?: string[];
  /** Page size (server default 1000, at most 50 000). */
  maxResults?: number;
  viewType?: 'ACTIVE_ONLY' | 'DELETED_ONLY' | 'ALL';
}

export class MlflowClient {
  readonly http: HttpClient;

  constructor(o: HttpOptions) {
    this.http = new HttpClient(o);
  }

  /** The server's address, without credentials. */
  get uri(): string {
    return this.http.baseUrl;
  }

  private call<T>(method: 'GET' | 'POST', endpoint: string, init: RequestInit2 = {}): Promise<T> {
    return this.http.request<T>(method, `${API}/${endpoint}`, init);
  }

  /** The server's version string (`GET /version`). */
  version(): Promise<string> {
    return this.http.request<string>('GET', '/version', { as: 'text' });
  }

  // ---- experiments -------------------------------------------------------------------------

  /** The experiment named `name` (active, or deleted if no active one has it), or undefined. */
  async getExperimentByName(name: string): Promise<Experiment | undefined> {
    try {
      return (await this.call<{ experiment: Experiment }>('GET', 'experiments/get-by-name', { query: { experiment_name: name } })).experiment;
    } catch (e) {
      if (isMlflowError(e, 'RESOURCE_DOES_NOT_EXIST')) return undefined;
      throw e;
    }
  }

  async createExperiment(name: string, tags: Record<string, string> = {}): Promise<string> {
    const r = await this.call<{ experiment_id: string }>('POST', 'experiments/create', { json: { name, tags: toKeyValues(tags) } });
    return r.experiment_id;
  }

  /**
   * Id of the active experiment `name`, created if missing. Race-safe: a concurrent create
   * (RESOURCE_ALREADY_EXISTS) looks it up again. A deleted experiment of that name is not
   * restored behind the user's back: that is a clear, permanent error.
   */
  async getOrCreateExperiment(name: string): Promise<string> {
    let exp = await this.getExperimentByName(name);
    if (!exp) {
      try {
        return await this.createExperiment(name, { [EXPERIMENT_KIND_TAG]: EXPERIMENT_KIND });
      } catch (e) {
        if (!isMlflowError(e, 'RESOURCE_ALREADY_EXISTS')) throw e;
        exp = await this.getExperimentByName(name);
        if (!exp) throw e;
      }
    }
    if (exp.lifecycle_stage === 'deleted') {
      throw new MlflowError(
        `MLflow experiment '${name}' (id ${exp.experiment_id}) is deleted: restore it (MLflow UI trash, or 'mlflow experiments restore --experiment-id ${exp.experiment_id}') or use another experiment name`,
        { endpoint: 'GET /api/2.0/mlflow/experiments/get-by-name', errorCode: 'INVALID_STATE', transient: false, attempts: 1 },
      );
    }
    // an experiment made before the kind tag (or by a bare client) would open in the GenAI view
    if (!exp.tags?.some((t) => t.key === EXPERIMENT_KIND_TAG)) await this.setExperimentTag(exp.experiment_id, EXPERIMENT_KIND_TAG, EXPERIMENT_KIND);
    return exp.experiment_id;
  }

  async setExperimentTag(experimentId: string, key: string, value: string): Promise<void> {
    await this.call('POST', 'experiments/set-experiment-tag', { json: { experiment_id: experimentId, key, value } });
  }

  async restoreExperiment(experimentId: string): Promise<void> {
    await this.call('POST', 'experiments/restore', { json: { experiment_id: experimentId } });
  }

  async deleteExperiment(experimentId: string): Promise<void> {
    await this.call('POST', 'experiments/delete', { json: { experiment_id: experimentId } });
  }

  // ---- runs --------------------------------------------------------------------------------

  async createRun(o: { experimentId: string; runName?: string; startTime?: number; tags?: Record<string, string> }): Promise<RunInfo> {
    const r = await this.call<{ run: Run }>('POST', 'runs/create', {
      json: { experiment_id: o.experimentId, run_name: o.runName, start_time: o.startTime ?? Date.now(), tags: toKeyValues(o.tags ?? {}) },
    });
    return r.run.info;
  }

  async updateRun(o: { runId: string; status?: RunStatus; endTime?: number; runName?: string }): Promise<RunInfo> {
    const r = await this.call<{ run_info: RunInfo }>('POST', 'runs/update', {
      json: { run_id: o.runId, status: o.status, end_time: o.endTime, run_name: o.runName },
    });
    return r.run_info;
  }

  async getRun(runId: string): Promise<Run> {
    return (await this.call<{ run: Run }>('GET', 'runs/get', { query: { run_id: runId } })).run;
  }

  async deleteRun(runId: string): Promise<void> {
    await this.call('POST', 'runs/delete', { json: { run_id: runId } });
  }

  /** One page of `runs/search`; `pageToken` from the previous page. */
  async searchRunsPage(q: SearchRunsRequest, pageToken?: string): Promise<{ runs: Run[]; nextPageToken?: string }> {
    const r = await this.call<{ runs?: Run[]; next_page_token?: string }>('POST', 'runs/search', {
      json: {
        experiment_ids: q.experimentIds,
        filter: q.filter,
        order_by: q.orderBy,
        max_results: q.maxResults ?? 1000,
        run_view_type: q.viewType ?? 'ACTIVE_ONLY',
        page_token: pageToken,
      },
    });
    return { runs: r.runs ?? [], nextPageToken: r.next_page_token || undefined };
  }

  /** Every run matching, following page tokens. */
  async searchRuns(q: SearchRunsRequest): Promise<Run[]> {
    const out: Run[] = [];
    let token: string | undefined;
    do {
      const page = await this.searchRunsPage(q, token);
      out.push(...page.runs);
      token = page.nextPageToken;
    } while (token);
    return out;
  }

  async setTag(runId: string, key: string, value: string): Promise<void> {
    await this.call('POST', 'runs/set-tag', { json: { run_id: runId, key: sanitizeKey(key), value } });
  }

  /**
   * Log metrics, params and tags in as many `runs/log-batch` requests as the limits need
   * (./batch.ts). `onBatch` runs after each accepted request with what it held, so a caller can
   * record progress; a failure stops at that batch (earlier ones are on the server).
   */
  async logBatch(
    runId: string,
    o: { metrics?: MetricPoint[]; params?: Record<string, string>; tags?: Record<string, string> },
    onBatch?: (sent: { metrics: number; params: number; tags: number }) => Promise<void> | void,
  ): Promise<number> {
    const batches = splitBatch(runId, { metrics: (o.metrics ?? []).map(toWireMetric), params: toKeyValues(o.params ?? {}), tags: toKeyValues(o.tags ?? {}) });
    for (const b of batches) {
      await this.call('POST', 'runs/log-batch', { json: { run_id: runId, metrics: b.metrics, params: b.params, tags: b.tags } });
      await onBatch?.({ metrics: b.metrics.length, params: b.params.length, tags: b.tags.length });
    }
    return batches.length;
  }

  /**
   * Every point of one metric, following page tokens (`pageSize` per request). Servers before
   * 3.1.1 ignore paging and return everything at once; that works too.
   */
  async getMetricHistory(runId: string, key: string, pageSize = 1000): Promise<MetricPoint[]> {
    const out: MetricPoint[] = [];
    const seen = new Set<string>();
    let token: string | undefined;
    do {
      const r = await this.call<{ metrics?: WireMetric[]; next_page_token?: string }>('GET', 'metrics/get-history', {
        query: { run_id: runId, metric_key: key, max_results: pageSize, page_token: token },
      });
      out.push(...(r.metrics ?? []).map(fromWireMetric));
      token = r.next_page_token || undefined;
      if (token && seen.has(token)) break;
      if (token) seen.add(token);
    } while (token);
    return out;
  }
}
