/**
 * `videor1 grid --resume`: a cell whose run FINISHED with the same config hash under this grid is
 * skipped (its metrics are reused); a run left RUNNING by a process that is gone is marked KILLED
 * and its cell runs again. The local store holds every run (the `mlflow` tracker writes it first
 * and pushes from it), so it is the one place to look.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { RunReader, Tracker } from '../contracts/tracker';
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

/** @param cellDirs config hash → the cell's folder (its pid file) */
export async function findResumable(reader: RunReader, tracker: Tracker, gridId: string, cellDirs: ReadonlyMap<string, string>): Promise<Resumed> {
  const out: Resumed = { finished: new Map(), killed: [] };
  const infos = await reader.list();
  for (const info of infos) {
    if (!info.parentId || (info.status !== 'FINISHED' && info.status !== 'RUNNING')) continue;
    const run = await reader.read(info.id);
    const hash = run.tags['videor1.config_hash'];
    if (run.tags['ablation.grid_id'] !== gridId || !hash || !cellDirs.has(hash)) continue;
    if (run.status === 'FINISHED')
      out.finished.set(hash, { runId: run.id, metrics: lastValues(run) }); // oldest first: the newest wins
    else if (!processAlive(cellDirs.get(hash)!)) {
      await tracker.endRun(run.id, 'KILLED');
      out.killed.push(run.id);
    }
  }
  return out;
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
