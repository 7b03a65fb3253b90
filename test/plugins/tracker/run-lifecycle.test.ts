import { EventEmitter } from 'node:events';
import type { RunStatus, StartRunOptions, Tracker } from '../../../core/contracts/tracker';
import { withTrackedRun, type ProcessHooks } from '../../../core/tracking/run-lifecycle';

/** A tracker that records calls (a fake: the lifecycle is what is under test). */
function recordingTracker() {
  const calls: string[] = [];
  const tracker: Tracker = {
    name: 'fake',
    startRun: async (o: StartRunOptions) => (calls.push(`start ${o.runName}`), 'run-1'),
    logParams: async () => undefined,
    logMetrics: async () => undefined,
    setTags: async (_id, tags) => void calls.push(`tags ${JSON.stringify(tags)}`),
    logArtifact: async () => undefined,
    endRun: async (_id, status: Exclude<RunStatus, 'RUNNING'>) => void calls.push(`end ${status}`),
    flush: async () => void calls.push('flush'),
  };
  return { tracker, calls };
}

function fakeProcess() {
  const emitter = new EventEmitter();
  const exits: number[] = [];
  const proc: ProcessHooks & { emit(s: string): void } = {
    on: (s, l) => emitter.on(s, l),
    off: (s, l) => emitter.off(s, l),
    exit: (code) => void exits.push(code),
    emit: (s) => emitter.emit(s),
  };
  return { proc, exits, listeners: () => emitter.listenerCount('SIGINT') + emitter.listenerCount('SIGTERM') };
}

const START = { experiment: 'e', runName: 'r' };

describe('withTrackedRun always ends the run with a status', () => {
  it('FINISHED when the work returns; its value comes back; handlers removed', async () => {
    const { tracker, calls } = recordingTracker();
    const { proc, listeners } = fakeProcess();
    await expect(withTrackedRun(tracker, START, async (id) => `done ${id}`, proc)).resolves.toBe('done run-1');
    expect(calls).toEqual(['start r', 'end FINISHED', 'flush']);
    expect(listeners()).toBe(0);
  });

  it('FAILED when the work throws: the error is tagged and rethrown', async () => {
    const { tracker, calls } = recordingTracker();
    const { proc, listeners } = fakeProcess();
    await expect(
      withTrackedRun(
        tracker,
        START,
        async () => {
          throw new Error('boom');
        },
        proc,
      ),
    ).rejects.toThrow('boom');
    expect(calls).toEqual(['start r', 'tags {"videor1.error":"boom"}', 'end FAILED', 'flush']);
    expect(listeners()).toBe(0);
  });

  it.each([
    { signal: 'SIGINT', code: 130 },
    { signal: 'SIGTERM', code: 143 },
  ])('KILLED on $signal, flushed, then exit $code', async ({ signal, code }) => {
    const { tracker, calls } = recordingTracker();
    const { proc, exits } = fakeProcess();
    let release!: () => void;
    const work = withTrackedRun(tracker, START, () => new Promise<void>((r) => (release = r)), proc);
    await new Promise((r) => setImmediate(r));
    proc.emit(signal);
    await new Promise((r) => setTimeout(r, 10));
    expect(calls).toEqual(['start r', 'end KILLED', 'flush']);
    expect(exits).toEqual([code]);
    release();
    await work;
    expect(calls).toEqual(['start r', 'end KILLED', 'flush']); // not FINISHED afterwards
  });

  it.each([
    { signal: 'SIGINT', code: 130 },
    { signal: 'SIGTERM', code: 143 },
  ])('KILLED on a $signal that comes while the run is being started (RUNNING already written), then exit $code', async ({ signal, code }) => {
    const { tracker, calls } = recordingTracker();
    let started!: () => void;
    tracker.startRun = (o) => new Promise((r) => (started = () => r((calls.push(`start ${o.runName}`), 'run-1'))));
    const { proc, exits } = fakeProcess();
    const work = withTrackedRun(tracker, START, async () => 'done', proc);
    await new Promise((r) => setImmediate(r));
    proc.emit(signal); // the start is still in flight: nothing to end yet, and no default action
    expect(exits).toEqual([]);
    started();
    await work;
    expect(calls).toEqual(['start r', 'end KILLED', 'flush']);
    expect(exits).toEqual([code]);
  });

  it('a second signal while the run is being started exits at once', async () => {
    const { tracker } = recordingTracker();
    let started!: () => void;
    tracker.startRun = () => new Promise((r) => (started = () => r('run-1')));
    const { proc, exits } = fakeProcess();
    const work = withTrackedRun(tracker, START, async () => 'done', proc);
    await new Promise((r) => setImmediate(r));
    proc.emit('SIGINT');
    proc.emit('SIGINT');
    expect(exits).toEqual([130]);
    started();
    await work;
  });

  it('removes its handlers when the start itself fails', async () => {
    const { tracker } = recordingTracker();
    tracker.startRun = async () => {
      throw new Error('refused');
    };
    const { proc, listeners } = fakeProcess();
    await expect(withTrackedRun(tracker, START, async () => 'done', proc)).rejects.toThrow('refused');
    expect(listeners()).toBe(0);
  });
});
