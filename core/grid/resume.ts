/**
 * `videor1 grid --resume`: a cell whose run FINISHED with the same config hash under this grid (a
 * child run tagged with the grid id) is skipped (its metrics are reused); a run left RUNNING by a
 * process that is gone is marked KILLED and its cell runs again. It looks in every store the
 * tracker keeps, the local one first: with the `mlflow` tracker also in MLflow, so a cell that
 * finished there is found when its local folder was lost or the grid ran on another machine. A run
 * in both (MLflow's copy names its local run) counts once, as the local store has it: that is what
 * the tracker pushes from. A RUNNING run that is only in MLflow is ended there by its reader.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { RunReader, StoredRun, Tracker } from '../contracts/tracker';
import { alive } from '../jobs/stage-cache';
import { lastValues } from './last-values';

/** Written by a cell's process when it starts: `{ host, pid }`. */
export const PID_FILE = 'pid.json';

export function writePidFile(dir: string): void {
  fs.mkdirSync(dir, { recursive: true });
  fs.writeFileSync(path.join(dir, PID_FILE), JSON.stringify({ host: os.hostname(), pid: process.pid }));
}

export interface Resumed {
  /** config hash → the finished run to reuse */
  finished: Map<string, { runId: string; metrics: Record<string, number> }>;
  /** runs marked KILLED because their process is gone */
  killed: string[];
}

/** Keys of the tags a grid's child runs carry (core/cli/commands/grid-cell.ts, core/jobs/provenance.ts). */
const GRID_ID_TAG = 'ablation.grid_id';
const CONFIG_HASH_TAG = 'videor1.config_hash';

/**
 * @param readers the stores to look in, the tracker's local store first
 * @param cellDirs config hash → the cell's folder (its pid file)
 */
export async function findResumable(readers: readonly RunReader[], tracker: Tracker, gridId: string, cellDirs: ReadonlyMap<string, string>): Promise<Resumed> {
  const out: Resumed = { finished: new Map(), killed: [] };
  const found: { run: StoredRun; reader: RunReader; local: boolean }[] = [];
  const localIds = new Set<string>();
  for (const [i, reader] of readers.entries()) {
    for (const run of await gridChildren(reader, gridId)) {
      if (i === 0) localIds.add(run.id);
      else if (run.localId && localIds.has(run.localId)) continue; // the local copy decides
      found.push({ run, reader, local: i === 0 });
    }
  }
  found.sort((a, b) => a.run.startTime - b.run.startTime); // oldest first: the newest wins
  for (const { run, reader, local } of found) {
    const hash = run.tags[CONFIG_HASH_TAG];
    if (!hash || !cellDirs.has(hash)) continue;
    if (run.status === 'FINISHED') out.finished.set(hash, { runId: run.id, metrics: lastValues(run) });
    else if (run.status === 'RUNNING' && !processAlive(cellDirs.get(hash)!)) {
      if (local) await tracker.endRun(run.id, 'KILLED');
      else if (reader.end) await reader.end(run.id, 'KILLED');
      else continue;
      out.killed.push(run.id);
    }
  }
  return out;
}

/** The FINISHED and RUNNING child runs of a grid in one store (searched when the store can). */
async function gridChildren(reader: RunReader, gridId: string): Promise<StoredRun[]> {
  const open = (r: { parentId?: string; status: string }) => Boolean(r.parentId) && (r.status === 'FINISHED' || r.status === 'RUNNING');
  if (reader.find) return (await reader.find({ [GRID_ID_TAG]: gridId })).filter(open);
  const runs: StoredRun[] = [];
  for (const info of await reader.list()) {
    if (!open(info)) continue;
    const run = await reader.read(info.id);
    if (run.tags[GRID_ID_TAG] === gridId) runs.push(run);
  }
  return runs;
}

/** The cell's process, when it ran on this host; one on another host counts as gone (its grid is being resumed). */
function processAlive(dir: string): boolean {
  try {
    const o = JSON.parse(fs.readFileSync(path.join(dir, PID_FILE), 'utf8')) as { host?: string; pid?: number };
    return o.host === os.hostname() && typeof o.pid === 'number' && alive(o.pid);
  } catch {
    return false;
  }
}
