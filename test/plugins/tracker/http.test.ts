import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import { HttpClient, MlflowError, redactUri } from '../../../plugins/tracker/mlflow/http';

/** A tiny HTTP peer answering from a script of replies (a fake for retry logic only, not MLflow). */
interface Reply {
  status: number;
  body?: string;
  headers?: Record<string, string>;
  /** Never answer (for timeouts). */
  hang?: boolean;
}

async function peer(replies: Reply[]): Promise<{ uri: string; seen: http.IncomingHttpHeaders[]; bodies: string[]; close(): Promise<void> }> {
  const seen: http.IncomingHttpHeaders[] = [];
  const bodies: string[] = [];
  let i = 0;
  const server = http.createServer((req, res) => {
    let body = '';
    req.on('data', (c) => (body += c));
    req.on('end', () => {
      seen.push(req.headers);
      bodies.push(body);
      const r = replies[Math.min(i++, replies.length - 1)];
      if (r.hang) return;
      res.writeHead(r.status, { 'content-type': 'application/json', ...r.headers });
      res.end(r.body ?? '{}');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    uri: `http://127.0.0.1:${port}`,
    seen,
    bodies,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

function client(uri: string, o: { retries?: number; timeoutMs?: number; env?: NodeJS.ProcessEnv } = {}) {
  const delays: number[] = [];
  const c = new HttpClient({
    uri,
    timeoutMs: o.timeoutMs ?? 5000,
    retries: o.retries ?? 3,
    env: o.env ?? {},
    backoffMs: 100,
    maxBackoffMs: 2000,
    random: () => 1,
    sleep: async (ms) => {
      delays.push(ms);
    },
  });
  return { c, delays };
}

describe('HttpClient retries transient failures with bounded exponential backoff', () => {
  it('503 then 429 then OK: three attempts, backoff doubles', async () => {
    const p = await peer([
      { status: 503, body: '{"error_code":"TEMPORARILY_UNAVAILABLE","message":"busy"}' },
      { status: 429, body: 'slow down' },
      { status: 200, body: '{"ok":1}' },
    ]);
    const { c, delays } = client(p.uri);
    await expect(c.request('POST', '/api/2.0/mlflow/runs/log-batch', { json: { a: 1 } })).resolves.toEqual({ ok: 1 });
    expect(p.seen).toHaveLength(3);
    expect(delays).toEqual([100, 200]);
    expect(p.seen[0]['content-type']).toBe('application/json');
    expect(p.bodies[2]).toBe('{"a":1}');
    await p.close();
  });

  it('honours Retry-After, capped by the longest backoff', async () => {
    const p = await peer([{ status: 429, headers: { 'retry-after': '1' } }, { status: 503, headers: { 'retry-after': '60' } }, { status: 200 }]);
    const { c, delays } = client(p.uri);
    await c.request('GET', '/x');
    expect(delays).toEqual([1000, 2000]);
    await p.close();
  });

  it('gives up after `retries` and keeps status, error_code and message', async () => {
    const p = await peer([{ status: 500, body: '{"error_code":"INTERNAL_ERROR","message":"database is locked"}' }]);
    const { c, delays } = client(p.uri, { retries: 2 });
    const e = (await c.request('GET', '/y').catch((err) => err)) as MlflowError;
    expect(e).toBeInstanceOf(MlflowError);
    expect(e).toMatchObject({ status: 500, errorCode: 'INTERNAL_ERROR', transient: true, attempts: 3 });
    expect(e.message).toContain('database is locked');
    expect(p.seen).toHaveLength(3);
    expect(delays).toHaveLength(2);
    await p.close();
  });

  it.each([
    {
      why: 'a bad request is not retried',
      status: 400,
      body: '{"error_code":"INVALID_PARAMETER_VALUE","message":"Changing param values is not allowed"}',
      code: 'INVALID_PARAMETER_VALUE',
    },
    {
      why: 'a 500 with a permanent code is not retried',
      status: 500,
      body: '{"error_code":"INVALID_STATE","message":"run is deleted"}',
      code: 'INVALID_STATE',
    },
    { why: 'a non-JSON 404 keeps its raw body', status: 404, body: '<html>Not Found</html>', code: undefined },
  ])('$why', async ({ status, body, code }) => {
    const p = await peer([{ status, body }]);
    const { c } = client(p.uri);
    const e = (await c.request('GET', '/z').catch((err) => err)) as MlflowError;
    expect(e).toMatchObject({ status, errorCode: code, transient: false, attempts: 1 });
    expect(e.body).toBe(body);
    expect(p.seen).toHaveLength(1);
    await p.close();
  });

  it('network errors are transient and retried', async () => {
    const p = await peer([{ status: 200 }]);
    const uri = p.uri;
    await p.close();
    const { c, delays } = client(uri, { retries: 2 });
    const e = (await c.request('GET', '/health').catch((err) => err)) as MlflowError;
    expect(e).toMatchObject({ transient: true, attempts: 3, status: undefined });
    expect(e.message).toMatch(/cannot reach .* \(ECONNREFUSED\) after 3 attempts/);
    expect(delays).toEqual([100, 200]);
  });

  it('a server that never answers times out (per attempt)', async () => {
    const p = await peer([{ status: 200, hang: true }]);
    const { c } = client(p.uri, { retries: 1, timeoutMs: 200 });
    const e = (await c.request('GET', '/slow').catch((err) => err)) as MlflowError;
    expect(e).toMatchObject({ transient: true, attempts: 2 });
    expect(e.message).toContain('no reply within 200 ms');
    await p.close();
  });

  it('jitter keeps each wait between half and all of the exponential step, never above the cap', () => {
    const lo = new HttpClient({ uri: 'http://x', timeoutMs: 1, retries: 9, backoffMs: 100, maxBackoffMs: 1000, random: () => 0 });
    const hi = new HttpClient({ uri: 'http://x', timeoutMs: 1, retries: 9, backoffMs: 100, maxBackoffMs: 1000, random: () => 0.999999 });
    expect([1, 2, 3, 4, 5, 6].map((a) => lo.delay(a))).toEqual([50, 100, 200, 400, 500, 500]);
    expect([1, 2, 3, 4, 5, 6].map((a) => hi.delay(a))).toEqual([100, 200, 400, 800, 1000, 1000]);
  });
});

describe('HttpClient authenticates from the environment and never prints credentials', () => {
  it.each([
    { why: 'a token is sent as Bearer', env: { MLFLOW_TRACKING_TOKEN: 'tok' }, user: '', expect: 'Bearer tok' },
    {
      why: 'username and password as Basic',
      env: { MLFLOW_TRACKING_USERNAME: 'u', MLFLOW_TRACKING_PASSWORD: 'p' },
      user: '',
      expect: `Basic ${Buffer.from('u:p').toString('base64')}`,
    },
    { why: 'the token wins over username/password', env: { MLFLOW_TRACKING_TOKEN: 'tok', MLFLOW_TRACKING_USERNAME: 'u' }, user: '', expect: 'Bearer tok' },
    { why: 'credentials in the URI become Basic', env: {}, user: 'me:secret@', expect: `Basic ${Buffer.from('me:secret').toString('base64')}` },
    { why: 'no credentials, no header', env: {}, user: '', expect: undefined },
  ])('$why', async ({ env, user, expect: want }) => {
    const p = await peer([{ status: 200 }]);
    const { c } = client(p.uri.replace('//', `//${user}`), { env });
    await c.request('GET', '/a');
    expect(p.seen[0].authorization).toBe(want);
    expect(c.baseUrl).toBe(p.uri);
    await p.close();
  });

  it('error messages show the address without credentials', async () => {
    const p = await peer([{ status: 200 }]);
    const uri = p.uri.replace('//', '//me:hunter2@');
    await p.close();
    const { c } = client(uri, { retries: 0 });
    const e = (await c.request('GET', '/a').catch((err) => err)) as Error;
    expect(e.message).not.toContain('hunter2');
    expect(redactUri(uri)).not.toContain('hunter2');
  });
});
