/**
 * A grid's cells with their resolved configs and identities. Every cell is resolved (and so
 * validated) before any runs; the same function serves `videor1 grid` and the per-cell process
 * (`videor1 grid-cell`), so both see one config for one hash.
 */
import * as path from 'node:path';
import { layer, type Layered, mergeLayers, overrideLayer } from '../config/layers';
import { loadProjectConfig, readExperimentLayers, validateLayered, withOrigins } from '../config/load';
import { resolvePlugins } from '../config/plugins';
import type { ProjectConfig, ResolvedConfig } from '../config/schema';
import type { PluginRegistry } from '../registry/registry';
import { configHash, configKeyHash, sha256 } from './hash';
import { expandGrid, type GridCell, type GridSpec } from './spec';

export interface PlannedCell extends GridCell {
  cfg: ResolvedConfig;
  /** Identity of this cell: hash of its resolved config, seed included. */
  configHash: string;
  /** Identity of its configuration across seeds (the row it rolls up into). */
  configKey: string;
}

export interface GridPlan {
  spec: GridSpec;
  cells: PlannedCell[];
  /** `<grid name>-<hash of its cells' hashes>`: the same cells give the same id (resume, compare). */
  id: string;
  /** Command-line overrides applied to every cell (passed on to each cell's process). */
  sets: string[];
}

export async function planGrid(
  spec: GridSpec,
  o: { sets: readonly string[]; only?: readonly string[]; cwd: string; registry: PluginRegistry },
): Promise<GridPlan> {
  const base = { layers: readExperimentLayers(spec.baseFile), project: await loadProjectConfig(o.cwd) }; // read once, shared by every cell
  const all: PlannedCell[] = [];
  for (const cell of expandGrid(spec)) {
    const cfg = await cellConfig(spec, base, cell, o.sets, o.cwd, o.registry);
    all.push({ ...cell, cfg, configHash: configHash(cfg), configKey: configKeyHash(cfg) });
  }
  // the id covers every cell, so `--only` runs part of the same grid (resume, compare)
  const id = `${spec.name}-${sha256(
    all
      .map((c) => c.configHash)
      .sort()
      .join(','),
  ).slice(0, 8)}`;
  return { spec, cells: all.filter((c) => !o.only || o.only.includes(c.variant)), id, sets: [...o.sets] };
}

/** Base experiment ⊕ variant ⊕ grid-wide sets ⊕ command-line sets ⊕ the cell's axes and seed. */
async function cellConfig(
  spec: GridSpec,
  base: { layers: Layered; project: ProjectConfig },
  cell: GridCell,
  sets: readonly string[],
  cwd: string,
  registry: PluginRegistry,
): Promise<ResolvedConfig> {
  const grid = { file: spec.file };
  let l = mergeLayers(base.layers, layer(spec.variants[cell.variant], { ...grid, where: `variants.${cell.variant}` }));
  l = overrideLayer(l, spec.set, (set) => ({ ...grid, where: `set: ${set}` }));
  l = overrideLayer(l, sets, (set) => ({ file: `--set ${set}` })); // the command line, as for train
  l = overrideLayer(l, [...cell.sets, `name=${spec.name}`], (set) => ({ ...grid, where: `cell ${cell.label}: ${set}` }));
  const cfg = validateLayered(l, spec.baseFile, base.project);
  return resolvePlugins(withOrigins({ ...cfg, output: path.resolve(cwd, cfg.output) }, l), registry);
}

/** The `--dry-run --json` view of a cell. */
export function cellView(
  spec: GridSpec,
  c: PlannedCell,
): { name: string; variant: string; seed: number; overrides: Record<string, unknown>; config_hash: string } {
  return { name: c.label, variant: c.variant, seed: c.seed, overrides: { ...spec.variants[c.variant], ...c.axes, seed: c.seed }, config_hash: c.configHash };
}
