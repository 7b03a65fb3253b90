import type { Rng } from '../rng';
import type { Modality, Sample } from './sample';

export type Split = 'rl' | 'sft' | 'eval';

/** Frame geometry the policy expects; task sources render or resize media to it. */
export interface FrameSpec {
  /** Frames per video sample (training: 16). */
  frames: number;
  height: number;
  width: number;
  channels: number;
}

/** Yields Samples in Video-R1's schema (docs/design.md §3). */
export interface TaskSource {
  readonly name: string;
  /** Load a split. Samples with broken media are reported and counted, never replaced. */
  load(split: Split, spec: FrameSpec): Promise<TaskSourceResult>;
  /**
   * Every text this source can write (questions, options, solutions, rationales), without media:
   * a words vocabulary built from it is the same whichever stages a run has, so ablations that
   * skip SFT or evaluation keep the same tokenizer and initialisation.
   */
  corpus?(spec: FrameSpec): string[];
}

export interface TaskSourceResult {
  samples: Sample[];
  /** Problems found while loading (missing or corrupt media), with path and problem_id. */
  skipped: { problem_id: number | string; path: string; reason: string }[];
  /** What the load produced (counts by family, SFT filter kept/candidates, ...), recorded with the run. */
  stats?: object;
}

/** A batch drawn by a mixer; it carries its modality mix. */
export interface Batch {
  samples: Sample[];
  modalities: Record<Modality, number>;
}

/** The realised mix so far: counts per modality and per `modality/category`. */
export interface MixReport {
  total: number;
  byModality: Record<string, number>;
  byCategory: Record<string, number>;
}

/** Draws batches from a pool of samples by ratios per modality and category (docs/design.md §3). */
export interface DataMixer {
  readonly name: string;
  next(batchSize: number, rng: Rng): Batch;
  report(): MixReport;
}

/** What a mixer plugin's `create` receives. */
export interface MixerDeps {
  pool: readonly Sample[];
}

/** The splits one run loaded (the DATA token), with their stats and skipped media. */
export interface LoadedData {
  rl: Sample[];
  sft: Sample[];
  eval: Sample[];
  stats: Record<string, unknown>;
  skipped: Record<string, TaskSourceResult['skipped']>;
}
