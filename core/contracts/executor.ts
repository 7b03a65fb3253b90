/**
 * Executors run a grid's cells, each as its own `videor1 grid-cell` process (after submitit and
 * Hydra's launchers: the sweep is planned in one process, every job runs in another). One
 * contract: submit the cells, watch their states until each is terminal, cancel what is left.
 */
import type { RunStatus } from './tracker';

/** Where a cell stands. PENDING: queued, not started; the rest as a tracked run's status. */
export type CellState = 'PENDING' | RunStatus;
export const TERMINAL_STATES: readonly CellState[] = ['FINISHED', 'FAILED', 'KILLED'];

/** What a cell's process writes when it ends (`exit.json` in its folder). */
export interface CellExitRecord {
  status: Exclude<RunStatus, 'RUNNING'>;
  run_id?: string;
  config_hash: string;
  metrics: Record<string, number>;
  error?: string;
  seconds: number;
}

/** One cell to run: `argv` for the videor1 executable, run in `cwd`; `dir` is its own folder. */
export interface CellJob {
  /** The cell's config hash. */
  id: string;
  /** Human label (variant, axes, seed). */
  label: string;
  argv: string[];
  cwd: string;
  /** Folder for the cell's exit record (exit.json) and log (cell.log). */
  dir: string;
}

export interface CellUpdate {
  id: string;
  state: CellState;
  /** The exit record once the cell is terminal (absent when the process left none). */
  record?: CellExitRecord;
  /** Why it is FAILED or KILLED when the cell's own record does not say. */
  error?: string;
  /** Times the cell was submitted again after a preemption or time-out. */
  requeues?: number;
}

export interface Executor {
  readonly name: string;
  /** Queue every cell. Throws a UserError (exit 2) when the scheduler is missing or refuses. */
  submit(jobs: readonly CellJob[]): Promise<void>;
  /** Report state changes until every submitted cell is terminal; resolves with the final states. */
  watch(onUpdate: (u: CellUpdate) => void): Promise<CellUpdate[]>;
  /** Stop every cell not yet terminal (Ctrl-C): running ones end KILLED; `watch` then resolves. */
  cancel(): Promise<void>;
}

/** What the grid gives an executor plugin. */
export interface ExecutorDeps {
  /** The command that starts videor1 (node and its entry script). */
  videor1: string[];
  /** Workers (local) or array parallelism cap (slurm) asked for with `--parallel`. */
  parallel: number;
  /** Folder for the executor's own files (batch scripts, logs). */
  dir: string;
  /** Progress lines for people. */
  say: (text: string) => void;
}
