/**
 * Real MLflow servers for integration tests (docs/mlflow.md §2): started from the Python venv
 * ($VIDEOR1_MLFLOW_VENV, see .ci/mlflow.sh) on a free port with their own temporary store, so a
 * test can kill one and start it again on the same store and port. A missing venv fails the
 * tests with the command that creates it; they are never skipped.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { mlflowVenv, startMlflowServer, venvHelp, type MlflowServer } from '../../core/cli/commands/mlflow';
import type { Tracker } from '../../core/contracts/tracker';
import { PluginRegistry } from '../../core/registry/registry';
import trackers from '../../plugins/tracker';

export function requireMlflowVenv(): string {
  const venv = mlflowVenv();
  if (!fs.existsSync(path.join(venv, 'bin', 'mlflow'))) {
    throw new Error(`integration tests need a real MLflow server, and ${venvHelp(venv)}`);
  }
  return venv;
}

export interface TestServer extends MlflowServer {
  /** Start a new server on the same store and port (after `kill` or `stop`). */
  restart(): Promise<TestServer>;
}

/** A fresh server on a temporary store (or `store`), on a free port (or `port`). */
export async function startTestServer(o: { store?: string; port?: number } = {}): Promise<TestServer> {
  const venv = requireMlflowVenv();
  const store = o.store ?? fs.mkdtempSync(path.join(os.tmpdir(), 'videor1-mlflow-'));
  const server = await startMlflowServer({ store, port: o.port, venv });
  return { ...server, restart: () => startTestServer({ store, port: server.port }) };
}

/**
 * A server for tests that never kill it: CI's, when it exported MLFLOW_TRACKING_URI, else a
 * fresh one (stopped by `close`).
 */
export async function sharedServer(): Promise<{ uri: string; close(): Promise<void> }> {
  const ci = process.env.MLFLOW_TRACKING_URI;
  if (ci) return { uri: ci, close: async () => undefined };
  const server = await startTestServer();
  return {
    uri: server.uri,
    close: async () => {
      await server.stop();
      fs.rmSync(server.store, { recursive: true, force: true });
    },
  };
}

/** An experiment name no earlier test run used (CI's server may be shared between runs). */
export function uniqueName(prefix: string): string {
  return `${prefix}-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 8)}`;
}

/**
 * The shared server for a test file: started in `beforeAll`, closed in `afterAll`. Read `uri`
 * inside tests and later hooks (it is set once the server is up).
 */
export function useSharedServer(): { readonly uri: string } {
  let server: { uri: string; close(): Promise<void> } | undefined;
  beforeAll(async () => {
    server = await sharedServer();
  });
  afterAll(async () => {
    await server?.close();
  });
  return {
    get uri(): string {
      if (!server) throw new Error('the shared MLflow server is not up (read uri inside a test or a later hook)');
      return server.uri;
    },
  };
}

/** The `mlflow` tracker plugin on `uri`, spooling to the local store `dir`, with extra options. */
export function mlflowTracker(uri: string, dir: string, options: Record<string, unknown> = {}): Promise<Tracker> {
  return new PluginRegistry({ tracker: trackers }).create<Tracker, object>('tracker', { name: 'mlflow', options: { uri, dir, ...options } }, {});
}
