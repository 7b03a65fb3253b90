/**
 * `videor1 sync`: push local runs that never reached MLflow, or reached it in part (per their
 * ledgers), parents before children, without sending a point twice (./pusher.ts).
 */
import * as os from 'node:os';
import type { SyncReport, SyncRunReport } from '../../../core/contracts/tracker-sync';
import { UserError } from '../../../core/errors';
import { readLedger } from '../local/ledger';
import type { RunMeta } from '../local/layout';
import { listRuns, readMetricLines } from '../local/reader';
import type { MlflowClient } from './client';
import { MlflowPusher, isPermanent, type PushOptions } from './pusher';

export interface SyncOptions {
  dir: string;
  client: MlflowClient;
  /** Local run ids; none: every run whose ledger for this server is not complete. */
  runs?: readonly string[];
}

export async function syncRuns(o: SyncOptions): Promise<SyncReport> {
  const all = await listRuns(o.dir);
  const byId = new Map(all.map((m) => [m.id, m]));
  let chosen: RunMeta[];
  if (o.runs && o.runs.length > 0) {
    const unknown = o.runs.filter((id) => !byId.has(id));
    if (unknown.length > 0) {
      throw new UserError(`no such run${unknown.length > 1 ? 's' : ''} in ${o.dir}: ${unknown.join(', ')}`, {
        expected: `run folder names, e.g. ${all.slice(-1)[0]?.id ?? '(no runs yet)'}`,
      });
    }
    chosen = o.runs.map((id) => byId.get(id)!);
  } else {
    chosen = [];
    for (const m of all) if ((await readLedger(o.dir, m.id, o.client.uri)).state !== 'complete') chosen.push(m);
  }
  const pusher = new MlflowPusher(o.dir, o.client);
  const reports: SyncRunReport[] = [];
  let unreachable: string | undefined;
  for (const meta of parentsFirst(chosen, byId)) {
    const base = { id: meta.id, name: meta.name, experiment: meta.experiment, parentId: meta.parentId };
    if (unreachable) {
      reports.push({ ...base, state: 'error', note: `not tried: ${unreachable}` });
      continue;
    }
    const liveness = runLiveness(meta);
    if (liveness === 'alive') {
      reports.push({ ...base, state: 'running', note: `still running (pid ${meta.source.pid}); its tracker pushes it` });
      continue;
    }
    try {
      const opts: PushOptions = liveness === 'dead' ? { assumeEnded: { status: 'KILLED', endTime: await lastTimestamp(o.dir, meta) } } : {};
      const r = await pusher.push(meta.id, opts);
      const notes = [
        liveness === 'dead' ? 'its process ended without ending the run: marked KILLED in MLflow' : undefined,
        liveness === 'elsewhere' ? `RUNNING on host ${meta.source.host}: pushed what is there` : undefined,
        r.paramConflicts.length > 0 ? `MLflow holds other values for params ${r.paramConflicts.join(', ')}` : undefined,
      ].filter(Boolean);
      reports.push({ ...base, state: r.state, remoteRunId: r.remoteRunId, pushed: r.pushed, ...(notes.length ? { note: notes.join('; ') } : {}) });
    } catch (e) {
      reports.push({ ...base, state: 'error', note: (e as Error).message });
      if (!isPermanent(e)) unreachable = `${o.client.uri} unreachable`;
    }
  }
  return { uri: o.client.uri, dir: o.dir, runs: reports };
}

/** Order runs so that every parent comes before its children (then by start time). */
function parentsFirst(runs: RunMeta[], byId: Map<string, RunMeta>): RunMeta[] {
  const depth = (m: RunMeta): number => {
    let d = 0;
    for (let p = m.parentId; p && d < 100; p = byId.get(p)?.parentId) d++;
    return d;
  };
  return [...runs].sort((a, b) => depth(a) - depth(b) || a.startTime - b.startTime);
}

/** For a RUNNING run: is its process alive here, gone, or on another host? */
function runLiveness(meta: RunMeta): 'ended' | 'alive' | 'dead' | 'elsewhere' {
  if (meta.status !== 'RUNNING') return 'ended';
  if (meta.source.host !== os.hostname()) return 'elsewhere';
  try {
    process.kill(meta.source.pid, 0);
    return 'alive';
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM' ? 'alive' : 'dead';
  }
}

/** Time of the run's last metric point (or its start): the best end time for a crashed run. */
async function lastTimestamp(dir: string, meta: RunMeta): Promise<number> {
  let last = meta.startTime;
  let offset = 0;
  for (;;) {
    const chunk = await readMetricLines(dir, meta.id, offset, 10_000);
    if (chunk.lines === 0) return last;
    for (const p of chunk.points) last = Math.max(last, p.timestamp);
    offset = chunk.nextOffset;
  }
}
