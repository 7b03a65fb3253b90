/**
 * Split what a run has to send into `runs/log-batch` requests the server accepts (docs/mlflow.md §1.4):
 * at most 1000 metrics, 100 params, 100 tags and 1000 entities per request, and a JSON body of at
 * most 1 000 000 bytes. Order within each kind is kept (params, then tags, then metrics).
 */
import type { BatchBody, KeyValue, WireMetric } from './types';

export const BATCH_LIMITS = { metrics: 1000, params: 100, tags: 100, total: 1000, bytes: 1_000_000 } as const;
export type BatchLimits = { [K in keyof typeof BATCH_LIMITS]: number };

/** Bytes of the body `{"run_id":"<id>","metrics":[...],"params":[...],"tags":[...]}` for empty arrays. */
function overheadBytes(runId: string): number {
  return Buffer.byteLength(JSON.stringify({ run_id: runId, metrics: [], params: [], tags: [] }));
}

export function splitBatch(runId: string, all: Partial<BatchBody>, limits: BatchLimits = BATCH_LIMITS): BatchBody[] {
  const batches: BatchBody[] = [];
  const overhead = overheadBytes(runId);
  let cur: BatchBody = { metrics: [], params: [], tags: [] };
  let bytes = overhead;
  const count = () => cur.metrics.length + cur.params.length + cur.tags.length;
  const add = (kind: keyof BatchBody, item: WireMetric | KeyValue): void => {
    // +1 for the comma separating it from the previous item of its kind
    const size = Buffer.byteLength(JSON.stringify(item)) + (cur[kind].length > 0 ? 1 : 0);
    if (overhead + size > limits.bytes) throw new Error(`one ${kind.slice(0, -1)} ('${item.key}') alone is over the ${limits.bytes}-byte request limit`);
    if (cur[kind].length >= limits[kind] || count() >= limits.total || bytes + size > limits.bytes) {
      batches.push(cur);
      cur = { metrics: [], params: [], tags: [] };
      bytes = overhead;
      return add(kind, item);
    }
    (cur[kind] as (WireMetric | KeyValue)[]).push(item);
    bytes += size;
  };
  for (const p of all.params ?? []) add('params', p);
  for (const t of all.tags ?? []) add('tags', t);
  for (const m of all.metrics ?? []) add('metrics', m);
  if (count() > 0) batches.push(cur);
  return batches;
}

/** Exact body size of one batch, for tests and checks. */
export function batchBytes(runId: string, b: BatchBody): number {
  return Buffer.byteLength(JSON.stringify({ run_id: runId, ...b }));
}
