import { BATCH_LIMITS, batchBytes, splitBatch } from '../../../plugins/tracker/mlflow/batch';
import type { BatchBody, KeyValue, WireMetric } from '../../../plugins/tracker/mlflow/types';

const RUN = 'f'.repeat(32);
const metrics = (n: number, key = 'loss'): WireMetric[] => Array.from({ length: n }, (_, i) => ({ key, value: i, step: i, timestamp: 1_700_000_000_000 + i }));
const kv = (n: number, prefix: string, len = 5): KeyValue[] => Array.from({ length: n }, (_, i) => ({ key: `${prefix}${i}`, value: 'v'.repeat(len) }));

/** Every batch is within every limit, and together they hold each item once, in order. */
function checkBatches(batches: BatchBody[], input: BatchBody): void {
  for (const b of batches) {
    expect(b.metrics.length).toBeLessThanOrEqual(BATCH_LIMITS.metrics);
    expect(b.params.length).toBeLessThanOrEqual(BATCH_LIMITS.params);
    expect(b.tags.length).toBeLessThanOrEqual(BATCH_LIMITS.tags);
    expect(b.metrics.length + b.params.length + b.tags.length).toBeLessThanOrEqual(BATCH_LIMITS.total);
    expect(b.metrics.length + b.params.length + b.tags.length).toBeGreaterThan(0);
    expect(batchBytes(RUN, b)).toBeLessThanOrEqual(BATCH_LIMITS.bytes);
  }
  expect(batches.flatMap((b) => b.metrics)).toEqual(input.metrics);
  expect(batches.flatMap((b) => b.params)).toEqual(input.params);
  expect(batches.flatMap((b) => b.tags)).toEqual(input.tags);
}

describe('splitBatch cuts log-batch requests to the server limits', () => {
  it.each([
    { why: 'nothing to send: no request', input: { metrics: [], params: [], tags: [] }, requests: 0 },
    { why: 'exactly 1000 metrics: one request', input: { metrics: metrics(1000), params: [], tags: [] }, requests: 1 },
    { why: '2500 metrics: 1000 per request', input: { metrics: metrics(2500), params: [], tags: [] }, requests: 3 },
    { why: '250 params: 100 per request', input: { metrics: [], params: kv(250, 'p'), tags: [] }, requests: 3 },
    { why: '150 tags: 100 per request', input: { metrics: [], params: [], tags: kv(150, 't') }, requests: 2 },
    {
      why: '100 params + 100 tags + 900 metrics: 1000 entities in all per request',
      input: { metrics: metrics(900), params: kv(100, 'p'), tags: kv(100, 't') },
      requests: 2,
    },
    {
      why: '100 params of 6000 chars + 100 tags of 5000 chars: over 1 MB, split by bytes',
      input: { metrics: [], params: kv(100, 'p', 6000), tags: kv(100, 't', 5000) },
      requests: 2,
    },
    { why: '1000 metrics with 250-char keys stay under 1 MB', input: { metrics: metrics(1000, 'k'.repeat(250)), params: [], tags: [] }, requests: 1 },
  ])('$why', ({ input, requests }) => {
    const batches = splitBatch(RUN, input);
    expect(batches).toHaveLength(requests);
    checkBatches(batches, input);
  });

  it('a byte limit is exact: the body of each request is at most the limit', () => {
    const input = { metrics: metrics(300), params: kv(30, 'p', 100), tags: kv(30, 't', 100) };
    const limits = { ...BATCH_LIMITS, bytes: 4096 };
    const batches = splitBatch(RUN, input, limits);
    for (const b of batches) expect(batchBytes(RUN, b)).toBeLessThanOrEqual(4096);
    expect(batches.length).toBeGreaterThan(5);
    expect(batches.flatMap((b) => b.metrics)).toEqual(input.metrics);
  });

  it('a single entity over the byte limit is an error, not an endless loop', () => {
    expect(() => splitBatch(RUN, { params: kv(1, 'p', 2000) }, { ...BATCH_LIMITS, bytes: 1000 })).toThrow(/alone is over the 1000-byte/);
  });
});
