/** Shapes shared by the synthetic world's families, renderer, teacher and benchmarks. */
import type { Rng } from '../../../core/rng';
import type { Modality, ProblemType } from '../../../core/contracts/sample';
import type { Canvas } from './canvas';

/** Video families (paper §3.1 "General (Video)": event progression, motion, frame-to-frame dependencies). */
export const VIDEO_FAMILIES = ['direction', 'order', 'count', 'when', 'attribute', 'description'] as const;
/** Image families, one per image domain of Video-R1-260k (paper §3.1, Figure 2). */
export const IMAGE_FAMILIES = ['general', 'chart', 'ocr', 'math', 'knowledge', 'spatial'] as const;
export const FAMILIES = [...VIDEO_FAMILIES, ...IMAGE_FAMILIES] as const;
export type FamilyName = (typeof FAMILIES)[number];

/** What a family needs to draw one scene. */
export interface GenContext {
  rng: Rng;
  /** Probability that a temporal scene also carries a single-frame cue to its answer (shortcut.ts). */
  shortcutRate: number;
  /** Long-video variant (benchmark `long`): longer timelines with one-tick events. */
  long: boolean;
  /** How multiple-choice options are lettered (families/common.ts `lettered`). */
  optionOrder: OptionOrder;
}

/**
 * `shuffled`: options in random order (real benchmarks); `sorted`: in alphabetical order of their
 * texts, so a letter is a fixed function of the option set and its text (families/common.ts).
 */
export type OptionOrder = 'shuffled' | 'sorted';

/**
 * One generated scene: the record's text fields, the answer, a timeline the renderer draws, the
 * observations the teacher reads, and how the teacher goes wrong. Depends on the seed only, never
 * on the FrameSpec, so records are identical at every resolution.
 */
export interface Draft {
  family: FamilyName;
  modality: Modality;
  /** The answer depends on frame order (Sample.temporal). */
  temporal: boolean;
  /** A single-frame cue to the answer was planted (shortcut.ts). */
  shortcut: boolean;
  problem: string;
  problemType: ProblemType;
  /** Lettered options for multiple choice, [] otherwise. */
  options: string[];
  /** The text inside `<answer>…</answer>`. */
  answer: string;
  /** States of the timeline (1 for a still). */
  ticks: number;
  /** Draw tick `tick` onto a cleared (black) frame. */
  draw(canvas: Canvas, tick: number): void;
  /**
   * What the teacher sees, one sentence each; `frameOf(tick)` = 1-based first frame showing the
   * tick (0 if none), `frames` = frames in the clip (1 for an image).
   */
  observe(frameOf: (tick: number) => number, frames: number): string[];
  /** A wrong answer, scored <= 0.6 by the accuracy reward (so the SFT filter drops it). */
  wrong(rng: Rng): string;
}

/** A family: name, modality, temporal flag, and a seeded scene maker. */
export interface Family {
  name: FamilyName;
  modality: Modality;
  temporal: boolean;
  make(ctx: GenContext): Draft;
}
