import type { z } from 'zod';
import { describeValue } from '../errors';
import { didYouMean, knownKeysAt } from './known-keys';

/**
 * Render zod issues as `key.path: <message> (found <value>)`, one per issue, so a person sees
 * the key path, what was expected and what was found. With the schema, an unknown key also lists
 * the keys expected there and the closest one.
 */
export function formatZodIssues(error: z.ZodError, prefix = '', input?: unknown, schema?: z.ZodType): string {
  return error.issues.map((issue) => formatIssue(issue, prefix, input, schema)).join('; ');
}

function formatIssue(issue: z.core.$ZodIssue, prefix: string, input: unknown, schema?: z.ZodType): string {
  const parts = issue.path as (string | number)[];
  const keyPath = joinPath(prefix, parts) || '(root)';
  if (issue.code === 'unrecognized_keys') {
    const known = schema ? knownKeysAt(schema, parts) : [];
    const hints = issue.keys.map((k) => didYouMean(k, known)).filter((k): k is string => k !== undefined);
    const expected = known.length ? `; expected one of ${known.join(', ')}` : '';
    const hint = hints.length ? ` (did you mean ${hints.map((h) => `"${h}"`).join(', ')}?)` : '';
    return `${keyPath}: ${issue.message}${hint}${expected}`;
  }
  const found = input === undefined ? '' : ` (found ${describeValue(valueAt(input, parts))})`;
  return `${keyPath}: ${issue.message}${found}`;
}

export function joinPath(prefix: string, parts: readonly (string | number)[]): string {
  let out = prefix;
  for (const p of parts) out += typeof p === 'number' ? `[${p}]` : out ? `.${p}` : p;
  return out;
}

function valueAt(input: unknown, parts: readonly (string | number)[]): unknown {
  let v: unknown = input;
  for (const p of parts) {
    if (v === null || typeof v !== 'object') return undefined;
    v = (v as Record<string | number, unknown>)[p];
  }
  return v;
}
