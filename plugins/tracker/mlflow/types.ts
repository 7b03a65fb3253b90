/** Shapes of MLflow REST replies the client reads (docs/mlflow.md §1.2), values as the server sends them. */
import type { RunStatus } from '../../../core/contracts/tracker';

export interface KeyValue {
  key: string;
  value: string;
}

export interface Experiment {
  experiment_id: string;
  name: string;
  artifact_location?: string;
  lifecycle_stage: 'active' | 'deleted';
  tags?: KeyValue[];
}

export interface RunInfo {
  run_id: string;
  run_name?: string;
  experiment_id: string;
  status: RunStatus | 'SCHEDULED';
  start_time?: number;
  end_time?: number;
  artifact_uri: string;
  lifecycle_stage: 'active' | 'deleted';
}

/** A metric point as sent to or read from the server; NaN/±Infinity travel as strings. */
export interface WireMetric {
  key: string;
  value: number | string;
  timestamp: number;
  step: number;
}

export interface Run {
  info: RunInfo;
  data: { metrics?: WireMetric[]; params?: KeyValue[]; tags?: KeyValue[] };
}

export interface FileInfo {
  path: string;
  is_dir: boolean;
  file_size?: number;
}

/** One log-batch request body without `run_id`. */
export interface BatchBody {
  metrics: WireMetric[];
  params: KeyValue[];
  tags: KeyValue[];
}
