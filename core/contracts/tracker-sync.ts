/** Pushing local runs to a tracking server after the fact (`videor1 sync`), as a tracker capability. */
/** What `sync` did with one local run. */
export interface SyncRunReport {
  id: string;
  name: string;
  experiment: string;
  parentId?: string;
  /**
   * `complete`: ended and all of it is in MLflow; `partial`: pushed, but not ended (or still
   * missing something); `running`: skipped, its own tracker is pushing it; `error`: see `note`.
   */
  state: 'complete' | 'partial' | 'running' | 'error';
  remoteRunId?: string;
  /** What this sync sent. */
  pushed?: { params: number; tags: number; metrics: number; artifacts: number };
  note?: string;
}

export interface SyncReport {
  /** Tracking server, without credentials. */
  uri: string;
  /** Local run store. */
  dir: string;
  runs: SyncRunReport[];
}

/**
 * A tracker plugin that can push local runs after the fact (the `mlflow` tracker). Core reaches
 * it through the registry, never by import (docs/design.md §1).
 */
export interface TrackerSync {
  /** `options`: the plugin's parsed options; `runs`: local run ids (none: all that need it). */
  sync(options: unknown, request: { runs: readonly string[] }): Promise<SyncReport>;
}
