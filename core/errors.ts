/**
 * Errors meant for people. A `UserError` is bad input (config, data, media, server reply):
 * the CLI prints its message without a stack trace and exits with code 2 (docs/design.md §4).
 */
export interface UserErrorDetails {
  /** File the problem is in, if any. */
  file?: string;
  /** Key path (`rl.group_size`) or line (`line 7`) inside the file. */
  where?: string;
  /** What was expected there. */
  expected?: string;
  /** What was found there. */
  found?: string;
}

export class UserError extends Error {
  readonly exitCode = 2;
  constructor(
    message: string,
    readonly details: UserErrorDetails = {},
  ) {
    super(formatMessage(message, details));
    this.name = 'UserError';
  }
}

/** A run that started but failed (exit code 1), as opposed to bad input. */
export class RunError extends Error {
  readonly exitCode = 1;
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'RunError';
  }
}

function formatMessage(message: string, d: UserErrorDetails): string {
  const head = [d.file, d.where].filter(Boolean).join(': ');
  const parts = [head ? `${head}: ${message}` : message];
  if (d.expected !== undefined) parts.push(`expected ${d.expected}`);
  if (d.found !== undefined) parts.push(`found ${d.found}`);
  return parts.join('; ');
}

export function isUserError(e: unknown): e is UserError {
  return e instanceof Error && (e as { exitCode?: number }).exitCode === 2;
}

/** Short, printable description of a value for `found …` messages. */
export function describeValue(v: unknown): string {
  if (v === undefined) return 'nothing';
  if (v === null) return 'null';
  if (typeof v === 'string') return JSON.stringify(v.length > 60 ? `${v.slice(0, 57)}...` : v);
  if (Array.isArray(v)) return `an array of ${v.length}`;
  if (typeof v === 'object') return 'an object';
  return `${typeof v} ${String(v)}`;
}
