import * as path from 'node:path';
import { z } from 'zod';
import type { SyncReport, TrackerSync } from '../../core/contracts/tracker-sync';
import type { RunReader, RunReaderCapability, Tracker } from '../../core/contracts/tracker';
import { UserError } from '../../core/errors';
import { definePlugin } from '../../core/registry/define';
import { LocalTracker } from './local/tracker';
import { MlflowClient } from './mlflow/client';
import { redactUri } from './mlflow/http';
import { MlflowPusher } from './mlflow/pusher';
import { MlflowRunReader } from './mlflow/reader';
import { syncRuns } from './mlflow/sync';
import { MlflowTracker } from './mlflow/tracker';

export const MlflowOptions = z.strictObject({
  /** Tracking server, `http(s)://host:port`; defaults to $MLFLOW_TRACKING_URI. Credentials come from $MLFLOW_TRACKING_TOKEN or $MLFLOW_TRACKING_USERNAME/_PASSWORD. */
  uri: z.string().default(() => process.env.MLFLOW_TRACKING_URI ?? ''),
  /** Log every run to this MLflow experiment instead of the one the run names (the experiment's name). */
  experiment: z.string().min(1).max(500).optional(),
  /** Local store (the spool), as for the `local` tracker. */
  dir: z.string().min(1).default('runs'),
  /** Per-request timeout, ms. */
  timeout_ms: z.number().int().positive().default(10_000),
  /** Retries of one request on 429, 5xx and network errors (exponential backoff with jitter). */
  retries: z.number().int().min(0).max(10).default(3),
  /** Longest wait in flush/endRun for MLflow to catch up before leaving the rest to `videor1 sync`, ms. */
  flush_timeout_ms: z.number().int().min(0).default(30_000),
  /** Wait between retries while the server is away, ms. */
  retry_interval_ms: z.number().int().positive().default(5_000),
});
export type MlflowOptions = z.infer<typeof MlflowOptions>;

/** A client for the options' server; a missing or non-HTTP URI is bad input. */
export function clientFor(o: MlflowOptions): MlflowClient {
  let url: URL | undefined;
  try {
    url = new URL(o.uri);
  } catch {
    url = undefined;
  }
  if (!url || (url.protocol !== 'http:' && url.protocol !== 'https:')) {
    throw new UserError('the mlflow tracker needs the address of a tracking server', {
      where: 'tracker.options.uri',
      expected: "http(s)://host:port, in the option or in MLFLOW_TRACKING_URI (start one with 'videor1 mlflow up')",
      found: o.uri ? JSON.stringify(redactUri(o.uri)) : 'nothing',
    });
  }
  return new MlflowClient({ uri: o.uri, timeoutMs: o.timeout_ms, retries: o.retries });
}

const plugin = definePlugin({
  kind: 'tracker',
  name: 'mlflow',
  description: 'Write each run locally, then push it to an MLflow tracking server (spools and catches up when the server is away)',
  reference: 'MLflow REST API 2.0 (docs/mlflow.md)',
  options: MlflowOptions,
  create: (o: MlflowOptions, _deps: Record<string, never>): Tracker => {
    const dir = path.resolve(o.dir);
    return new MlflowTracker(new LocalTracker(dir), new MlflowPusher(dir, clientFor(o)), {
      experiment: o.experiment,
      flushTimeoutMs: o.flush_timeout_ms,
      retryIntervalMs: o.retry_interval_ms,
      warn: (m) => process.stderr.write(`videor1: ${m}\n`),
    });
  },
});

/** `videor1 sync` through the plugin: core never imports this module (docs/design.md §1). */
const sync: TrackerSync['sync'] = (options, request): Promise<SyncReport> => {
  const o = options as MlflowOptions;
  return syncRuns({ dir: path.resolve(o.dir), client: clientFor(o), runs: request.runs });
};

/** The server's runs read back (`grid --resume`); the local store beside it is read by the `local` tracker's reader. */
const reader: RunReaderCapability['reader'] = (options): RunReader => new MlflowRunReader(clientFor(options as MlflowOptions));

export default { ...plugin, sync, reader };
