import { spawn, type ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import type { Argv } from 'yargs';
import { UserError, isUserError } from '../../errors';
import { defineCommand } from '../command';

/** The Python venv holding MLflow: $VIDEOR1_MLFLOW_VENV, default ~/.cache/videor1/mlflow-venv. */
export function mlflowVenv(env: NodeJS.ProcessEnv = process.env): string {
  return env.VIDEOR1_MLFLOW_VENV || path.join(os.homedir(), '.cache', 'videor1', 'mlflow-venv');
}

/** The exact way to create the venv (the pinned version lives in .ci/mlflow.sh). */
export function venvHelp(venv: string): string {
  return `no MLflow venv at ${venv}; create it from the videor1 folder with: bash -c '. .ci/mlflow.sh && mlflow_venv' (or set VIDEOR1_MLFLOW_VENV to a venv that has mlflow installed)`;
}

export interface MlflowServer {
  /** `http://127.0.0.1:<port>` */
  uri: string;
  port: number;
  /** Absolute folder with mlflow.db, mlartifacts/ and server.log. */
  store: string;
  child: ChildProcess;
  /** Resolves when the server process has exited. */
  exited: Promise<number | null>;
  /** SIGTERM the server's process group, SIGKILL after 10 s; resolves once it is gone. */
  stop(): Promise<void>;
  /** SIGKILL the process group at once (a crash). */
  kill(): Promise<void>;
}

/** A TCP port free on 127.0.0.1 right now. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer().once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as net.AddressInfo;
      srv.close(() => resolve(port));
    });
  });
}

function portInUse(port: number, host: string): Promise<boolean> {
  return new Promise((resolve) => {
    const srv = net.createServer().once('error', () => resolve(true));
    srv.listen(port, host, () => srv.close(() => resolve(false)));
  });
}

/** Wait (at most `ms`) until nothing listens on the port any more. */
async function portFreed(port: number, host: string, ms = 10_000): Promise<void> {
  const deadline = Date.now() + ms;
  while ((await portInUse(port, host)) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
}

/**
 * Start `mlflow server` from the venv on `host:port` with a SQLite backend and served artifacts
 * under `store` (docs/mlflow.md §2), in its own process group, and wait for `/health`.
 */
export async function startMlflowServer(o: { store: string; port?: number; host?: string; venv?: string; healthTimeoutMs?: number }): Promise<MlflowServer> {
  const venv = o.venv ?? mlflowVenv();
  const bin = path.join(venv, 'bin', 'mlflow');
  if (!fs.existsSync(bin)) throw new UserError(venvHelp(venv));
  const host = o.host ?? '127.0.0.1';
  const port = o.port || (await freePort());
  if (await portInUse(port, host)) throw new UserError(`port ${port} on ${host} is in use`, { expected: 'a free port (--port)' });
  const store = path.resolve(o.store);
  fs.mkdirSync(store, { recursive: true });
  const logFile = path.join(store, 'server.log');
  const log = fs.openSync(logFile, 'a');
  const args = [
    'server',
    '--host',
    host,
    '--port',
    String(port),
    '--workers',
    '1',
    '--backend-store-uri',
    `sqlite:///${path.join(store, 'mlflow.db')}`,
    '--artifacts-destination',
    path.join(store, 'mlartifacts'),
  ];
  const child = spawn(bin, args, { detached: true, stdio: ['ignore', log, log], env: { ...process.env, MLFLOW_SERVER_ENABLE_JOB_EXECUTION: 'false' } });
  fs.closeSync(log);
  const signal = (sig: NodeJS.Signals) => {
    try {
      process.kill(-child.pid!, sig);
    } catch {
      // already gone
    }
  };
  // The server runs in its own process group; never leave it behind when this process exits.
  const onExit = () => signal('SIGKILL');
  process.once('exit', onExit);
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  let gone = false;
  void exited.then(() => {
    gone = true;
    process.off('exit', onExit);
  });
  const server: MlflowServer = {
    uri: `http://${host}:${port}`,
    port,
    store,
    child,
    exited,
    async stop() {
      signal('SIGTERM');
      const timer = setTimeout(() => signal('SIGKILL'), 10_000);
      await exited;
      clearTimeout(timer);
      signal('SIGKILL'); // workers left behind by a parent that exited first
      await portFreed(port, host);
    },
    async kill() {
      signal('SIGKILL');
      await exited;
      await portFreed(port, host); // the uvicorn worker may outlive its parent by a moment
    },
  };
  const deadline = Date.now() + (o.healthTimeoutMs ?? 120_000);
  while (Date.now() < deadline && !gone) {
    const ok = await fetch(`${server.uri}/health`, { signal: AbortSignal.timeout(2000) }).then(
      (r) => r.ok,
      () => false,
    );
    if (ok) return server;
    await new Promise((r) => setTimeout(r, 250));
  }
  await server.stop();
  const tail = fs.readFileSync(logFile, 'utf8').split('\n').slice(-20).join('\n');
  throw new Error(`mlflow server on ${server.uri} did not become healthy${gone ? ' (it exited)' : ''}; last lines of ${logFile}:\n${tail}`);
}

interface Args {
  action: 'up';
  port: number;
  store: string;
  json?: boolean;
}

/** `videor1 mlflow up`: run a local MLflow server (SQLite + served artifacts) until Ctrl-C. */
export default defineCommand<Args>({
  command: 'mlflow <action>',
  describe: 'Run a local MLflow tracking server (from the Python venv) until Ctrl-C',
  builder: (y: Argv) =>
    y
      .positional('action', { choices: ['up'] as const, describe: 'up: start the server and wait' })
      .option('port', { type: 'number', default: 5000, describe: 'port on 127.0.0.1 (0: any free port)' })
      .option('store', { type: 'string', default: '.videor1/mlflow', describe: 'folder for mlflow.db, mlartifacts/ and server.log' })
      .option('json', { type: 'boolean', default: false, describe: 'print the address as JSON' }),
  async handler(args, ctx) {
    let server: MlflowServer;
    try {
      server = await startMlflowServer({ store: path.resolve(ctx.cwd, args.store), port: args.port });
    } catch (e) {
      if (!isUserError(e)) throw e;
      ctx.err(`videor1: ${e.message}`);
      return 2;
    }
    if (args.json) ctx.out(JSON.stringify({ uri: server.uri, store: server.store, pid: server.child.pid }));
    else ctx.out(`MLflow at ${server.uri} (store ${server.store}); export MLFLOW_TRACKING_URI=${server.uri}; Ctrl-C stops it`);
    let stopped = false;
    const onSignal = () => {
      stopped = true;
      void server.stop();
    };
    process.once('SIGINT', onSignal).once('SIGTERM', onSignal);
    const code = await server.exited;
    process.off('SIGINT', onSignal).off('SIGTERM', onSignal);
    if (stopped || code === 0) return 0;
    ctx.err(`videor1: mlflow server exited with code ${code}; see ${path.join(server.store, 'server.log')}`);
    return 1;
  },
});
