import { deepMerge, isPlainObject } from './merge';
import { applyOverrides } from './overrides';

/** Where a key's value came from: a file, and for grid layers the key inside it (`variants.wo-image`). */
export interface Origin {
  file: string;
  where?: string;
}

/**
 * A config document with the origin of every key path, so an error in a merged config names the
 * file (or `--set`, or grid variant) that wrote the bad key, not only the file that was run.
 */
export interface Layered {
  doc: Record<string, unknown>;
  sources: Map<string, Origin>;
}

export function layer(doc: Record<string, unknown>, origin: Origin): Layered {
  const sources = new Map<string, Origin>();
  record(doc, origin, sources, '');
  return { doc, sources };
}

/** Merge `top` over `base` (deep merge, plugin references replaced on a name change). */
export function mergeLayers(base: Layered, top: Layered): Layered {
  return { doc: deepMerge(base.doc, top.doc) as Record<string, unknown>, sources: new Map([...base.sources, ...top.sources]) };
}

/** Apply `--set key.path=value` overrides; each overridden path remembers its origin. */
export function overrideLayer(base: Layered, sets: readonly string[], origin: (set: string) => Origin): Layered {
  const doc = applyOverrides(base.doc, sets);
  const sources = new Map(base.sources);
  for (const set of sets) {
    const key = set.slice(0, set.indexOf('=')).trim();
    for (const k of [...sources.keys()]) if (k === key || k.startsWith(`${key}.`)) sources.delete(k);
    sources.set(key, origin(set));
    const v = key.split('.').reduce<unknown>((n, p) => (n && typeof n === 'object' ? (n as Record<string, unknown>)[p] : undefined), doc);
    if (isPlainObject(v) || Array.isArray(v)) record(v, origin(set), sources, key);
  }
  return { doc, sources };
}

/** The origin of the value at a key path: the deepest recorded prefix. */
export function originOf(l: Layered, parts: readonly (string | number)[]): Origin | undefined {
  for (let n = parts.length; n >= 0; n--) {
    const o = l.sources.get(parts.slice(0, n).join('.'));
    if (o) return o;
  }
  return undefined;
}

function record(v: unknown, origin: Origin, sources: Map<string, Origin>, prefix: string): void {
  if (prefix) sources.set(prefix, origin);
  const entries = Array.isArray(v) ? v.map((x, i) => [String(i), x] as const) : isPlainObject(v) ? Object.entries(v) : [];
  for (const [k, x] of entries) record(x, origin, sources, prefix ? `${prefix}.${k}` : k);
}
