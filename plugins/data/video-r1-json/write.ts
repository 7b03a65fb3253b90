import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import type { Split } from '../../../core/contracts/data';
import type { Sample } from '../../../core/contracts/sample';
import { UserError } from '../../../core/errors';
import { mapLimit, pixelsFromFrames, writePng, writeVideo } from '../media';

/**
 * Write Samples as a Video-R1 data set that `video-r1-json` reads back: `<out>/<split>.json`
 * (records only, in the reference's key order, plus our `category` and `temporal` keys, which
 * the Python code ignores) and each sample's media at its `path` under `<out>`: images as PNG,
 * videos as lossless FFV1 .mkv at 2 fps (the extension of `path` is replaced accordingly).
 * Frames are stored with 8 bits per channel, so they read back as round(v·255)/255: identical
 * when the source's values are already multiples of 1/255. A video reads back whole when its
 * frame count is even and ≤ the reader's max_frames (the sampling rule keeps every frame).
 * Deterministic: the same samples give byte-identical files.
 */

export interface WrittenSet {
  /** The JSON file written. */
  json: string;
  records: number;
  images: number;
  videos: number;
}

/** The record's media path with the extension we write (.png or .mkv), always starting with "./". */
export function storedPath(s: Pick<Sample, 'path' | 'data_type' | 'problem_id'>): string {
  const rel = s.path.replace(/\\/g, '/').replace(/^(\.\/)+/, '');
  const parts = rel.split('/');
  if (!rel || path.posix.isAbsolute(rel) || parts.some((p) => p === '..' || p === '')) {
    throw new Error(`sample ${JSON.stringify(s.problem_id)} has path ${JSON.stringify(s.path)}; expected a relative path inside the data folder`);
  }
  const ext = s.data_type === 'image' ? '.png' : '.mkv';
  const base = rel.slice(0, rel.length - path.posix.extname(rel).length);
  return `./${base}${ext}`;
}

export async function writeVideoR1Set(outDir: string, split: Split, samples: readonly Sample[], concurrency = 4): Promise<WrittenSet> {
  const media = new Map<string, Sample>();
  const records = samples.map((s) => {
    const p = storedPath(s);
    const seen = media.get(p);
    if (seen && !sameFrames(seen, s)) {
      throw new Error(`samples ${JSON.stringify(seen.problem_id)} and ${JSON.stringify(s.problem_id)} share media path ${p} but have different frames`);
    }
    if (s.data_type === 'image' && s.frames.t !== 1) throw new Error(`image sample ${JSON.stringify(s.problem_id)} has ${s.frames.t} frames; expected 1`);
    media.set(p, s);
    return {
      problem_id: s.problem_id,
      problem: s.problem,
      data_type: s.data_type,
      problem_type: s.problem_type,
      options: s.options,
      solution: s.solution,
      ...(s.process !== undefined ? { process: s.process } : {}),
      path: p,
      data_source: s.data_source,
      category: s.category,
      temporal: s.temporal,
    };
  });
  await fs.mkdir(outDir, { recursive: true });
  const entries = [...media.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  await mapLimit(entries, concurrency, async ([p, s]) => {
    const file = path.join(outDir, p);
    await fs.mkdir(path.dirname(file), { recursive: true });
    await writeUnlessDifferent(file, (f) => (s.data_type === 'image' ? writePng(f, s.frames) : writeVideo(f, s.frames, { fps: 2 })));
  });
  const json = path.join(outDir, `${split}.json`);
  await fs.writeFile(json, `${JSON.stringify(records, null, 2)}\n`);
  const images = entries.filter(([, s]) => s.data_type === 'image').length;
  return { json, records: records.length, images, videos: entries.length - images };
}

/**
 * Write a media file, refusing to replace an existing file with different bytes: splits share
 * media paths (the synthetic sft split annotates rl samples), so replacing a file written for
 * another split or seed would silently change that split's samples (docs/released-code.md §0.13).
 */
async function writeUnlessDifferent(file: string, write: (f: string) => Promise<void>): Promise<void> {
  const existing = await fs.readFile(file).catch(() => undefined);
  if (!existing) return write(file);
  const tmp = path.join(path.dirname(file), `.${path.basename(file, path.extname(file))}.${process.pid}.tmp${path.extname(file)}`);
  try {
    await write(tmp);
    if (!existing.equals(await fs.readFile(tmp))) {
      throw new UserError('refusing to replace a media file with different content', {
        file,
        expected: 'an empty output folder, or one written with the same seed and frame settings',
        found: 'a file from another generation (another seed, split or size)',
      });
    }
  } finally {
    await fs.rm(tmp, { force: true });
  }
}

/** Same frames after 8-bit storage (what would be written). */
function sameFrames(a: Sample, b: Sample): boolean {
  const fa = a.frames;
  const fb = b.frames;
  if (fa.t !== fb.t || fa.h !== fb.h || fa.w !== fb.w || fa.c !== fb.c) return false;
  const pa = pixelsFromFrames(fa).data;
  const pb = pixelsFromFrames(fb).data;
  return pa.every((v, i) => v === pb[i]);
}
