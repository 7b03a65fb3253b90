/**
 * HTTP to an MLflow tracking server over Node's fetch: address and credentials from the
 * environment (docs/mlflow.md §1.9), a timeout per attempt, bounded retries with exponential backoff
 * and jitter on 429, 5xx and network errors, and errors that keep MLflow's `error_code`, message
 * and HTTP status. Credentials never appear in messages.
 */

/** MLflow error codes that mean "this request is wrong", even when sent with status 500. */
const PERMANENT_CODES = new Set([
  'INVALID_PARAMETER_VALUE',
  'BAD_REQUEST',
  'INVALID_STATE',
  'RESOURCE_DOES_NOT_EXIST',
  'RESOURCE_ALREADY_EXISTS',
  'NOT_FOUND',
  'ENDPOINT_NOT_FOUND',
  'PERMISSION_DENIED',
  'UNAUTHENTICATED',
]);

export interface MlflowErrorInfo {
  /** `METHOD path`, e.g. `POST /api/2.0/mlflow/runs/log-batch`. */
  endpoint: string;
  /** HTTP status; undefined when no response came back (network error, timeout). */
  status?: number;
  /** MLflow's `error_code`, e.g. `INVALID_PARAMETER_VALUE`. */
  errorCode?: string;
  /** Raw response body (first 2000 characters). */
  body?: string;
  /** True for failures worth retrying later (server away, overloaded, timed out). */
  transient: boolean;
  /** Attempts made. */
  attempts: number;
}

export class MlflowError extends Error {
  readonly endpoint: string;
  readonly status?: number;
  readonly errorCode?: string;
  readonly body?: string;
  readonly transient: boolean;
  readonly attempts: number;
  constructor(message: string, info: MlflowErrorInfo, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'MlflowError';
    this.endpoint = info.endpoint;
    this.status = info.status;
    this.errorCode = info.errorCode;
    this.body = info.body;
    this.transient = info.transient;
    this.attempts = info.attempts;
  }
}

export function isMlflowError(e: unknown, errorCode?: string): e is MlflowError {
  return e instanceof MlflowError && (errorCode === undefined || e.errorCode === errorCode);
}

export interface HttpOptions {
  /** Tracking URI (`http://host:port`); `user:password@` in it becomes Basic auth. */
  uri: string;
  /** Per attempt, milliseconds. */
  timeoutMs: number;
  /** Retries after the first attempt for transient failures. */
  retries: number;
  /** First backoff delay (doubles each retry, with jitter), ms. */
  backoffMs?: number;
  /** Longest single wait, ms (also caps a server's Retry-After). */
  maxBackoffMs?: number;
  env?: NodeJS.ProcessEnv;
  sleep?: (ms: number) => Promise<void>;
  random?: () => number;
}

export interface RequestInit2 {
  query?: Record<string, string | number | undefined>;
  /** JSON body (sent with `Content-Type: application/json`). */
  json?: unknown;
  /** Raw body, made afresh for each attempt (streams cannot be replayed). */
  body?: () => { data: BodyInit; length?: number };
  /** How to read a successful response. */
  as?: 'json' | 'text' | 'bytes';
}

export class HttpClient {
  /** Base URL without credentials or trailing slash; safe to print. */
  readonly baseUrl: string;
  private readonly authorization?: string;
  private readonly backoffMs: number;
  private readonly maxBackoffMs: number;
  private readonly sleep: (ms: number) => Promise<void>;
  private readonly random: () => number;

  constructor(private readonly o: HttpOptions) {
    const url = new URL(o.uri);
    const env = o.env ?? process.env;
    const user = decodeURIComponent(url.username);
    const pass = decodeURIComponent(url.password);
    url.username = '';
    url.password = '';
    this.baseUrl = url.toString().replace(/\/+$/, '');
    if (env.MLFLOW_TRACKING_TOKEN) this.authorization = `Bearer ${env.MLFLOW_TRACKING_TOKEN}`;
    else if (env.MLFLOW_TRACKING_USERNAME || env.MLFLOW_TRACKING_PASSWORD)
      this.authorization = basic(env.MLFLOW_TRACKING_USERNAME ?? '', env.MLFLOW_TRACKING_PASSWORD ?? '');
    else if (user || pass) this.authorization = basic(user, pass);
    this.backoffMs = o.backoffMs ?? 250;
    this.maxBackoffMs = o.maxBackoffMs ?? 8000;
    this.sleep = o.sleep ?? ((ms) => new Promise((r) => setTimeout(r, ms)));
    this.random = o.random ?? Math.random;
  }

  /** Send one request, retrying transient failures; throws MlflowError. */
  async request<T>(method: 'GET' | 'POST' | 'PUT' | 'DELETE', path: string, init: RequestInit2 = {}): Promise<T> {
    const endpoint = `${method} ${path}`;
    const url = new URL(this.baseUrl + path);
    for (const [k, v] of Object.entries(init.query ?? {})) if (v !== undefined) url.searchParams.append(k, String(v));
    for (let attempt = 1; ; attempt++) {
      let error: MlflowError;
      let retryAfterMs: number | undefined;
      try {
        const res = await fetch(url, this.init(method, init));
        const buf = Buffer.from(await res.arrayBuffer());
        if (res.ok) return parseOk<T>(buf, init.as ?? 'json', endpoint);
        error = httpError(endpoint, res.status, buf.toString('utf8'), attempt);
        retryAfterMs = parseRetryAfter(res.headers.get('retry-after'));
      } catch (e) {
        if (e instanceof MlflowError) throw e;
        error = networkError(endpoint, this.baseUrl, e, attempt, this.o.timeoutMs);
      }
      if (!error.transient || attempt > this.o.retries) throw error;
      await this.sleep(this.delay(attempt, retryAfterMs));
    }
  }

  /** Wait before retry `attempt` (1-based): base·2^(attempt-1), halved-to-full jitter, capped. */
  delay(attempt: number, retryAfterMs?: number): number {
    const exp = Math.min(this.maxBackoffMs, this.backoffMs * 2 ** (attempt - 1));
    const jittered = exp * (0.5 + 0.5 * this.random());
    return Math.round(Math.min(this.maxBackoffMs, Math.max(jittered, retryAfterMs ?? 0)));
  }

  private init(method: string, init: RequestInit2): RequestInit {
    const headers: Record<string, string> = {};
    if (this.authorization) headers.Authorization = this.authorization;
    let body: BodyInit | undefined;
    let stream = false;
    if (init.json !== undefined) {
      headers['Content-Type'] = 'application/json';
      body = JSON.stringify(init.json);
    } else if (init.body) {
      const made = init.body();
      body = made.data;
      stream = typeof ReadableStream !== 'undefined' && made.data instanceof ReadableStream;
      headers['Content-Type'] = 'application/octet-stream';
      if (made.length !== undefined) headers['Content-Length'] = String(made.length);
    }
    const out: RequestInit & { duplex?: 'half' } = { method, headers, body, signal: AbortSignal.timeout(this.o.timeoutMs) };
    if (stream) out.duplex = 'half';
    return out;
  }
}

function basic(user: string, pass: string): string {
  return `Basic ${Buffer.from(`${user}:${pass}`).toString('base64')}`;
}

function parseOk<T>(buf: Buffer, as: 'json' | 'text' | 'bytes', endpoint: string): T {
  if (as === 'bytes') return buf as T;
  const text = buf.toString('utf8');
  if (as === 'text') return text as T;
  try {
    return (text.trim() === '' ? {} : JSON.parse(text)) as T;
  } catch {
    throw new MlflowError(`MLflow ${endpoint}: reply is not JSON: ${text.slice(0, 200)}`, {
      endpoint,
      status: 200,
      body: text.slice(0, 2000),
      transient: false,
      attempts: 1,
    });
  }
}

function httpError(endpoint: string, status: number, text: string, attempts: number): MlflowError {
  let errorCode: string | undefined;
  let message: string | undefined;
  try {
    const body = JSON.parse(text) as { error_code?: unknown; message?: unknown };
    if (typeof body.error_code === 'string') errorCode = body.error_code;
    if (typeof body.message === 'string') message = body.message;
  } catch {
    // not JSON: unknown route, proxy page, auth challenge
  }
  const transient = status === 429 || status === 502 || status === 503 || status === 504 || (status === 500 && !(errorCode && PERMANENT_CODES.has(errorCode)));
  const detail = message ?? (text.trim().slice(0, 200) || '(empty body)');
  return new MlflowError(`MLflow ${endpoint}: HTTP ${status}${errorCode ? ` ${errorCode}` : ''}: ${detail}`, {
    endpoint,
    status,
    errorCode,
    body: text.slice(0, 2000),
    transient,
    attempts,
  });
}

function networkError(endpoint: string, baseUrl: string, e: unknown, attempts: number, timeoutMs: number): MlflowError {
  const err = e as Error & { cause?: { code?: string; message?: string } };
  const timedOut = err?.name === 'TimeoutError' || err?.name === 'AbortError';
  const why = timedOut ? `no reply within ${timeoutMs} ms` : (err?.cause?.code ?? err?.cause?.message ?? err?.message ?? String(e));
  return new MlflowError(
    `MLflow ${endpoint}: cannot reach ${baseUrl} (${why}) after ${attempts} attempt${attempts === 1 ? '' : 's'}`,
    { endpoint, transient: true, attempts },
    { cause: e },
  );
}

function parseRetryAfter(v: string | null): number | undefined {
  if (!v) return undefined;
  const seconds = Number(v);
  if (Number.isFinite(seconds)) return Math.max(0, seconds * 1000);
  const date = Date.parse(v);
  return Number.isFinite(date) ? Math.max(0, date - Date.now()) : undefined;
}

/** A tracking URI safe to print: credentials removed. */
export function redactUri(uri: string): string {
  try {
    const url = new URL(uri);
    url.username = '';
    url.password = '';
    return url.toString().replace(/\/+$/, '');
  } catch {
    return '(unparsable URI)';
  }
}
