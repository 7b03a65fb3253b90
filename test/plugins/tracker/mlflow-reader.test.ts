/**
 * The mlflow tracker's run reader against a fake MLflow (a local HTTP peer answering hand-written
 * replies): tag filters and page tokens, a child without a config hash, a FINISHED and a RUNNING
 * child, the local copy deciding for a run in both stores, and bad replies as exit-2 errors.
 */
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { reportError } from '../../../core/cli/main';
import type { PluginMeta } from '../../../core/contracts/plugin';
import type { RunReader, RunReaderCapability, StoredRun, Tracker } from '../../../core/contracts/tracker';
import { isUserError } from '../../../core/errors';
import { findResumable } from '../../../core/grid/resume';
import { PluginRegistry } from '../../../core/registry/registry';
import trackers from '../../../plugins/tracker';
import { TrackerServerError } from '../../../plugins/tracker/errors';
import { MlflowClient } from '../../../plugins/tracker/mlflow/client';
import { MlflowRunReader } from '../../../plugins/tracker/mlflow/reader';

interface Seen {
  method: string;
  path: string;
  body: Record<string, unknown>;
}

/** A peer answering each `METHOD path` from `routes` (a function of the request body, or a fixed reply). */
async function fakeMlflow(routes: Record<string, (body: Record<string, unknown>) => unknown>): Promise<{ uri: string; seen: Seen[]; close(): Promise<void> }> {
  const seen: Seen[] = [];
  const server = http.createServer((req, res) => {
    let text = '';
    req.on('data', (c) => (text += c));
    req.on('end', () => {
      const url = new URL(req.url ?? '/', 'http://x');
      const body = text ? (JSON.parse(text) as Record<string, unknown>) : Object.fromEntries(url.searchParams);
      seen.push({ method: req.method ?? '', path: url.pathname, body });
      const route = routes[`${req.method} ${url.pathname.replace('/api/2.0/mlflow/', '')}`];
      if (!route) {
        res.writeHead(404, { 'content-type': 'application/json' });
        return res.end(JSON.stringify({ error_code: 'ENDPOINT_NOT_FOUND', message: 'no route' }));
      }
      const reply = route(body);
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(typeof reply === 'string' ? reply : JSON.stringify(reply));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    uri: `http://127.0.0.1:${port}`,
    seen,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

const tags = (t: Record<string, string>) => Object.entries(t).map(([key, value]) => ({ key, value }));
const GRID = 'g0123456789abcdef';

function wireRun(id: string, status: string, start: number, t: Record<string, string>, metrics: { key: string; value: number | string; step: number }[] = []) {
  return {
    info: {
      run_id: id,
      run_name: id,
      experiment_id: '7',
      status,
      start_time: start,
      end_time: status === 'RUNNING' ? undefined : start + 10,
      artifact_uri: '',
      lifecycle_stage: 'active',
    },
    data: { tags: tags(t), params: [{ key: 'rl.steps', value: '1' }], metrics: metrics.map((m) => ({ ...m, timestamp: start + 5 })) },
  };
}

/** Two pages of runs: the parent, a child without a hash, a FINISHED child (page 2) and a RUNNING one. */
const child = (hash: string, localId?: string) => ({
  'mlflow.parentRunId': 'parent1',
  'ablation.grid_id': GRID,
  'videor1.config_hash': hash,
  ...(localId ? { 'videor1.local_run_id': localId } : {}),
});
const PAGE1 = [
  wireRun('parent1', 'FINISHED', 1000, { 'ablation.grid_id': GRID }),
  wireRun('nohash', 'FINISHED', 1100, { 'mlflow.parentRunId': 'parent1', 'ablation.grid_id': GRID }),
  wireRun('running1', 'RUNNING', 1300, child('hashR')),
];
const PAGE2 = [
  wireRun('done1', 'FINISHED', 1200, child('hashF', 'L-done'), [
    { key: 'eval/temporal/acc', value: 0.5, step: 3 },
    { key: 'loss', value: 'NaN', step: 3 },
  ]),
];

function routes(extra: Record<string, (b: Record<string, unknown>) => unknown> = {}) {
  return {
    'POST experiments/search': (b: Record<string, unknown>) =>
      b.page_token ? { experiments: [{ experiment_id: '7', name: 'b' }] } : { experiments: [{ experiment_id: '0', name: 'Default' }], next_page_token: 'e2' },
    'POST runs/search': (b: Record<string, unknown>) => (b.page_token === 'r2' ? { runs: PAGE2 } : { runs: PAGE1, next_page_token: 'r2' }),
    'POST runs/update': (b: Record<string, unknown>) => ({ run_info: { run_id: b.run_id, status: b.status } }),
    ...extra,
  };
}

const readerOf = (uri: string) => new MlflowRunReader(new MlflowClient({ uri, timeoutMs: 5000, retries: 0 }));

/** A local store holding `runs` (already read). */
function localStore(runs: StoredRun[]): RunReader {
  return { list: async () => runs, read: async (id) => runs.find((r) => r.id === id)! };
}

function recordingTracker(): Tracker & { ended: [string, string][] } {
  const ended: [string, string][] = [];
  const noop = async () => undefined;
  return {
    name: 'fake',
    ended,
    startRun: async () => 'x',
    logParams: noop,
    logMetrics: noop,
    setTags: noop,
    logArtifact: noop,
    flush: noop,
    endRun: async (id, s) => void ended.push([id, s]),
  };
}

const dirs = () => {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'videor1-mlreader-'));
  return new Map(['hashF', 'hashR', 'hashL'].map((h) => [h, path.join(root, h)])); // no pid files: every process is gone
};

it('finds runs by tag across experiment and run pages, oldest first, with the last metric values', async () => {
  const peer = await fakeMlflow(routes());
  try {
    const runs = await readerOf(peer.uri).find({ 'ablation.grid_id': GRID });
    expect(runs.map((r) => r.id)).toEqual(['parent1', 'nohash', 'done1', 'running1']);
    const search = peer.seen.filter((s) => s.path.endsWith('runs/search'));
    expect(search.map((s) => s.body.page_token)).toEqual([undefined, 'r2']);
    expect(search[0].body).toMatchObject({ experiment_ids: ['0', '7'], filter: `tags.\`ablation.grid_id\` = '${GRID}'`, run_view_type: 'ACTIVE_ONLY' });
    expect(peer.seen.filter((s) => s.path.endsWith('experiments/search')).map((s) => s.body.page_token)).toEqual([undefined, 'e2']);
    const done = runs.find((r) => r.id === 'done1')!;
    expect(done).toMatchObject({ parentId: 'parent1', status: 'FINISHED', localId: 'L-done', params: { 'rl.steps': '1' } });
    expect(done.metrics.map((m) => [m.key, m.step])).toEqual([
      ['eval/temporal/acc', 3],
      ['loss', 3],
    ]);
    expect(done.metrics[1].value).toBeNaN();
    expect(runs[0].parentId).toBeUndefined();
  } finally {
    await peer.close();
  }
});

it('findResumable: a FINISHED child only in MLflow is reused, a RUNNING one is ended KILLED there, a child without a hash is ignored', async () => {
  const peer = await fakeMlflow(routes());
  try {
    const tracker = recordingTracker();
    const r = await findResumable([localStore([]), readerOf(peer.uri)], tracker, GRID, dirs());
    expect([...r.finished.keys()]).toEqual(['hashF']);
    expect(r.finished.get('hashF')).toMatchObject({ runId: 'done1', metrics: { 'eval/temporal/acc': 0.5 } });
    expect(r.killed).toEqual(['running1']);
    expect(tracker.ended).toEqual([]); // no local copy: the reader ends it on the server
    const update = peer.seen.find((s) => s.path.endsWith('runs/update'))!;
    expect(update.body).toMatchObject({ run_id: 'running1', status: 'KILLED' });
  } finally {
    await peer.close();
  }
});

it('findResumable: a run in both stores counts once, as the local store has it (killed through the tracker)', async () => {
  const peer = await fakeMlflow(routes());
  try {
    const local: StoredRun = {
      id: 'L-done',
      experiment: 'b',
      name: 'cell',
      parentId: 'Lparent',
      status: 'RUNNING',
      startTime: 1200,
      params: {},
      tags: { 'ablation.grid_id': GRID, 'videor1.config_hash': 'hashF' },
      metrics: [],
      artifacts: [],
    };
    const tracker = recordingTracker();
    const r = await findResumable([localStore([local]), readerOf(peer.uri)], tracker, GRID, dirs());
    expect(r.finished.has('hashF')).toBe(false); // MLflow's FINISHED copy does not override the local RUNNING run
    expect(tracker.ended).toEqual([['L-done', 'KILLED']]);
    expect(r.killed).toEqual(['L-done', 'running1']);
  } finally {
    await peer.close();
  }
});

it('the mlflow tracker plugin exposes the reader through its RunReaderCapability', async () => {
  const peer = await fakeMlflow(routes());
  try {
    const registry = new PluginRegistry({ tracker: trackers });
    const plugin = await registry.load<PluginMeta & RunReaderCapability>('tracker', 'mlflow', 'test');
    const reader = plugin.reader(registry.parseOptions(plugin, { uri: peer.uri }, 'test'));
    expect((await reader.list()).map((r) => r.id)).toEqual(['parent1', 'nohash', 'done1', 'running1']);
    expect((await reader.list())[2]).not.toHaveProperty('tags');
  } finally {
    await peer.close();
  }
});

describe('bad server replies', () => {
  const cases: [string, Record<string, (b: Record<string, unknown>) => unknown>, RegExp][] = [
    [
      'runs not an array',
      { 'POST runs/search': () => ({ runs: 'oops' }) },
      /runs\/search: unexpected MLflow reply; expected `runs` as an array of runs; found "oops"/,
    ],
    ['a run without info', { 'POST runs/search': () => ({ runs: [{ data: {} }] }) }, /runs\/search: unexpected MLflow reply; expected runs with `info.run_id`/],
    [
      'an unknown status',
      { 'POST runs/search': () => ({ runs: [{ ...PAGE1[2], info: { ...PAGE1[2].info, status: 'DONE' } }] }) },
      /expected a run status .* for run running1; found "DONE"/,
    ],
    ['not JSON', { 'POST runs/search': () => '<html>proxy</html>' }, /runs\/search: cannot read runs from MLflow: .*reply is not JSON/],
    ['a page token repeated', { 'POST runs/search': () => ({ runs: [], next_page_token: 'same' }) }, /expected a new `next_page_token` on every page/],
    [
      'experiments not an array',
      { 'POST experiments/search': () => ({ experiments: {} }) },
      /experiments\/search: unexpected MLflow reply; expected `experiments` as an array/,
    ],
  ];
  it.each(cases)('%s: a clear error naming the URL and what was expected, exit 2 without a stack', async (_name, extra, message) => {
    const peer = await fakeMlflow(routes(extra));
    try {
      const e = await readerOf(peer.uri)
        .find({ 'ablation.grid_id': GRID })
        .catch((err: unknown) => err);
      expect(e).toBeInstanceOf(TrackerServerError);
      expect(isUserError(e)).toBe(true);
      expect((e as Error).message).toContain(`${peer.uri}/api/2.0/mlflow/`);
      expect((e as Error).message).toMatch(message);
      const printed: string[] = [];
      expect(reportError(e, (t) => printed.push(t))).toBe(2);
      expect(printed.join('\n')).not.toMatch(/\n\s+at /);
    } finally {
      await peer.close();
    }
  });

  it('an unreachable server names its address', async () => {
    const e = await readerOf('http://127.0.0.1:1')
      .find({ 'ablation.grid_id': GRID })
      .catch((err: unknown) => err);
    expect(isUserError(e)).toBe(true);
    expect((e as Error).message).toMatch(
      /^http:\/\/127\.0\.0\.1:1\/api\/2\.0\/mlflow\/experiments\/search: cannot read runs from MLflow: .*cannot reach.*; expected a reachable MLflow tracking server/,
    );
  });
});
