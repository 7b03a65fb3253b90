import * as fs from 'node:fs';
import * as path from 'node:path';
import { parse as parseYaml } from 'yaml';
import { z } from 'zod';
import { describeValue, UserError } from '../errors';
import { formatZodIssues } from '../config/zod-errors';

/**
 * An ablation grid (ablations/*.yaml): a base experiment, named variants (each a partial
 * experiment deep-merged onto the base), optional Cartesian axes of `key.path: [values]`, and a
 * seed list treated as replicates (docs/mlflow.md §4). Cells = variants × axes × seeds.
 */
export const GridSchema = z.strictObject({
  name: z.string().min(1).optional(),
  description: z.string().default(''),
  /** Base experiment, relative to the grid file. */
  base: z.string().min(1),
  /** Replicate seeds; every cell runs once per seed. */
  seeds: z.array(z.number().int().min(0)).min(1).default([0]),
  /** Named partial experiments merged onto the base; `{}` is the base itself. */
  variants: z
    .record(z.string().regex(/^[A-Za-z0-9_.-]+$/, 'variant names use letters, digits, . _ -'), z.record(z.string(), z.unknown()))
    .default({ base: {} }),
  /** The variant others are compared against (tag ablation.baseline=true). */
  baseline: z.string().optional(),
  /** Cartesian axes: `key.path: [v1, v2]` overrides (e.g. alpha sweeps). */
  axes: z.record(z.string(), z.array(z.unknown()).min(1)).default({}),
  /** Overrides applied to every cell (budgets, eval limits). */
  set: z.array(z.string()).default([]),
  /** How cells run: an executor plugin (`local`, `slurm`) and its options; `--executor` overrides the name. */
  executor: z.strictObject({ name: z.string().min(1), options: z.record(z.string(), z.unknown()).default({}) }).optional(),
});
export type GridSpec = z.infer<typeof GridSchema> & { name: string; file: string; baseFile: string };

/** One cell of the grid: a variant, its axis values, one seed. */
export interface GridCell {
  variant: string;
  axes: Record<string, unknown>;
  seed: number;
  /** Human-readable label used as the run name (`wo-image alpha=0.5 s1`). */
  label: string;
  /** `--set` overrides that make this cell (axes, seed). */
  sets: string[];
}

export function readGrid(file: string): GridSpec {
  const abs = path.resolve(file);
  if (!fs.existsSync(abs)) throw new UserError('grid file not found', { file: abs, expected: 'an ablation YAML file' });
  let raw: unknown;
  try {
    raw = parseYaml(fs.readFileSync(abs, 'utf8'));
  } catch (e) {
    throw new UserError(`YAML syntax error: ${(e as Error).message.split('\n')[0]}`, { file: abs });
  }
  const r = GridSchema.safeParse(raw ?? {});
  if (!r.success) throw new UserError(`invalid grid: ${formatZodIssues(r.error, '', raw)}`, { file: abs });
  const spec = r.data;
  if (spec.baseline !== undefined && !(spec.baseline in spec.variants)) {
    throw new UserError('unknown baseline variant', {
      file: abs,
      where: 'baseline',
      expected: `one of ${Object.keys(spec.variants).join(', ')}`,
      found: describeValue(spec.baseline),
    });
  }
  return { ...spec, name: spec.name ?? path.basename(abs).replace(/\.ya?ml$/i, ''), file: abs, baseFile: path.resolve(path.dirname(abs), spec.base) };
}

/** Expand variants × axes × seeds into cells, in a stable order. */
export function expandGrid(spec: GridSpec): GridCell[] {
  let combos: Record<string, unknown>[] = [{}];
  for (const [key, values] of Object.entries(spec.axes)) combos = combos.flatMap((c) => values.map((v) => ({ ...c, [key]: v })));
  const cells: GridCell[] = [];
  for (const variant of Object.keys(spec.variants)) {
    for (const axes of combos) {
      for (const seed of spec.seeds) {
        const axisLabel = Object.entries(axes).map(([k, v]) => `${k.split('.').pop()}=${JSON.stringify(v)}`);
        const label = [variant, ...axisLabel, `s${seed}`].join(' ');
        const sets = [...Object.entries(axes).map(([k, v]) => `${k}=${JSON.stringify(v)}`), `seed=${seed}`];
        cells.push({ variant, axes, seed, label, sets });
      }
    }
  }
  return cells;
}
