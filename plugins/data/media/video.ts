import * as path from 'node:path';
import type { FrameSpec } from '../../../core/contracts/data';
import type { Frames } from '../../../core/contracts/sample';
import { MediaError, probeVideo, runTool, type VideoInfo } from './ffmpeg';
import { convertChannels, framesFromPixels, pixelsFromFrames } from './frames';
import { frameIndices, sampleFrameCount, type SamplingRule } from './sampling';

/**
 * Videos through ffmpeg: read with the reference sampling rule (sampling.ts), write lossless
 * FFV1 in Matroska (bit-exact, so the same frames give the same bytes) or lossy H.264 in MP4
 * (fixtures for tests, like the datasets' own .mp4 files).
 */

export interface ReadVideo {
  frames: Frames;
  /** Source frame indices that were kept. */
  indices: number[];
  info: VideoInfo;
}

/**
 * Decode the sampled frames of a video, resized to the spec's height x width with ffmpeg's area
 * filter (aspect not kept) and converted to its channels. At most min(rule.maxFrames,
 * spec.frames) frames; a video that yields fewer than 2 is unusable (the reference raises too).
 */
export async function readVideoFrames(file: string, spec: FrameSpec, rule: SamplingRule): Promise<ReadVideo> {
  const info = await probeVideo(file);
  const n = sampleFrameCount(info.duration, info.totalFrames, { ...rule, maxFrames: Math.min(rule.maxFrames, spec.frames) });
  if (n < 2) {
    throw new MediaError(`the video has ${info.totalFrames} frame(s) over ${info.duration.toFixed(3)} s, too few for the sampling rule (needs 2)`, file);
  }
  const indices = frameIndices(info.totalFrames, n);
  const inC = spec.channels === 4 ? 4 : 3;
  const select = `select='${indices.map((i) => `eq(n,${i})`).join('+')}'`;
  const vf = `${select},scale=${spec.width}:${spec.height}:flags=area+accurate_rnd,format=${inC === 4 ? 'rgba' : 'rgb24'}`;
  const raw = await runTool(
    'ffmpeg',
    ['-v', 'error', '-nostdin', '-i', file, '-an', '-sn', '-vf', vf, '-fps_mode', 'passthrough', '-f', 'rawvideo', 'pipe:1'],
    file,
  );
  const frameBytes = spec.height * spec.width * inC;
  if (raw.length !== n * frameBytes) {
    throw new MediaError(`decoded ${Math.floor(raw.length / frameBytes)} of the ${n} sampled frames (indices ${indices.join(',')})`, file);
  }
  const px = convertChannels(new Uint8Array(raw.buffer, raw.byteOffset, raw.byteLength), n * spec.height * spec.width, inC, spec.channels);
  return { frames: framesFromPixels({ data: px, t: n, h: spec.height, w: spec.width, c: spec.channels }), indices, info };
}

export interface WriteVideoOptions {
  /** Frames per second of the written file (default 2: the sampling rate, so reading gives every frame back). */
  fps?: number;
}

/**
 * Encode Frames as a video; the container follows the extension:
 * - `.mkv`: FFV1, planar RGB (gbrp, or gbrap with alpha), lossless and bit-exact
 *   (`-fflags +bitexact -flags:v +bitexact -threads 1`): same frames → same bytes.
 * - `.mp4`: H.264 (libx264, yuv420p, qp 0): lossy colour conversion, even sizes only; for fixtures.
 * Grey frames (C = 1) are stored as RGB with R = G = B, which reads back exactly.
 */
export async function writeVideo(file: string, frames: Frames, o: WriteVideoOptions = {}): Promise<void> {
  const fps = o.fps ?? 2;
  const ext = path.extname(file).toLowerCase();
  const inC = frames.c === 4 ? 4 : 3;
  const px = convertChannels(pixelsFromFrames(frames).data, frames.t * frames.h * frames.w, frames.c, inC);
  const input = [
    '-v',
    'error',
    '-nostdin',
    '-y',
    '-f',
    'rawvideo',
    '-pix_fmt',
    inC === 4 ? 'rgba' : 'rgb24',
    '-s',
    `${frames.w}x${frames.h}`,
    '-r',
    String(fps),
    '-i',
    'pipe:0',
  ];
  const exact = ['-map_metadata', '-1', '-fflags', '+bitexact', '-flags:v', '+bitexact', '-threads', '1'];
  let codec: string[];
  if (ext === '.mkv') codec = ['-c:v', 'ffv1', '-pix_fmt', inC === 4 ? 'gbrap' : 'gbrp'];
  else if (ext === '.mp4') {
    if (frames.w % 2 || frames.h % 2) throw new MediaError(`H.264 in .mp4 needs an even width and height, got ${frames.w}x${frames.h}`, file);
    codec = ['-c:v', 'libx264', '-preset', 'ultrafast', '-qp', '0', '-pix_fmt', 'yuv420p'];
  } else throw new MediaError(`cannot write a video as '${ext || '(no extension)'}': use .mkv (lossless) or .mp4`, file);
  await runTool('ffmpeg', [...input, ...codec, ...exact, file], file, px);
}
