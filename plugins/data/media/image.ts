import { promises as fs } from 'node:fs';
import { PNG } from 'pngjs';
import type { FrameSpec } from '../../../core/contracts/data';
import type { Frames } from '../../../core/contracts/sample';
import { MediaError, runTool } from './ffmpeg';
import { convertChannels, imageToFrames, pixelsFromFrames } from './frames';

/**
 * Still images. PNG is decoded in-process by pngjs; any other format ffmpeg can read (JPEG, WebP,
 * BMP, GIF's first frame, ...) is transcoded by ffmpeg to PNG first, so every image goes through
 * the same decoder and the same area resampler (frames.ts). The format is detected from the
 * file's bytes, not its extension.
 */

const PNG_MAGIC = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

/** Decoded image: interleaved RGBA, 8 bits per channel. */
export interface Rgba {
  data: Uint8Array;
  width: number;
  height: number;
}

/** Decode PNG bytes (any PNG colour type and bit depth, scaled to 8-bit RGBA). */
export function decodePng(bytes: Uint8Array, file: string): Rgba {
  try {
    const png = PNG.sync.read(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength));
    return { data: new Uint8Array(png.data.buffer, png.data.byteOffset, png.data.byteLength), width: png.width, height: png.height };
  } catch (e) {
    throw new MediaError(`corrupt PNG: ${(e as Error).message}`, file);
  }
}

/** Decode an image file of any format to RGBA (PNG directly; others through ffmpeg). */
export async function decodeImageFile(file: string): Promise<Rgba> {
  const bytes = await fs.readFile(file);
  if (bytes.length >= 8 && bytes.subarray(0, 8).equals(PNG_MAGIC)) return decodePng(bytes, file);
  const png = await runTool('ffmpeg', ['-v', 'error', '-i', file, '-frames:v', '1', '-f', 'image2pipe', '-c:v', 'png', '-pix_fmt', 'rgba', 'pipe:1'], file);
  if (png.length === 0) throw new MediaError('ffmpeg found no image in the file', file);
  return decodePng(png, file);
}

/** Read an image file as Frames with T = 1, converted to the spec's channels and resized to its size. */
export async function readImageFrames(file: string, spec: Pick<FrameSpec, 'height' | 'width' | 'channels'>): Promise<Frames> {
  const img = await decodeImageFile(file);
  return imageToFrames(img.data, img.height, img.width, 4, spec);
}

/**
 * Encode one frame (T must be 1) as an 8-bit PNG: grey for C = 1, RGB for 3, RGBA for 4.
 * Deterministic: the same frames give the same bytes (for a given zlib).
 */
export function encodePng(frames: Frames): Buffer {
  if (frames.t !== 1) throw new RangeError(`encodePng takes one frame, got T = ${frames.t}`);
  const colorType = ({ 1: 0, 3: 2, 4: 6 } as const)[frames.c as 1 | 3 | 4];
  if (colorType === undefined) throw new RangeError(`encodePng takes 1, 3 or 4 channels, got ${frames.c}`);
  const png = new PNG({ width: frames.w, height: frames.h });
  const px = pixelsFromFrames(frames).data;
  png.data = Buffer.from(px.buffer, px.byteOffset, px.byteLength);
  // One fixed row filter (Sub): pngjs's adaptive choice is slow (about 1 s for a contact sheet under jest).
  return PNG.sync.write(png, { colorType, inputColorType: colorType, inputHasAlpha: frames.c === 4, bitDepth: 8, filterType: 1 });
}

/** Write one frame as a PNG file. */
export async function writePng(file: string, frames: Frames): Promise<void> {
  await fs.writeFile(file, encodePng(frames));
}

/** Interleaved RGB bytes of a frame whatever its channel count (for previews). */
export function rgbOf(frames: Frames): Uint8Array {
  return convertChannels(pixelsFromFrames(frames).data, frames.t * frames.h * frames.w, frames.c, 3);
}
