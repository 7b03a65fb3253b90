import type { z } from 'zod';

type Def = { type: string; innerType?: ZodLike; in?: ZodLike; options?: ZodLike[]; element?: ZodLike; valueType?: ZodLike; shape?: Record<string, ZodLike> };
type ZodLike = { def: Def; shape?: Record<string, ZodLike> };

/**
 * The keys a zod schema accepts at a key path (for "expected one of …, did you mean …" messages).
 * Walks objects, arrays, records, unions and the wrappers (default, optional, pipe/transform).
 */
export function knownKeysAt(schema: z.ZodType, parts: readonly (string | number)[]): string[] {
  let nodes: ZodLike[] = [schema as unknown as ZodLike];
  for (const part of [...parts, undefined]) {
    nodes = nodes.flatMap(unwrap);
    if (part === undefined) break;
    nodes = nodes.flatMap((n) => {
      if (n.def.type === 'object') return n.shape?.[String(part)] ? [n.shape[String(part)]] : [];
      if (n.def.type === 'array' && n.def.element) return [n.def.element];
      if (n.def.type === 'record' && n.def.valueType) return [n.def.valueType];
      return [];
    });
  }
  return [...new Set(nodes.filter((n) => n.def.type === 'object').flatMap((n) => Object.keys(n.shape ?? {})))];
}

function unwrap(n: ZodLike): ZodLike[] {
  const d = n.def;
  if ((d.type === 'default' || d.type === 'optional' || d.type === 'nullable' || d.type === 'prefault' || d.type === 'readonly') && d.innerType)
    return unwrap(d.innerType);
  if (d.type === 'pipe' && d.in) return unwrap(d.in);
  if (d.type === 'union' && d.options) return d.options.flatMap(unwrap);
  return [n];
}

/** The known key closest to a misspelt one (edit distance ≤ 2, or a prefix), if any. */
export function didYouMean(key: string, known: readonly string[]): string | undefined {
  let best: { k: string; d: number } | undefined;
  for (const k of known) {
    const d = k.startsWith(key) || key.startsWith(k) ? 1 : editDistance(key, k);
    if (d <= 2 && (!best || d < best.d)) best = { k, d };
  }
  return best?.k;
}

function editDistance(a: string, b: string): number {
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const cur = [i];
    for (let j = 1; j <= b.length; j++) cur[j] = Math.min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
    prev = cur;
  }
  return prev[b.length];
}
