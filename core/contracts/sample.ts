/** The five problem types of Video-R1 (docs/released-code.md §5.1), case-sensitive. */
export const PROBLEM_TYPES = ['multiple choice', 'numerical', 'OCR', 'free-form', 'regression'] as const;
export type ProblemType = (typeof PROBLEM_TYPES)[number];

export const MODALITIES = ['image', 'video'] as const;
export type Modality = (typeof MODALITIES)[number];

/** One record of Video-R1-260k / Video-R1-COT-165k / the eval JSONs (docs/released-code.md §5). */
export interface VideoR1Record {
  problem_id: number | string;
  problem: string;
  data_type: Modality;
  problem_type: ProblemType;
  /** Lettered options ("A. ...") for multiple choice, `[]` otherwise. */
  options: string[];
  /** Always `<answer>…</answer>`. */
  solution: string;
  /** Media path relative to the data root, starting with "./". */
  path: string;
  data_source: string;
  /** `<think>…</think>` rationale (SFT / CoT records only). */
  process?: string;
}

/**
 * Frames of one sample: T x H x W x C float32 values in [0, 1], row-major (t, y, x, c).
 * An image is a single frame (T = 1).
 */
export interface Frames {
  readonly data: Float32Array;
  readonly t: number;
  readonly h: number;
  readonly w: number;
  readonly c: number;
}

/** A training or evaluation sample: the record, its decoded frames and world metadata. */
export interface Sample extends VideoR1Record {
  frames: Frames;
  /** Category used by mixers and reports: a paper domain (chart, OCR, ...) or a video family. */
  category: string;
  /** True when the answer depends on frame order (temporal families). */
  temporal: boolean;
}

/** Permute the frames of a clip (T-GRPO's shuffled copy, paper §3.1). `order[i]` = source frame of frame i. */
export function permuteFrames(frames: Frames, order: readonly number[]): Frames {
  const size = frames.h * frames.w * frames.c;
  const data = new Float32Array(frames.data.length);
  order.forEach((src, i) => data.set(frames.data.subarray(src * size, (src + 1) * size), i * size));
  return { ...frames, data };
}

/**
 * Counterfactual views of a clip, for contrast groups and evaluation: `shuffle` (T-GRPO, paper
 * §3.1: one uniform permutation), `reverse` (ArrowRL: the arrow of time reversed) and `static`
 * (the middle frame repeated T times: what a single-frame shortcut would still see).
 */
export const FRAME_TRANSFORMS = ['shuffle', 'reverse', 'static'] as const;
export type FrameTransform = (typeof FRAME_TRANSFORMS)[number];

/** Apply a transform; only `shuffle` draws from `rng` (one `permutation(T)` call). */
export function transformFrames(frames: Frames, transform: FrameTransform, rng: { permutation(n: number): number[] }): Frames {
  const t = frames.t;
  if (transform === 'shuffle') return permuteFrames(frames, rng.permutation(t));
  if (transform === 'reverse')
    return permuteFrames(
      frames,
      Array.from({ length: t }, (_, i) => t - 1 - i),
    );
  return permuteFrames(
    frames,
    Array.from({ length: t }, () => Math.floor(t / 2)),
  );
}
