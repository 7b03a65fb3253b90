/**
 * Turn a scene timeline into Frames at a FrameSpec. A video scene has `ticks` states; frame t of T
 * shows tick round(t * (ticks - 1) / (T - 1)), the uniform sampling of qwen-vl-utils
 * (docs/released-code.md §5.4: indices = linspace(0, total - 1, n), rounded half to even). With T >= ticks
 * every tick is seen; with fewer frames short events can be missed (the long-video suite).
 */
import type { FrameSpec } from '../../../core/contracts/data';
import type { Frames } from '../../../core/contracts/sample';
import { Canvas } from './canvas';
import type { Draft } from './types';

/** Round half to even, like numpy/torch `round`. */
function roundHalfEven(x: number): number {
  const r = Math.round(x);
  return Math.abs(x % 1) === 0.5 && r % 2 !== 0 ? r - 1 : r;
}

/** The tick shown by frame t of T for a timeline of L ticks. */
export function tickAt(t: number, frames: number, ticks: number): number {
  return frames <= 1 || ticks <= 1 ? 0 : roundHalfEven((t * (ticks - 1)) / (frames - 1));
}

/** 1-based number of the first frame that shows `tick`, or 0 when no frame does. */
export function frameOfTick(tick: number, frames: number, ticks: number): number {
  for (let t = 0; t < frames; t++) if (tickAt(t, frames, ticks) === tick) return t + 1;
  return 0;
}

/** Frames of a scene: T = spec.frames for a video, 1 for an image. Each tick is drawn once and copied. */
export function renderDraft(draft: Draft, spec: FrameSpec): Frames {
  const t = draft.modality === 'video' ? spec.frames : 1;
  const { height: h, width: w, channels: c } = spec;
  const size = h * w * c;
  const data = new Float32Array(t * size);
  const drawnAt = new Int32Array(draft.ticks).fill(-1);
  for (let f = 0; f < t; f++) {
    const tick = tickAt(f, t, draft.ticks);
    const src = drawnAt[tick];
    if (src >= 0) data.copyWithin(f * size, src * size, (src + 1) * size);
    else {
      draft.draw(new Canvas(data, f * size, h, w, c), tick);
      drawnAt[tick] = f;
    }
  }
  return { data, t, h, w, c };
}
