import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { VideoR1Record } from '../../core/contracts/sample';
import type { Frames } from '../../core/contracts/sample';
import { encodePng } from '../../plugins/data/media';

/** Small media fixtures made on the fly: temporary folders, ffmpeg test videos, PNGs, records. */

/** A fresh temporary folder (removed by `cleanup`). */
export function tmpDir(prefix = 'videor1-media-'): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), prefix));
}

export function cleanup(dir: string): void {
  fs.rmSync(dir, { recursive: true, force: true });
}

/**
 * A video from an ffmpeg lavfi source, e.g. `lavfiVideo(f, 'testsrc=size=64x48:rate=10', 3)` or
 * `lavfiVideo(f, 'color=c=red:size=64x48:rate=10', 1)`; H.264 yuv420p for .mp4.
 */
export function lavfiVideo(file: string, source: string, seconds: number): string {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const codec = file.endsWith('.mp4') ? ['-c:v', 'libx264', '-pix_fmt', 'yuv420p'] : [];
  execFileSync('ffmpeg', ['-v', 'error', '-y', '-f', 'lavfi', '-i', source, '-t', String(seconds), ...codec, file]);
  return file;
}

/** Frames filled by a function of (t, y, x, c). */
export function makeFrames(t: number, h: number, w: number, c: number, f: (t: number, y: number, x: number, c: number) => number): Frames {
  const data = new Float32Array(t * h * w * c);
  let i = 0;
  for (let ti = 0; ti < t; ti++) for (let y = 0; y < h; y++) for (let x = 0; x < w; x++) for (let k = 0; k < c; k++) data[i++] = f(ti, y, x, k);
  return { data, t, h, w, c };
}

/** Frames whose values are multiples of 1/255 (they survive 8-bit storage exactly), from a seed. */
export function byteFrames(t: number, h: number, w: number, c: number, seed: number): Frames {
  return makeFrames(t, h, w, c, (ti, y, x, k) => ((seed * 31 + ti * 17 + y * 7 + x * 3 + k * 101) % 256) / 255);
}

/** A solid-colour PNG file (RGB in 0..255). */
export function solidPng(file: string, w: number, h: number, rgb: [number, number, number]): string {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, encodePng(makeFrames(1, h, w, 3, (_t, _y, _x, k) => rgb[k] / 255)));
  return file;
}

/** A Video-R1 record with sensible defaults. */
export function record(over: Partial<VideoR1Record> & Pick<VideoR1Record, 'problem_id' | 'path' | 'data_type'>): VideoR1Record {
  return {
    problem: 'What is shown?',
    problem_type: 'multiple choice',
    options: ['A. red', 'B. blue'],
    solution: '<answer>A</answer>',
    data_source: 'fixture',
    ...over,
  };
}

export function writeJson(file: string, value: unknown): string {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, JSON.stringify(value, null, 2));
  return file;
}

/** Mean of one channel over all frames and pixels. */
export function channelMean(f: Frames, c: number): number {
  let s = 0;
  for (let i = c; i < f.data.length; i += f.c) s += f.data[i];
  return s / (f.data.length / f.c);
}
