import type { z } from 'zod';
import { describeValue } from '../errors';

/**
 * Render zod issues as `key.path: <message> (found <value>)`, one per issue, so a person sees
 * the key path, what was expected and what was found.
 */
export function formatZodIssues(error: z.ZodError, prefix = '', input?: unknown): string {
  return error.issues
    .map((issue) => {
      const parts = issue.path as (string | number)[];
      const keyPath = joinPath(prefix, parts) || '(root)';
      const found = input === undefined || issue.code === 'unrecognized_keys' ? '' : ` (found ${describeValue(valueAt(input, parts))})`;
      return `${keyPath}: ${issue.message}${found}`;
    })
    .join('; ');
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
