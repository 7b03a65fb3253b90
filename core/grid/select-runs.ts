/**
 * Which runs `videor1 compare` looks at. A grid is named by its parent run id, its grid id (the
 * same cells give the same id, so a resumed grid's parents are one grid) or `latest`; its cells
 * are the children of those parents, one run per config hash (the latest).
 */
import type { RunReader, StoredRun, StoredRunInfo } from '../contracts/tracker';
import { UserError } from '../errors';

export interface Selection {
  runs: StoredRun[];
  /** The grid id (or parent run id of an older grid) compared, when a grid was. */
  grid?: string;
}

export async function selectRuns(reader: RunReader, o: { runs?: string[]; grid?: string; dir: string }): Promise<Selection> {
  if (o.runs && o.runs.length > 0) return { runs: await Promise.all(o.runs.map((id) => reader.read(id))) };
  const all = await reader.list();
  const parents = all.filter((r) => all.some((c) => c.parentId === r.id));
  if (parents.length === 0) {
    if (o.grid !== undefined)
      throw new UserError(o.grid === 'latest' ? 'no grid runs yet: --grid latest has nothing to compare' : `no grid run '${o.grid}'`, {
        file: o.dir,
        expected: 'a grid run by videor1 grid (a parent run with children)',
        found: 'no grids in this store',
      });
    return { runs: await Promise.all(all.map((r) => reader.read(r.id))) };
  }
  const parentRuns = await Promise.all(parents.map((p) => reader.read(p.id)));
  const gridOf = (p: StoredRun) => p.tags['ablation.grid_id'] ?? p.id;
  let chosen: StoredRun[];
  if (o.grid === undefined || o.grid === 'latest') chosen = [parentRuns[parentRuns.length - 1]];
  else {
    chosen = parentRuns.filter((p) => p.id === o.grid || gridOf(p) === o.grid);
    if (chosen.length === 0)
      throw new UserError(`no grid run '${o.grid}'`, {
        file: o.dir,
        expected: `a grid id or parent run id: ${[...new Set(parentRuns.map(gridOf))].join(', ')}`,
        found: JSON.stringify(o.grid),
      });
  }
  const grid = gridOf(chosen[0]);
  const ids = new Set(parentRuns.filter((p) => gridOf(p) === grid).map((p) => p.id));
  const children: StoredRunInfo[] = all.filter((r) => r.parentId !== undefined && ids.has(r.parentId));
  const runs = await Promise.all(children.map((r) => reader.read(r.id)));
  const byHash = new Map<string, StoredRun>();
  for (const r of runs) byHash.set(r.tags['videor1.config_hash'] ?? r.id, r); // oldest first: a cell run again replaces its earlier run
  return { runs: [...byHash.values()], grid };
}
