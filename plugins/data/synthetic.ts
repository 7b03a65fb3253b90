/**
 * Task source `synthetic`: a seeded pixel world standing in for Video-R1-260k / -COT-165k and the
 * paper's six benchmarks (paper §3.1, §4.1; docs/released-code.md §5). Squares move, flash and
 * light up in 8-16 frame clips (temporal families) or sit still in images (general, chart, OCR,
 * math, knowledge, spatial), with questions of all five problem types over a closed vocabulary.
 * Splits: `rl` (the world), `sft` (the same samples annotated by a CoT teacher and filtered at
 * accuracy > 0.6), `eval` (held-out suites). Pieces: synthetic/world.ts (sampling), families/
 * (scenes), render.ts (frames), shortcut.ts (the planted single-frame cue), teacher.ts,
 * benchmarks.ts, vocab.ts. `source.stats[split]` and `result.stats` report what a load produced.
 */
import { z } from 'zod';
import type { FrameSpec, Split, TaskSource, TaskSourceResult } from '../../core/contracts/data';
import type { Sample } from '../../core/contracts/sample';
import { definePlugin } from '../../core/registry/define';
import { SUITE_NAMES, benchmarkDraft, benchmarks } from './synthetic/benchmarks';
import { KEEP_THRESHOLD, teach, type TeacherStyle } from './synthetic/teacher';
import { FAMILIES, type Draft, type FamilyName } from './synthetic/types';
import { worldVocabulary } from './synthetic/vocab';
import { DEFAULT_FAMILY_WEIGHTS, checkSpec, sampleRng, toSample, trainingDraft } from './synthetic/world';

const familyWeights = Object.fromEntries(FAMILIES.map((f) => [f, z.number().min(0).default(DEFAULT_FAMILY_WEIGHTS[f])])) as Record<
  FamilyName,
  z.ZodDefault<z.ZodNumber>
>;

export const SyntheticOptions = z.strictObject({
  /** Seed of the whole world: same seed, same records and frames. */
  seed: z.number().int().min(0).default(0),
  /** Samples in the `rl` split (training problem ids 1..rl_samples, below 1e6). */
  rl_samples: z.number().int().min(0).max(999_999).default(1000),
  /** Candidates annotated by the teacher for the `sft` split: the first sft_samples RL samples (docs/released-code.md §5.2). */
  sft_samples: z.number().int().min(0).max(999_999).default(500),
  /** Samples per benchmark suite in the `eval` split. */
  eval_samples: z.number().int().min(0).max(999_999).default(50),
  /** Benchmark suites of the `eval` split. */
  suites: z.array(z.enum(SUITE_NAMES)).default([...SUITE_NAMES]),
  /** Share of temporal training questions that a single frame also answers (synthetic/shortcut.ts). */
  shortcut_rate: z.number().min(0).max(1).default(0.3),
  /** The same for benchmark suites; 0 keeps them shortcut-free. */
  eval_shortcut_rate: z.number().min(0).max(1).default(0),
  /**
   * Multiple-choice option order, for training and benchmark questions alike: `shuffled` (random
   * letters, as real benchmarks) or `sorted` (alphabetical by text). tiny-vlm cannot learn to
   * copy a shuffled letter (README, "What RL does here"); `sorted` takes that confound out.
   */
  option_order: z.enum(['shuffled', 'sorted']).default('shuffled'),
  /** Probability that the CoT teacher reasons to a wrong answer; 0.35 ≈ 1 − 165k / 263k kept in the paper. */
  teacher_error_rate: z.number().min(0).max(1).default(0.35),
  /**
   * Probability that the teacher leaves its observations out of a rationale (synthetic/teacher.ts):
   * right answers, so the filter keeps them, that a small student cannot reach without reading the frames.
   */
  teacher_terse_rate: z.number().min(0).max(1).default(0),
  /**
   * Two answer words the teacher swaps with probability `rate` (synthetic/teacher.ts): a systematic
   * error, like a vision-language model's left/right confusion, that the reward filter turns into a
   * blind spot of the SFT data. Both words must be world words (synthetic/vocab.ts).
   */
  teacher_confusion: z
    .strictObject({
      words: z.tuple([z.string(), z.string()]).default(['left', 'right']),
      rate: z.number().min(0).max(1).default(0),
    })
    .prefault({})
    .check((c) => {
      const vocab = new Set(worldVocabulary());
      for (const [i, w] of c.value.words.entries())
        if (!vocab.has(w))
          c.issues.push({ code: 'custom', path: ['words', i], message: 'expected a word of the synthetic world (synthetic/vocab.ts)', input: w });
      if (c.value.words[0] === c.value.words[1])
        c.issues.push({ code: 'custom', path: ['words'], message: 'expected two different words', input: c.value.words });
    }),
  /**
   * Attach to every `rl` sample, as `process`, the rationale an error-free careful teacher writes
   * (what it sees, frame by frame): the reference of reward `rationale` (plugins/reward/rationale.ts).
   */
  rl_rationales: z.boolean().default(false),
  /** Relative weight of each family; defaults follow the paper's Figure 2 (synthetic/world.ts). */
  family_weights: z.strictObject(familyWeights).prefault({}),
});
export type SyntheticOptions = z.infer<typeof SyntheticOptions>;

/** The error-free teacher that writes the `rl` split's reference rationales. */
const CAREFUL: TeacherStyle = { errorRate: 0, terseRate: 0 };

const teacherStyle = (o: SyntheticOptions): TeacherStyle => ({
  errorRate: o.teacher_error_rate,
  terseRate: o.teacher_terse_rate,
  confusion: o.teacher_confusion,
});

/** What one load produced (exposed as `result.stats` and `source.stats[split]`). */
export interface SyntheticStats {
  split: Split;
  samples: number;
  video: number;
  temporal: number;
  /** Temporal samples carrying a planted single-frame cue. */
  shortcut: number;
  by_family: Record<string, number>;
  /** SFT only: teacher candidates, samples kept (accuracy > 0.6, docs/released-code.md §5.2) and their share. */
  sft?: { candidates: number; kept: number; keep_rate: number };
  /** Eval only: samples per suite. */
  suites?: Record<string, number>;
}

export interface SyntheticResult extends TaskSourceResult {
  stats: SyntheticStats;
}

function statsOf(split: Split, samples: readonly Sample[], drafts: readonly Draft[]): SyntheticStats {
  const byFamily: Record<string, number> = {};
  for (const s of samples) byFamily[s.category] = (byFamily[s.category] ?? 0) + 1;
  return {
    split,
    samples: samples.length,
    by_family: byFamily,
    video: samples.filter((s) => s.data_type === 'video').length,
    temporal: samples.filter((s) => s.temporal).length,
    shortcut: drafts.filter((d) => d.shortcut).length,
  };
}

/** The synthetic world as a TaskSource: `rl`, `sft` (teacher-annotated, filtered) and `eval` (benchmark suites). */
export class SyntheticSource implements TaskSource {
  readonly name = 'synthetic';
  /** Stats of the latest load of each split. */
  readonly stats: Partial<Record<Split, SyntheticStats>> = {};

  constructor(readonly options: SyntheticOptions) {}

  async load(split: Split, spec: FrameSpec): Promise<SyntheticResult> {
    checkSpec(spec);
    const o = this.options;
    const drafts: Draft[] = [];
    const samples: Sample[] = [];
    let extra: Partial<SyntheticStats> = {};
    if (split === 'rl') {
      for (let i = 0; i < o.rl_samples; i++) {
        const draft = trainingDraft(o.seed, i, o.family_weights, o.shortcut_rate, o.option_order);
        drafts.push(draft);
        const sample = toSample(draft, spec, { problemId: i + 1, dataSource: `synthetic/${draft.family}`, folder: 'train' });
        samples.push(o.rl_rationales ? { ...sample, process: teach(draft, spec.frames, CAREFUL, sampleRng(o.seed, 'teacher', i)).process } : sample);
      }
    } else if (split === 'sft') {
      const style = teacherStyle(o);
      for (let i = 0; i < o.sft_samples; i++) {
        const draft = trainingDraft(o.seed, i, o.family_weights, o.shortcut_rate, o.option_order);
        const taught = teach(draft, spec.frames, style, sampleRng(o.seed, 'teacher', i));
        if (!(taught.accuracy > KEEP_THRESHOLD)) continue;
        drafts.push(draft);
        samples.push({ ...toSample(draft, spec, { problemId: i + 1, dataSource: `synthetic/${draft.family}`, folder: 'train' }), process: taught.process });
      }
      extra = { sft: { candidates: o.sft_samples, kept: samples.length, keep_rate: o.sft_samples ? samples.length / o.sft_samples : 0 } };
    } else {
      const suites = o.suites;
      const bench = benchmarks({ seed: o.seed, count: o.eval_samples, shortcutRate: o.eval_shortcut_rate, optionOrder: o.option_order }, spec, suites);
      for (const s of suites) {
        samples.push(...bench[s]);
        for (let i = 0; i < o.eval_samples; i++)
          drafts.push(benchmarkDraft(s, i, { seed: o.seed, shortcutRate: o.eval_shortcut_rate, optionOrder: o.option_order }));
      }
      extra = { suites: Object.fromEntries(suites.map((s) => [s, bench[s].length])) };
    }
    const stats = { ...statsOf(split, samples, drafts), ...extra };
    this.stats[split] = stats;
    return { samples, skipped: [], stats };
  }

  /**
   * Every text the world writes at `frames` frames per video, without rendering: the records of
   * all splits (problem, options, solution), the teacher's rationales for every SFT candidate
   * (kept or not), and one line listing the whole vocabulary (vocab.ts), so a `words` tokenizer
   * built from it covers any sample.
   */
  corpus(spec: Pick<FrameSpec, 'frames'> = { frames: 16 }): string[] {
    const frames = spec.frames;
    const o = this.options;
    const texts = [worldVocabulary(frames).join(' ')];
    const add = (d: Draft): void => void texts.push(d.problem, ...d.options, `<answer>${d.answer}</answer>`);
    const style = teacherStyle(o);
    for (let i = 0; i < Math.max(o.rl_samples, o.sft_samples); i++) {
      const draft = trainingDraft(o.seed, i, o.family_weights, o.shortcut_rate, o.option_order);
      add(draft);
      if (i < o.sft_samples) texts.push(teach(draft, frames, style, sampleRng(o.seed, 'teacher', i)).output);
    }
    for (const s of o.suites) {
      for (let i = 0; i < o.eval_samples; i++) add(benchmarkDraft(s, i, { seed: o.seed, shortcutRate: o.eval_shortcut_rate, optionOrder: o.option_order }));
    }
    return texts;
  }
}

export default definePlugin({
  kind: 'data',
  name: 'synthetic',
  description: 'Generate seeded image and video samples of a small pixel world in Video-R1 schema',
  options: SyntheticOptions,
  reference: 'paper §3.1 (data domains, CoT annotation), §3.2 (T-GRPO); docs/released-code.md §5.1-5.4',
  create: (options: SyntheticOptions): SyntheticSource => new SyntheticSource(options),
});
