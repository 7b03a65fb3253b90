import type { Frames } from '../../../core/contracts/sample';

/**
 * Conversions between Frames (float32 in [0, 1], layout t, y, x, c) and 8-bit pixel buffers, plus
 * the one resampler used for still images. Pure functions, no I/O.
 */

/** 8-bit pixels of one or more frames: layout t, y, x, c. */
export interface Pixels {
  readonly data: Uint8Array;
  readonly t: number;
  readonly h: number;
  readonly w: number;
  readonly c: number;
}

/** Frames from 8-bit pixels: value = byte / 255. */
export function framesFromPixels(p: Pixels): Frames {
  const data = new Float32Array(p.data.length);
  for (let i = 0; i < p.data.length; i++) data[i] = p.data[i] / 255;
  return { data, t: p.t, h: p.h, w: p.w, c: p.c };
}

/** 8-bit pixels from Frames: byte = round(clamp(value, 0, 1) * 255); NaN becomes 0. */
export function pixelsFromFrames(f: Frames): Pixels {
  const data = new Uint8Array(f.data.length);
  for (let i = 0; i < f.data.length; i++) {
    const v = f.data[i];
    data[i] = v > 0 ? (v >= 1 ? 255 : Math.round(v * 255)) : 0;
  }
  return { data, t: f.t, h: f.h, w: f.w, c: f.c };
}

/**
 * Convert interleaved 8-bit pixels between channel counts 1 (grey), 3 (RGB) and 4 (RGBA).
 * RGB to grey is BT.601 luma, 0.299 R + 0.587 G + 0.114 B, exact when R = G = B; dropping alpha
 * does not composite (like PIL's `convert("RGB")`, which the reference uses); adding alpha sets 255.
 */
export function convertChannels(src: Uint8Array, pixels: number, from: number, to: number): Uint8Array {
  if (from === to) return src;
  if (![1, 3, 4].includes(from) || ![1, 3, 4].includes(to)) throw new RangeError(`cannot convert ${from} to ${to} channels`);
  const out = new Uint8Array(pixels * to);
  for (let i = 0; i < pixels; i++) {
    const s = i * from;
    const r = src[s];
    const g = from === 1 ? r : src[s + 1];
    const b = from === 1 ? r : src[s + 2];
    const o = i * to;
    if (to === 1) out[o] = r === g && g === b ? r : Math.round(0.299 * r + 0.587 * g + 0.114 * b);
    else {
      out[o] = r;
      out[o + 1] = g;
      out[o + 2] = b;
      if (to === 4) out[o + 3] = from === 4 ? src[s + 3] : 255;
    }
  }
  return out;
}

/**
 * Resize one interleaved 8-bit image by area averaging (a box filter with fractional overlap, the
 * intent of ffmpeg's `flags=area` used for videos). Each output pixel averages the source area it
 * covers, so downscaling does not alias; the same size is an exact copy. The aspect ratio is not
 * kept: frames are stretched to the FrameSpec's height x width (our frames are tiny and fixed-size;
 * the reference's smart_resize keeps aspect at about 100k pixels, docs/released-code.md §5.4).
 */
export function resizeArea(src: Uint8Array, h: number, w: number, c: number, outH: number, outW: number): Uint8Array {
  if (h === outH && w === outW) return src;
  const xs = weights(w, outW);
  const ys = weights(h, outH);
  // horizontal pass: h x outW x c floats
  const tmp = new Float64Array(h * outW * c);
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < outW; x++) {
      for (const [sx, wt] of xs[x]) {
        for (let k = 0; k < c; k++) tmp[(y * outW + x) * c + k] += wt * src[(y * w + sx) * c + k];
      }
    }
  }
  const out = new Uint8Array(outH * outW * c);
  for (let y = 0; y < outH; y++) {
    for (let x = 0; x < outW; x++) {
      for (let k = 0; k < c; k++) {
        let v = 0;
        for (const [sy, wt] of ys[y]) v += wt * tmp[(sy * outW + x) * c + k];
        out[(y * outW + x) * c + k] = Math.min(255, Math.max(0, Math.round(v)));
      }
    }
  }
  return out;
}

/** For each output index, the source indices it covers and their weights (summing to 1). */
function weights(n: number, outN: number): [number, number][][] {
  const scale = n / outN;
  return Array.from({ length: outN }, (_, o) => {
    const lo = o * scale;
    const hi = (o + 1) * scale;
    const taps: [number, number][] = [];
    for (let s = Math.floor(lo); s < Math.min(n, Math.ceil(hi)); s++) {
      const overlap = Math.min(hi, s + 1) - Math.max(lo, s);
      if (overlap > 1e-12) taps.push([s, overlap / scale]);
    }
    return taps;
  });
}

/** Frames of a single image (T = 1) from interleaved pixels, converted and resized to a spec. */
export function imageToFrames(src: Uint8Array, h: number, w: number, c: number, spec: { height: number; width: number; channels: number }): Frames {
  const converted = convertChannels(src, h * w, c, spec.channels);
  const resized = resizeArea(converted, h, w, spec.channels, spec.height, spec.width);
  return framesFromPixels({ data: resized, t: 1, h: spec.height, w: spec.width, c: spec.channels });
}

/** One frame of a clip as its own T = 1 Frames (a view copy). */
export function frameAt(f: Frames, i: number): Frames {
  const size = f.h * f.w * f.c;
  return { data: f.data.slice(i * size, (i + 1) * size), t: 1, h: f.h, w: f.w, c: f.c };
}
