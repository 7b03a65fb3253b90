import type { Frames } from '../../../core/contracts/sample';
import { framesFromPixels } from './frames';
import { rgbOf, writePng } from './image';

/**
 * A contact sheet: every frame of a clip in a grid, in order left to right then top to bottom,
 * each upscaled by an integer factor (nearest neighbour, so pixels stay sharp), separated and
 * framed by 1-px white lines. Empty grid cells are dark grey. The result is one RGB frame.
 */

export interface ContactSheetOptions {
  /** Columns (default ceil(sqrt(T))). */
  cols?: number;
  /** Integer upscale per frame (default: about 128 px for the longer side, at least 1). */
  scale?: number;
}

const SEPARATOR = 255;
const EMPTY = 40;

export function renderContactSheet(frames: Frames, o: ContactSheetOptions = {}): Frames {
  const cols = Math.max(1, Math.min(frames.t, o.cols ?? Math.ceil(Math.sqrt(frames.t))));
  const rows = Math.max(1, Math.ceil(frames.t / cols));
  const scale = Math.max(1, Math.floor(o.scale ?? Math.round(128 / Math.max(frames.h, frames.w))));
  const cellH = frames.h * scale;
  const cellW = frames.w * scale;
  const H = rows * (cellH + 1) + 1;
  const W = cols * (cellW + 1) + 1;
  const out = new Uint8Array(H * W * 3).fill(SEPARATOR);
  const src = rgbOf(frames);
  for (let cell = 0; cell < rows * cols; cell++) {
    const oy = Math.floor(cell / cols) * (cellH + 1) + 1;
    const ox = (cell % cols) * (cellW + 1) + 1;
    for (let y = 0; y < cellH; y++) {
      for (let x = 0; x < cellW; x++) {
        const o3 = ((oy + y) * W + ox + x) * 3;
        if (cell >= frames.t) {
          out.fill(EMPTY, o3, o3 + 3);
          continue;
        }
        const s3 = ((cell * frames.h + Math.floor(y / scale)) * frames.w + Math.floor(x / scale)) * 3;
        out[o3] = src[s3];
        out[o3 + 1] = src[s3 + 1];
        out[o3 + 2] = src[s3 + 2];
      }
    }
  }
  return framesFromPixels({ data: out, t: 1, h: H, w: W, c: 3 });
}

/** Render a contact sheet and write it as a PNG file. */
export async function writeContactSheet(file: string, frames: Frames, o: ContactSheetOptions = {}): Promise<void> {
  await writePng(file, renderContactSheet(frames, o));
}
