import * as fs from 'node:fs';
import * as path from 'node:path';
import { cosmiconfig } from 'cosmiconfig';
import { isMap, LineCounter, parseDocument } from 'yaml';
import { describeValue, UserError } from '../errors';
import { isPlainObject } from './merge';
import { layer, type Layered, mergeLayers, originOf, overrideLayer } from './layers';
import { ExperimentSchema, ProjectSchema, type ProjectConfig, type ResolvedConfig } from './schema';
import { formatZodIssues } from './zod-errors';

/** Project defaults from cosmiconfig (`.videor1rc`, `videor1.config.{js,json,yaml}`, package.json `videor1`). */
export async function loadProjectConfig(cwd: string): Promise<ProjectConfig> {
  let found: { config: unknown; filepath: string } | null;
  try {
    found = await cosmiconfig('videor1', { searchStrategy: 'project' }).search(cwd);
  } catch (e) {
    throw new UserError(`cannot read the project config: ${(e as Error).message.split('\n')[0]}`);
  }
  if (!found) return ProjectSchema.parse({});
  const result = ProjectSchema.safeParse(found.config ?? {});
  if (!result.success) {
    throw new UserError(`invalid project config: ${formatZodIssues(result.error, '', found.config)}`, { file: found.filepath });
  }
  const file = found.filepath;
  return { ...result.data, plugins: result.data.plugins.map((p) => path.resolve(path.dirname(file), p)), file };
}

/** Read one YAML experiment file as a mapping, with plugin paths made absolute. */
function readYamlMapping(file: string, referencedFrom?: string): Record<string, unknown> {
  if (!fs.existsSync(file)) {
    throw new UserError('experiment file not found', {
      file: referencedFrom ?? file,
      where: referencedFrom ? 'extends' : undefined,
      expected: 'an existing YAML file',
      found: `no file at ${file}`,
    });
  }
  const text = fs.readFileSync(file, 'utf8');
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, prettyErrors: false });
  if (doc.errors.length > 0) {
    const err = doc.errors[0];
    const pos = lineCounter.linePos(err.pos[0]);
    throw new UserError(`YAML syntax error: ${err.message.split('\n')[0]}`, { file, where: `line ${pos.line}, column ${pos.col}` });
  }
  if (doc.contents !== null && !isMap(doc.contents)) {
    throw new UserError('an experiment file must be a YAML mapping', { file, expected: 'key: value pairs', found: describeValue(doc.toJS()) });
  }
  const data = (doc.toJS() ?? {}) as Record<string, unknown>;
  if (Array.isArray(data.plugins)) {
    data.plugins = data.plugins.map((p) => (typeof p === 'string' ? path.resolve(path.dirname(file), p) : p));
  }
  return data;
}

/**
 * Resolve `extends:` chains (relative paths, deep merge, cycles rejected), keeping where every key
 * came from (for errors that name the right file).
 */
export function readExperimentLayers(file: string, chain: string[] = [], referencedFrom?: string): Layered {
  const abs = path.resolve(file);
  if (chain.includes(abs)) {
    throw new UserError('extends cycle', { file: chain[chain.length - 1], where: 'extends', found: [...chain, abs].join(' -> ') });
  }
  const own = readYamlMapping(abs, referencedFrom);
  const parent = own.extends;
  delete own.extends;
  if (parent === undefined) return layer(own, { file: abs });
  if (typeof parent !== 'string' || parent.length === 0) {
    throw new UserError('bad extends', { file: abs, where: 'extends', expected: 'a relative path to another experiment file', found: describeValue(parent) });
  }
  const base = readExperimentLayers(path.resolve(path.dirname(abs), parent), [...chain, abs], abs);
  const merged = mergeLayers(base, layer(own, { file: abs }));
  // plugins accumulate across the chain: a base's plugins stay registered
  if (Array.isArray(base.doc.plugins) && Array.isArray(own.plugins)) merged.doc.plugins = [...new Set([...base.doc.plugins, ...own.plugins])];
  return merged;
}

/** Load, merge, override and validate an experiment; fill in project defaults. */
export async function resolveConfig(file: string, sets: readonly string[] = [], cwd = process.cwd()): Promise<ResolvedConfig> {
  const project = await loadProjectConfig(cwd);
  const abs = path.resolve(cwd, file);
  // a bad value from the command line is blamed on the `--set` that wrote it, not on the YAML file
  const layered = overrideLayer(readExperimentLayers(abs), sets, (set) => ({ file: `--set ${set}` }));
  const cfg = validateLayered(layered, abs, project);
  return withOrigins({ ...cfg, output: path.resolve(cwd, cfg.output) }, layered);
}

/** Remember where each key of `cfg` came from (see `originFileOf`); returns `cfg`. */
export function withOrigins(cfg: ResolvedConfig, layered: Layered): ResolvedConfig {
  ORIGINS.set(cfg, layered);
  return cfg;
}

/** Where each key of a resolved config came from (file, `--set`), for errors found after validation. */
const ORIGINS = new WeakMap<ResolvedConfig, Layered>();

/**
 * The file (or `--set key=value`, or a grid file and its variant) that wrote the value at a key
 * path of a config resolved by `resolveConfig` or a grid, e.g. `['advantage', 'options', 'alpha']`;
 * undefined for other configs.
 */
export function originFileOf(cfg: ResolvedConfig, parts: readonly (string | number)[]): string | undefined {
  const o = ORIGINS.get(cfg) && originOf(ORIGINS.get(cfg)!, parts);
  return o ? (o.where ? `${o.file}: ${o.where}` : o.file) : undefined;
}

/** Validate a raw experiment mapping (already merged) and fill project defaults. */
export function validateExperiment(raw: unknown, source: string, project: ProjectConfig): ResolvedConfig {
  if (!isPlainObject(raw)) throw new UserError('an experiment must be a mapping', { file: source, found: describeValue(raw) });
  return validateLayered(layer(raw, { file: source }), source, project);
}

/**
 * Validate a merged experiment. The error names the file (and `--set` or grid key) that wrote the
 * first bad key, and says which experiment it was merged into when that is another file.
 */
export function validateLayered(l: Layered, source: string, project: ProjectConfig): ResolvedConfig {
  const result = ExperimentSchema.safeParse(l.doc);
  if (!result.success) {
    const first = result.error.issues[0];
    const parts = first.path as (string | number)[];
    const origin = originOf(l, first.code === 'unrecognized_keys' ? [...parts, first.keys[0]] : parts) ?? { file: source };
    const via = origin.file === source ? '' : origin.file.startsWith('--set ') ? ` (applied to ${source})` : ` (merged into ${source})`;
    throw new UserError(`invalid experiment${via}: ${formatZodIssues(result.error, '', l.doc, ExperimentSchema)}`, { file: origin.file, where: origin.where });
  }
  const cfg = result.data;
  return {
    ...cfg,
    name: cfg.name ?? path.basename(source).replace(/\.ya?ml$/i, ''),
    backend: cfg.backend ?? project.backend,
    output: cfg.output ?? project.output,
    source,
    project,
  };
}
