/**
 * Read runs back from an MLflow tracking server (docs/mlflow.md §1): the `mlflow` tracker's
 * `RunReaderCapability`, used by `videor1 grid --resume` to find cells that finished on the server
 * (a lost local folder, a grid run on another machine). `find` is one `runs/search` per block of
 * experiments with a filter on tags, following `page_token`; a run's metrics are the last value of
 * each (`run.data.metrics`, what the run table shows), not their history. Replies are checked:
 * an unreachable server or a reply of the wrong shape is a `TrackerServerError` (exit 2).
 */
import type { MetricPoint, RunReader, RunStatus, StoredRun, StoredRunInfo } from '../../../core/contracts/tracker';
import { UserError } from '../../../core/errors';
import { TrackerServerError } from '../errors';
import { fromWireMetric, type MlflowClient } from './client';
import { MlflowError } from './http';
import { LOCAL_ID_TAG } from './pusher';
import type { KeyValue, Run } from './types';

const API = '/api/2.0/mlflow';
/** Experiments per `runs/search` request. */
const EXPERIMENTS_PER_SEARCH = 100;
/** Runs per page. */
const PAGE_SIZE = 1000;
const STATUSES: Record<string, RunStatus> = { RUNNING: 'RUNNING', SCHEDULED: 'RUNNING', FINISHED: 'FINISHED', FAILED: 'FAILED', KILLED: 'KILLED' };

export class MlflowRunReader implements RunReader {
  constructor(private readonly client: MlflowClient) {}

  /** Every active run on the server, oldest first (parameters and tags are read along, then dropped). */
  async list(): Promise<StoredRunInfo[]> {
    return (await this.search()).map(({ id, experiment, name, parentId, status, startTime, endTime, localId }) => ({
      id,
      experiment,
      name,
      parentId,
      status,
      startTime,
      endTime,
      ...(localId ? { localId } : {}),
    }));
  }

  async read(id: string): Promise<StoredRun> {
    const endpoint = 'runs/get';
    const reply = await this.call<{ run?: unknown }>('GET', endpoint, { query: { run_id: id } });
    return this.storedRun(reply.run, endpoint);
  }

  /** Active runs whose tags hold these values (one filter clause per tag), oldest first. */
  find(tags: Record<string, string>): Promise<StoredRun[]> {
    return this.search(Object.entries(tags).map(([k, v]) => `tags.\`${k}\` = ${quoteValue(k, v)}`));
  }

  async end(id: string, status: Exclude<RunStatus, 'RUNNING'>): Promise<void> {
    await this.call('POST', 'runs/update', { json: { run_id: id, status, end_time: Date.now() } });
  }

  private async search(clauses: string[] = []): Promise<StoredRun[]> {
    const experimentIds = await this.experimentIds();
    const out: StoredRun[] = [];
    const endpoint = 'runs/search';
    for (let i = 0; i < experimentIds.length; i += EXPERIMENTS_PER_SEARCH) {
      const seen = new Set<string>();
      let token: string | undefined;
      do {
        const reply = await this.call<{ runs?: unknown; next_page_token?: unknown }>('POST', endpoint, {
          json: {
            experiment_ids: experimentIds.slice(i, i + EXPERIMENTS_PER_SEARCH),
            filter: clauses.join(' AND ') || undefined,
            max_results: PAGE_SIZE,
            run_view_type: 'ACTIVE_ONLY',
            order_by: ['attributes.start_time ASC'],
            page_token: token,
          },
        });
        if (reply.runs !== undefined && !Array.isArray(reply.runs)) this.bad(endpoint, '`runs` as an array of runs', reply.runs);
        for (const r of (reply.runs as unknown[] | undefined) ?? []) out.push(this.storedRun(r, endpoint));
        token = this.pageToken(reply.next_page_token, endpoint, seen);
      } while (token);
    }
    return out.sort((a, b) => a.startTime - b.startTime || a.id.localeCompare(b.id));
  }

  /** Ids of every active experiment (`experiments/search`, paged). */
  private async experimentIds(): Promise<string[]> {
    const ids: string[] = [];
    const seen = new Set<string>();
    const endpoint = 'experiments/search';
    let token: string | undefined;
    do {
      const reply = await this.call<{ experiments?: unknown; next_page_token?: unknown }>('POST', endpoint, {
        json: { max_results: PAGE_SIZE, view_type: 'ACTIVE_ONLY', page_token: token },
      });
      if (reply.experiments !== undefined && !Array.isArray(reply.experiments)) this.bad(endpoint, '`experiments` as an array', reply.experiments);
      for (const e of (reply.experiments as unknown[] | undefined) ?? []) {
        const id = (e as { experiment_id?: unknown } | null)?.experiment_id;
        if (typeof id !== 'string' || id === '') this.bad(endpoint, 'experiments with a string `experiment_id`', e);
        ids.push(id);
      }
      token = this.pageToken(reply.next_page_token, endpoint, seen);
    } while (token);
    return ids;
  }

  private pageToken(token: unknown, endpoint: string, seen: Set<string>): string | undefined {
    if (token === undefined || token === null || token === '') return undefined;
    if (typeof token !== 'string') this.bad(endpoint, '`next_page_token` as a string (or none on the last page)', token);
    if (seen.has(token)) this.bad(endpoint, 'a new `next_page_token` on every page', `${JSON.stringify(token)} again`);
    seen.add(token);
    return token;
  }

  /** A run as the server sent it → a stored run (its shape checked). */
  private storedRun(raw: unknown, endpoint: string): StoredRun {
    const run = raw as Partial<Run> | null;
    const info = run?.info;
    if (!info || typeof info.run_id !== 'string' || typeof info.experiment_id !== 'string')
      this.bad(endpoint, 'runs with `info.run_id` and `info.experiment_id`', raw);
    const status = STATUSES[String(info.status)];
    if (!status) this.bad(endpoint, `a run status (${Object.keys(STATUSES).join(', ')}) for run ${info.run_id}`, info.status);
    const data = run!.data ?? {};
    const tags = this.pairs(data.tags, endpoint, `tags of run ${info.run_id}`);
    const metrics: MetricPoint[] = [];
    if (data.metrics !== undefined && !Array.isArray(data.metrics)) this.bad(endpoint, `metrics of run ${info.run_id} as an array`, data.metrics);
    for (const m of data.metrics ?? []) {
      const p = m && typeof m.key === 'string' ? fromWireMetric(m) : undefined;
      if (!p || !Number.isFinite(p.step) || !Number.isFinite(p.timestamp))
        this.bad(endpoint, `metrics of run ${info.run_id} as {key, value, step, timestamp}`, m);
      metrics.push(p);
    }
    return {
      id: info.run_id,
      experiment: info.experiment_id,
      name: info.run_name ?? tags['mlflow.runName'] ?? info.run_id,
      ...(tags['mlflow.parentRunId'] ? { parentId: tags['mlflow.parentRunId'] } : {}),
      status,
      startTime: Number(info.start_time ?? 0),
      ...(info.end_time ? { endTime: Number(info.end_time) } : {}),
      ...(tags[LOCAL_ID_TAG] ? { localId: tags[LOCAL_ID_TAG] } : {}),
      params: this.pairs(data.params, endpoint, `params of run ${info.run_id}`),
      tags,
      metrics,
      artifacts: [],
    };
  }

  private pairs(list: KeyValue[] | undefined, endpoint: string, what: string): Record<string, string> {
    if (list === undefined) return {};
    if (!Array.isArray(list)) this.bad(endpoint, `${what} as an array of {key, value}`, list);
    const out: Record<string, string> = {};
    for (const kv of list) {
      if (!kv || typeof kv.key !== 'string' || typeof kv.value !== 'string') this.bad(endpoint, `${what} as {key, value} strings`, kv);
      out[kv.key] = kv.value;
    }
    return out;
  }

  private async call<T>(method: 'GET' | 'POST', endpoint: string, init: { query?: Record<string, string>; json?: unknown }): Promise<T> {
    let reply: unknown;
    try {
      reply = await this.client.http.request<unknown>(method, `${API}/${endpoint}`, init);
    } catch (e) {
      if (!(e instanceof MlflowError)) throw e;
      throw new TrackerServerError(this.url(endpoint), `cannot read runs from MLflow: ${e.message}`, {
        expected: e.status === undefined ? 'a reachable MLflow tracking server' : `a ${method} ${endpoint} reply (MLflow REST API 2.0)`,
      });
    }
    if (!reply || typeof reply !== 'object' || Array.isArray(reply)) this.bad(endpoint, `a JSON object (the ${endpoint} reply)`, reply);
    return reply as T;
  }

  private bad(endpoint: string, expected: string, found: unknown): never {
    throw new TrackerServerError(this.url(endpoint), 'unexpected MLflow reply', { expected, found: short(found) });
  }

  private url(endpoint: string): string {
    return `${this.client.uri}${API}/${endpoint}`;
  }
}

/** A filter value in single quotes; a quote in it cannot be written in MLflow's filter grammar. */
function quoteValue(key: string, value: string): string {
  if (value.includes("'"))
    throw new UserError(`cannot search MLflow for tag '${key}'`, { expected: 'a value without single quotes', found: JSON.stringify(value) });
  return `'${value}'`;
}

function short(v: unknown): string {
  if (v === undefined) return 'nothing';
  const text = JSON.stringify(v) ?? String(v);
  return text.length > 120 ? `${text.slice(0, 117)}...` : text;
}
