import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { isUserError } from '../../../core/errors';
import { PluginRegistry } from '../../../core/registry/registry';
import type { Tracker } from '../../../core/contracts/tracker';
import { TrackerRejectedError } from '../../../plugins/tracker/errors';
import trackers from '../../../plugins/tracker';
import local from '../../../plugins/tracker/local';
import { readLinesFrom } from '../../../plugins/tracker/local/files';
import { listRuns, readMetricLines, readRun } from '../../../plugins/tracker/local/reader';

let dir: string;
let tracker: Tracker;
beforeEach(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'videor1-local-'));
  tracker = await new PluginRegistry({ tracker: trackers }).create<Tracker, object>('tracker', { name: 'local', options: { dir } }, {});
});
afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

describe('local tracker meta', () => {
  it('defaults parse and the dir defaults to runs/', () => {
    expect(local.options.parse({})).toEqual({ dir: 'runs' });
    expect(local.options.safeParse({ nope: 1 }).success).toBe(false);
    expect(Object.keys(trackers)).toEqual([...Object.keys(trackers)].sort());
  });
});

describe('local tracker writes one folder of plain files per run', () => {
  it('a run reads back exactly: meta, params, tags, metrics (NaN and infinities too), artifacts', async () => {
    const id = await tracker.startRun({ experiment: 'exp', runName: 'r1', tags: { 'ablation.grid': 'g' } });
    await tracker.logParams(id, { 'rl.lr': '0.001', 'rewards[0].name': 'accuracy' });
    await tracker.logMetrics(id, 0, { reward: 0.5, kl: NaN }, 1000);
    await tracker.logMetrics(id, 1, { reward: Infinity, kl: -Infinity }, 2000);
    await tracker.setTags(id, { note: 'hi' });
    const src = fs.mkdtempSync(path.join(os.tmpdir(), 'videor1-art-'));
    fs.mkdirSync(path.join(src, 'sub'));
    fs.writeFileSync(path.join(src, 'report.json'), '{}');
    fs.writeFileSync(path.join(src, 'sub', 'x.bin'), Buffer.from([0, 1, 2]));
    await tracker.logArtifact(id, src, 'report');
    await tracker.logArtifact(id, path.join(src, 'report.json'), 'config');
    await tracker.logArtifact(id, path.join(src, 'report.json'));
    await tracker.endRun(id, 'FINISHED');

    const run = await readRun(dir, id);
    expect(run.meta).toMatchObject({ id, experiment: 'exp', name: 'r1', status: 'FINISHED', source: { pid: process.pid } });
    expect(run.meta.endTime).toBeGreaterThanOrEqual(run.meta.startTime);
    expect(run.params).toEqual({ 'rl.lr': '0.001', 'rewards_0_.name': 'accuracy' });
    expect(run.tags).toEqual({ 'ablation.grid': 'g', note: 'hi' });
    expect(run.metrics).toEqual([
      { key: 'reward', value: 0.5, step: 0, timestamp: 1000 },
      { key: 'kl', value: NaN, step: 0, timestamp: 1000 },
      { key: 'reward', value: Infinity, step: 1, timestamp: 2000 },
      { key: 'kl', value: -Infinity, step: 1, timestamp: 2000 },
    ]);
    expect(fs.readFileSync(path.join(dir, id, 'metrics.jsonl'), 'utf8')).toContain('"value":"NaN"');
    expect(run.artifacts).toEqual(['config/report.json', 'report.json', 'report/report.json', 'report/sub/x.bin']);
    fs.rmSync(src, { recursive: true });
  });

  it('re-logging a param with another value is refused clearly, recorded, and the run goes on', async () => {
    const id = await tracker.startRun({ experiment: 'e', runName: 'r' });
    await tracker.logParams(id, { lr: '0.001' });
    await tracker.logParams(id, { lr: '0.001' }); // same value: fine
    const e = await tracker.logParams(id, { lr: '0.002', seed: '1' }).catch((err) => err);
    expect(e).toBeInstanceOf(TrackerRejectedError);
    expect(isUserError(e)).toBe(true);
    expect(e.message).toMatch(/'lr' was already logged as "0.001"; not changed to "0.002"/);
    await tracker.logMetrics(id, 0, { loss: 1 });
    await tracker.endRun(id, 'FINISHED');
    const run = await readRun(dir, id);
    expect(run.params).toEqual({ lr: '0.001', seed: '1' });
    expect(run.tags['videor1.rejected.param.lr']).toContain('"0.002"');
    expect(run.meta.status).toBe('FINISHED');
  });

  it.each([
    { why: 'a param over 6000 characters', call: (t: Tracker, id: string) => t.logParams(id, { big: 'x'.repeat(6001) }), match: /at most 6000/ },
    { why: 'a tag over 5000 characters', call: (t: Tracker, id: string) => t.setTags(id, { big: 'x'.repeat(5001) }), match: /at most 5000/ },
    { why: 'a fractional step', call: (t: Tracker, id: string) => t.logMetrics(id, 1.5, { a: 1 }), match: /step must be an integer/ },
    { why: 'a non-number metric', call: (t: Tracker, id: string) => t.logMetrics(id, 1, { a: 'x' as unknown as number }), match: /must be a number/ },
    { why: 'an artifact path leaving the run', call: (t: Tracker, id: string) => t.logArtifact(id, __filename, '../x'), match: /inside the run's artifacts/ },
    { why: 'a missing artifact', call: (t: Tracker, id: string) => t.logArtifact(id, '/no/such/file'), match: /artifact not found/ },
    { why: 'an unknown run', call: (t: Tracker) => t.logMetrics('nope', 0, { a: 1 }), match: /unknown run 'nope'/ },
  ])('bad input is a UserError: $why', async ({ call, match }) => {
    const id = await tracker.startRun({ experiment: 'e', runName: 'r' });
    const e = await call(tracker, id).catch((err: unknown) => err);
    expect(isUserError(e)).toBe(true);
    expect((e as Error).message).toMatch(match);
    await tracker.logMetrics(id, 0, { ok: 1 }); // still usable
  });

  it('an unknown parent is bad input; known ones are recorded', async () => {
    await expect(tracker.startRun({ experiment: 'e', runName: 'c', parentRunId: 'missing' })).rejects.toThrow(/unknown run 'missing'/);
    const parent = await tracker.startRun({ experiment: 'e', runName: 'p' });
    const child = await tracker.startRun({ experiment: 'e', runName: 'c', parentRunId: parent });
    const runs = await listRuns(dir);
    expect(runs.map((r) => r.id).sort()).toEqual([parent, child].sort());
    expect(runs.find((r) => r.id === child)?.parentId).toBe(parent);
  });

  it('concurrent calls on one run are written in order and none is lost', async () => {
    const id = await tracker.startRun({ experiment: 'e', runName: 'r' });
    await Promise.all(Array.from({ length: 200 }, (_, i) => tracker.logMetrics(id, i, { a: i, b: -i })));
    await Promise.all(Array.from({ length: 20 }, (_, i) => tracker.logParams(id, { [`p${i}`]: String(i) })));
    await tracker.flush();
    const run = await readRun(dir, id);
    expect(run.metrics.filter((m) => m.key === 'a').map((m) => m.step)).toEqual(Array.from({ length: 200 }, (_, i) => i));
    expect(Object.keys(run.params)).toHaveLength(20);
  });
});

describe('reading metric lines from an offset', () => {
  it('leaves a line still being written, skips a torn one, and honours maxLines', async () => {
    const id = await tracker.startRun({ experiment: 'e', runName: 'r' });
    const file = path.join(dir, id, 'metrics.jsonl');
    fs.writeFileSync(file, '{"key":"a","value":1,"step":0,"timestamp":1}\n{"key":"a","val{"key":"a","value":2,"step":1,"timestamp":2}\n{"key":"a","value":3');
    const all = await readMetricLines(dir, id, 0);
    expect(all).toMatchObject({ lines: 2, badLines: 1, points: [{ key: 'a', value: 1, step: 0, timestamp: 1 }] });
    fs.appendFileSync(file, ',"step":2,"timestamp":3}\n');
    const rest = await readMetricLines(dir, id, all.nextOffset);
    expect(rest.points).toEqual([{ key: 'a', value: 3, step: 2, timestamp: 3 }]);
    const first = await readLinesFrom(file, 0, { maxLines: 1, maxBytes: 10 });
    expect(first.lines).toHaveLength(1);
    expect(first.nextOffset).toBe(Buffer.byteLength('{"key":"a","value":1,"step":0,"timestamp":1}\n'));
  });
});
