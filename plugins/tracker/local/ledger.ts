/**
 * The sync ledger (`mlflow.json` in a run folder): what of the local run reached which MLflow
 * server. Pushes read it to send only what is new, so points are never sent twice (and a resend
 * after a crash between push and ledger write is an exact duplicate, which MLflow's SQL store skips).
 */
import type { RunStatus } from '../../../core/contracts/tracker';
import { readJson, writeJsonAtomic } from './files';
import { runFile } from './layout';

export interface LedgerError {
  at: number;
  message: string;
  errorCode?: string;
  status?: number;
  /** True when retrying cannot help (e.g. the remote run was deleted); `videor1 sync` tries again. */
  permanent: boolean;
}

/** What reached one tracking server. */
export interface Ledger {
  /** Tracking URI without credentials. */
  uri: string;
  experimentId?: string;
  remoteRunId?: string;
  /** The remote run's artifact URI (`mlflow-artifacts:/<exp>/<run>/artifacts`). */
  artifactUri?: string;
  /** Params pushed (key → value). */
  params: Record<string, string>;
  /** Tags pushed (key → value last pushed). */
  tags: Record<string, string>;
  /** Lines of metrics.jsonl pushed (unreadable lines count, they are skipped). */
  metricLines: number;
  /** Byte offset in metrics.jsonl just past the last pushed line. */
  metricOffset: number;
  /** Metric points pushed. */
  metricPoints: number;
  /** Artifact files pushed: relative path → `size:mtimeMs` of the copy pushed. */
  artifacts: Record<string, string>;
  /** Final status pushed (runs/update), set once everything else had reached the server. */
  ended?: Exclude<RunStatus, 'RUNNING'>;
  /** `complete` once the run ended and everything reached the server. */
  state: 'partial' | 'complete';
  /** Params the server refused because it holds another value (left as they are there). */
  paramConflicts?: Record<string, string>;
  lastError?: LedgerError;
  updatedAt: number;
}

interface LedgerFile {
  version: 1;
  targets: Record<string, Ledger>;
}

export function emptyLedger(uri: string): Ledger {
  return { uri, params: {}, tags: {}, metricLines: 0, metricOffset: 0, metricPoints: 0, artifacts: {}, state: 'partial', updatedAt: 0 };
}

/** The ledger for `uri` (an empty one if the run never reached that server). */
export async function readLedger(dir: string, runId: string, uri: string): Promise<Ledger> {
  const file = await readJson<LedgerFile>(runFile(dir, runId, 'ledger'), { version: 1, targets: {} });
  return file.targets?.[uri] ?? emptyLedger(uri);
}

/** Every server this run was pushed to. */
export async function readLedgers(dir: string, runId: string): Promise<Ledger[]> {
  const file = await readJson<LedgerFile>(runFile(dir, runId, 'ledger'), { version: 1, targets: {} });
  return Object.values(file.targets ?? {});
}

export async function writeLedger(dir: string, runId: string, ledger: Ledger): Promise<void> {
  const path = runFile(dir, runId, 'ledger');
  const file = await readJson<LedgerFile>(path, { version: 1, targets: {} });
  await writeJsonAtomic(path, { version: 1, targets: { ...file.targets, [ledger.uri]: { ...ledger, updatedAt: Date.now() } } });
}
