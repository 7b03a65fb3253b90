/**
 * Held-out benchmark suites, one per benchmark of the paper's Table 1 (§4.1), each a named list of
 * samples from its own seed space (stream `bench/<suite>`, problem ids from (k + 1) * 1e6, k the
 * suite's index, never overlapping training ids < 1e6). Like the paper's eval JSONs (docs/released-code.md §5.3)
 * they are multiple choice or numerical, plus regression in the spatial suite. Every sample is a
 * video with spec.frames frames, so a suite can be evaluated on ordered and on shuffled frames.
 * They are scored as eval_bench.py scores (docs/released-code.md §5.5: reward `eval-bench`, whose per-answer
 * rule lives in plugins/shared/scoring/eval-bench.ts).
 */
import type { FrameSpec } from '../../../core/contracts/data';
import type { Sample } from '../../../core/contracts/sample';
import { FAMILY_TABLE } from './families';
import type { Draft, FamilyName, OptionOrder } from './types';
import { pickFamily, sampleRng, toSample } from './world';

export interface SuiteSpec {
  /** The paper's benchmark this suite stands in for. */
  paper: string;
  /** Relative weights of the families it draws from (others 0). */
  families: Partial<Record<FamilyName, number>>;
  /** Long timelines with one-tick events (more frames help, paper Table 1). */
  long: boolean;
}

/** Suite names, in the order of their problem-id blocks. */
export const SUITE_NAMES = ['spatial', 'temporal', 'general', 'knowledge', 'reasoning', 'long'] as const;
export type SuiteName = (typeof SUITE_NAMES)[number];

export const SUITES: Readonly<Record<SuiteName, SuiteSpec>> = {
  /** Spatial layout of a static scene filmed over time; regression scored by MRA. */
  spatial: { paper: 'VSI-Bench', families: { spatial: 1 }, long: false },
  /** Motion direction, order, counting and timing of events. */
  temporal: { paper: 'TempCompass', families: { direction: 1, order: 1, count: 1, when: 1 }, long: false },
  /** Mixed perception: static attributes and simple dynamics. */
  general: { paper: 'MVBench', families: { attribute: 4, direction: 1, order: 1, count: 1, when: 1 }, long: false },
  /** Knowledge symbols shown on screen. */
  knowledge: { paper: 'VideoMMMU', families: { knowledge: 1 }, long: false },
  /** Charts and arithmetic shown on screen. */
  reasoning: { paper: 'MMVU', families: { math: 1, chart: 1 }, long: false },
  /** Long timelines: events last one tick of 20-32, so 16 frames miss some and 64 do not. */
  long: { paper: 'VideoMME', families: { order: 1, count: 1, when: 1 }, long: true },
};

export interface BenchOptions {
  seed: number;
  /** Samples per suite. */
  count: number;
  /** Share of temporal scenes with a single-frame cue (shortcut.ts); 0 keeps the suites shortcut-free. */
  shortcutRate: number;
  /** How options are lettered (families/common.ts `lettered`). */
  optionOrder?: OptionOrder;
}

/** Draft of sample `index` of a suite; still families are filmed as a static video. */
export function benchmarkDraft(suite: SuiteName, index: number, o: Pick<BenchOptions, 'seed' | 'shortcutRate' | 'optionOrder'>): Draft {
  const spec = SUITES[suite];
  const rng = sampleRng(o.seed, `bench/${suite}`, index);
  const weights = Object.fromEntries(Object.keys(FAMILY_TABLE).map((f) => [f, spec.families[f as FamilyName] ?? 0])) as Record<FamilyName, number>;
  const draft = FAMILY_TABLE[pickFamily(rng, weights)].make({ rng, shortcutRate: o.shortcutRate, long: spec.long, optionOrder: o.optionOrder ?? 'shuffled' });
  return { ...draft, modality: 'video' };
}

/** The samples of one suite, `data_source` = `bench/<suite>`. */
export function benchmarkSuite(suite: SuiteName, o: BenchOptions, spec: FrameSpec): Sample[] {
  const k = SUITE_NAMES.indexOf(suite);
  return Array.from({ length: o.count }, (_, i) =>
    toSample(benchmarkDraft(suite, i, o), spec, { problemId: (k + 1) * 1_000_000 + i + 1, dataSource: `bench/${suite}`, folder: 'bench' }),
  );
}

/** Every named suite (the `eval` split). */
export function benchmarks(o: BenchOptions, spec: FrameSpec, suites: readonly SuiteName[] = SUITE_NAMES): Record<string, Sample[]> {
  return Object.fromEntries(suites.map((s) => [s, benchmarkSuite(s, o, spec)]));
}
