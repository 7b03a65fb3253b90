/**
 * A drawing surface over one frame of a `Frames` buffer (core/contracts/sample.ts: row-major
 * t, y, x, c, values in [0, 1]). Scenes are laid out on a GRID x GRID board of cells and scaled to
 * the FrameSpec, so the same scene renders at the training and the evaluation resolution
 * (docs/released-code.md §5.4: 128 vs 256 x 28 x 28 pixels per frame). No allocation per pixel.
 */
import { ADVANCE, FONT, LINE_HEIGHT, type Bitmap } from './font';
import { RGB, type Colour } from './vocab';

/** Cells per side of the board. */
export const GRID = 8;
/**
 * Intensity of a dim (unlit) object; lit objects are drawn at 1. At 0.4 a lit red square (one
 * channel at 1) was darker in total than a dim white one (three at 0.4), and tiny-vlm, which
 * projects each whole frame linearly, answered the flash families at chance on held-out questions
 * ("when" 0.20 / 0.37 / 0.51 by true answer, held-out temporal 0.400, temporal_gap 0.065). At 0.1,
 * same SFT recipe, seed 0: "when" 0.63 / 1.00 / 0.63, temporal 0.635, temporal_gap 0.25 (README,
 * "What RL moves").
 */
export const DIM = 0.1;

export class Canvas {
  /** Pixels per cell, horizontally and vertically (may be fractional). */
  readonly cellW: number;
  readonly cellH: number;
  private readonly v = new Float32Array(3);

  constructor(
    readonly data: Float32Array,
    /** Index of this frame's first value in `data`. */
    readonly base: number,
    readonly h: number,
    readonly w: number,
    readonly c: number,
  ) {
    this.cellW = w / GRID;
    this.cellH = h / GRID;
  }

  /** Fill pixels [x0, x1) x [y0, y1) (clipped) with a colour at an intensity. */
  rect(x0: number, y0: number, x1: number, y1: number, colour: Colour, intensity = 1): void {
    const [r, g, b] = RGB[colour];
    const v = this.v;
    if (this.c === 1) v[0] = (0.299 * r + 0.587 * g + 0.114 * b) * intensity;
    else [v[0], v[1], v[2]] = [r * intensity, g * intensity, b * intensity];
    const { data, w, c } = this;
    const xa = Math.max(0, x0),
      xb = Math.min(w, x1),
      ya = Math.max(0, y0),
      yb = Math.min(this.h, y1);
    for (let y = ya; y < yb; y++) {
      let i = this.base + (y * w + xa) * c;
      if (c === 1) {
        data.fill(v[0], i, i + (xb - xa));
        continue;
      }
      for (let x = xa; x < xb; x++, i += 3) {
        data[i] = v[0];
        data[i + 1] = v[1];
        data[i + 2] = v[2];
      }
    }
  }

  /** Fill a size x size block of cells whose top-left cell is (cx, cy). */
  cells(cx: number, cy: number, size: number, colour: Colour, intensity = 1): void {
    const x0 = Math.floor(cx * this.cellW),
      x1 = Math.floor((cx + size) * this.cellW);
    const y0 = Math.floor(cy * this.cellH),
      y1 = Math.floor((cy + size) * this.cellH);
    this.rect(x0, y0, x1, y1, colour, intensity);
  }

  /** Draw a bitmap with its top-left at pixel (px, py), each bitmap pixel as a scale x scale block. */
  bitmap(b: Bitmap, px: number, py: number, scale: number, colour: Colour): void {
    for (const [x, y] of b.ink) this.rect(px + x * scale, py + y * scale, px + (x + 1) * scale, py + (y + 1) * scale, colour);
  }

  /** Draw lines of text in the 3x5 font at a scale, top-left at pixel (px, py). */
  text(lines: readonly string[], px: number, py: number, scale: number, colour: Colour): void {
    lines.forEach((line, row) => {
      [...line].forEach((ch, col) => {
        const glyph = FONT[ch];
        if (glyph) this.bitmap(glyph, px + col * ADVANCE * scale, py + row * LINE_HEIGHT * scale, scale, colour);
      });
    });
  }
}
