/**
 * The synthetic world: deterministic scenes in Video-R1's record schema (docs/released-code.md §5.1). Sample i
 * of a stream depends only on (seed, stream, i): its generator is `new Rng(seed).fork(stream/i)`,
 * so samples can be drawn in any order, and the same seed gives byte-identical records and
 * identical frames.
 */
import type { FrameSpec } from '../../../core/contracts/data';
import type { Sample } from '../../../core/contracts/sample';
import { UserError } from '../../../core/errors';
import { Rng } from '../../../core/rng';
import { FAMILY_TABLE } from './families';
import { renderDraft } from './render';
import { FAMILIES, type Draft, type FamilyName, type OptionOrder } from './types';

/**
 * Default family weights: the paper's Figure 2 composition of Video-R1-260k in thousands (video
 * 116k spread evenly over the six video families; images: general 15k, chart 21k, OCR 16k, math 37k,
 * knowledge 37k, spatial 20k), so video is 44% of samples as in docs/released-code.md §5.1 (116,248 / 263,071).
 */
export const DEFAULT_FAMILY_WEIGHTS: Readonly<Record<FamilyName, number>> = {
  direction: 116 / 6,
  order: 116 / 6,
  count: 116 / 6,
  when: 116 / 6,
  attribute: 116 / 6,
  description: 116 / 6,
  general: 15,
  chart: 21,
  ocr: 16,
  math: 37,
  knowledge: 37,
  spatial: 20,
};

/**
 * Default training geometry: 16 frames (docs/released-code.md §5.4 FPS_MAX_FRAMES) of 32 x 32 RGB, the
 * tiny-model stand-in for ~128 x 28 x 28 pixels per frame.
 */
export const TRAIN_FRAME_SPEC: Readonly<FrameSpec> = { frames: 16, height: 32, width: 32, channels: 3 };

/** Smallest frames the world renders into: 20 px fits a 5-character expression in the 3x5 font. */
export const MIN_SIDE = 20;
/** Fewest video frames: every tick of a training timeline (at most 8) is then seen at least once. */
export const MIN_FRAMES = 8;

/** Check a FrameSpec once per load; bad specs are input errors (exit 2). */
export function checkSpec(spec: FrameSpec): void {
  const bad = (where: string, expected: string, found: unknown): never => {
    throw new UserError('frame spec unsupported by the synthetic task source', { where, expected, found: String(found) });
  };
  if (!Number.isInteger(spec.frames) || spec.frames < MIN_FRAMES) bad('frames', `an integer >= ${MIN_FRAMES}`, spec.frames);
  if (!Number.isInteger(spec.height) || spec.height < MIN_SIDE) bad('height', `an integer >= ${MIN_SIDE}`, spec.height);
  if (!Number.isInteger(spec.width) || spec.width < MIN_SIDE) bad('width', `an integer >= ${MIN_SIDE}`, spec.width);
  if (spec.channels !== 1 && spec.channels !== 3) bad('channels', '1 (luminance) or 3 (RGB)', spec.channels);
}

/** The seeded generator of sample `index` of `stream` (e.g. 'rl', 'bench/temporal'). */
export function sampleRng(seed: number, stream: string, index: number): Rng {
  return new Rng(seed).fork(`${stream}/${index}`);
}

/** Draw a family name with probability proportional to its weight. */
export function pickFamily(rng: Rng, weights: Readonly<Record<FamilyName, number>>): FamilyName {
  const total = FAMILIES.reduce((s, f) => s + weights[f], 0);
  if (!(total > 0)) throw new UserError('family_weights must have a positive sum', { where: 'family_weights', found: JSON.stringify(weights) });
  let u = rng.next() * total;
  for (const f of FAMILIES) {
    u -= weights[f];
    if (u < 0) return f;
  }
  return FAMILIES.filter((f) => weights[f] > 0).at(-1)!;
}

/** Draft of training sample `index` (the `rl` and `sft` splits share it: SFT annotates RL samples, docs/released-code.md §5.2). */
export function trainingDraft(
  seed: number,
  index: number,
  weights: Readonly<Record<FamilyName, number>>,
  shortcutRate: number,
  optionOrder: OptionOrder = 'shuffled',
): Draft {
  const rng = sampleRng(seed, 'train', index);
  return FAMILY_TABLE[pickFamily(rng, weights)].make({ rng, shortcutRate, long: false, optionOrder });
}

/** Record fields and world metadata that are not in the draft. */
export interface Placement {
  problemId: number;
  /** `data_source` (docs/released-code.md §5.1), e.g. 'synthetic/direction' or 'bench/temporal'. */
  dataSource: string;
  /** Folder under ./synthetic/ for the media path. */
  folder: string;
}

/** A Sample: the draft's record fields, rendered frames, category and temporal flag. */
export function toSample(draft: Draft, spec: FrameSpec, at: Placement): Sample {
  const ext = draft.modality === 'video' ? 'mp4' : 'png';
  return {
    problem_id: at.problemId,
    problem: draft.problem,
    data_type: draft.modality,
    problem_type: draft.problemType,
    options: draft.options,
    solution: `<answer>${draft.answer}</answer>`,
    path: `./synthetic/${at.folder}/${draft.family}/${String(at.problemId).padStart(7, '0')}.${ext}`,
    data_source: at.dataSource,
    frames: renderDraft(draft, spec),
    category: draft.family,
    temporal: draft.temporal,
  };
}
