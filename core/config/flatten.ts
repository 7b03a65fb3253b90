/**
 * Flatten a resolved config into `a.b.c → value` pairs (tracker params, `videor1 config`).
 * Values are canonical strings so MLflow filters compare them exactly (docs/mlflow.md §1.3).
 */
export function flattenConfig(obj: unknown, prefix = ''): [string, string][] {
  const rows: [string, string][] = [];
  if (obj === null || typeof obj !== 'object') return [[prefix, canonical(obj)]];
  const entries = Array.isArray(obj) ? obj.map((v, i) => [String(i), v] as const) : Object.entries(obj);
  if (entries.length === 0) return prefix ? [[prefix, Array.isArray(obj) ? '[]' : '{}']] : [];
  for (const [k, v] of entries) {
    const key = prefix ? `${prefix}.${k}` : k;
    if (v !== null && typeof v === 'object') rows.push(...flattenConfig(v, key));
    else rows.push([key, canonical(v)]);
  }
  return rows;
}

function canonical(v: unknown): string {
  if (typeof v === 'string') return redactCredentials(v);
  if (v === undefined) return '';
  return JSON.stringify(v);
}

/** A URL's user name and password never reach params or printed configs (docs/mlflow.md §1.9). */
export function redactCredentials(s: string): string {
  return s.replace(/^([a-z][a-z0-9+.-]*:\/\/)[^/@\s]+@/i, '$1***@');
}
