export type RunStatus = 'RUNNING' | 'FINISHED' | 'FAILED' | 'KILLED';

export interface StartRunOptions {
  experiment: string;
  runName: string;
  tags?: Record<string, string>;
  /** Id of the parent run (grids): children nest under it. */
  parentRunId?: string;
}

/** One metric point. `timestamp` is Unix milliseconds. */
export interface MetricPoint {
  key: string;
  value: number;
  step: number;
  timestamp: number;
}

/**
 * Run lifecycle, params, metrics, artifacts and tags (docs/design.md §3, docs/mlflow.md). Implementations:
 * `local` (always written) and `mlflow` (REST; spools and catches up when the server is away).
 */
export interface Tracker {
  readonly name: string;
  /** Start a run; returns its id. */
  startRun(options: StartRunOptions): Promise<string>;
  /** Log the flattened resolved config (string values). Params are write-once. */
  logParams(runId: string, params: Record<string, string>): Promise<void>;
  /** Log metrics for one step. */
  logMetrics(runId: string, step: number, metrics: Record<string, number>, timestamp?: number): Promise<void>;
  setTags(runId: string, tags: Record<string, string>): Promise<void>;
  /** Copy a file or folder into the run's artifacts under `artifactPath` (relative). */
  logArtifact(runId: string, localPath: string, artifactPath?: string): Promise<void>;
  endRun(runId: string, status: Exclude<RunStatus, 'RUNNING'>): Promise<void>;
  /** Wait for everything queued to be written (or spooled). */
  flush(): Promise<void>;
}

/** A run as a store holds it (read back for `videor1 compare`). */
export interface StoredRunInfo {
  id: string;
  experiment: string;
  name: string;
  parentId?: string;
  status: RunStatus;
  startTime: number;
  endTime?: number;
  /** For a copy in a remote store (MLflow): the id of the local run it was pushed from, when known. */
  localId?: string;
}

export interface StoredRun extends StoredRunInfo {
  params: Record<string, string>;
  tags: Record<string, string>;
  metrics: MetricPoint[];
  artifacts: string[];
}

/** Reads runs back from a store, oldest first. */
export interface RunReader {
  list(): Promise<StoredRunInfo[]>;
  read(id: string): Promise<StoredRun>;
  /** Runs whose tags hold every one of these values, fully read, oldest first (a server searches; without it callers list and read). */
  find?(tags: Record<string, string>): Promise<StoredRun[]>;
  /** End a run in this store directly: for a remote run the tracker cannot reach (its local copy is gone). */
  end?(id: string, status: Exclude<RunStatus, 'RUNNING'>): Promise<void>;
}

/** A tracker plugin whose store can be read back (`local`: its folder; `mlflow`: its server). Reached through the registry. */
export interface RunReaderCapability {
  reader(options: unknown): RunReader;
}
