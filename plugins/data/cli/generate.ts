import * as path from 'node:path';
import type { FrameSpec, Split, TaskSource } from '../../../core/contracts/data';
import { UserError } from '../../../core/errors';
import type { CliContext } from '../../../core/cli/command';
import { writeVideoR1Set } from './io';

/**
 * `videor1 data generate <out>`: draw a split from the `synthetic` task source and write it in
 * Video-R1's format (`<out>/<split>.json` + PNG images + lossless .mkv videos), so `video-r1-json`
 * reads it back. Same seed and settings → byte-identical files.
 */

export interface GenerateArgs {
  target: string;
  n?: number;
  seed: number;
  split: Split;
  frames: number;
  size: number;
  json: boolean;
}

/**
 * The synthetic source's options for one split (plugins/data/synthetic.ts): `n` is the sample
 * count for rl, the teacher's candidates for sft (it keeps those it answers well), and the
 * samples per benchmark suite for eval.
 */
export function syntheticOptions(seed: number, split: Split, n: number): Record<string, unknown> {
  return { seed, [`${split}_samples`]: n };
}

export async function generate(a: GenerateArgs, ctx: CliContext): Promise<number> {
  const n = positiveInt(a.n, '--n', 'the number of samples to generate');
  const seed = int(a.seed, '--seed', 0);
  const frames = positiveInt(a.frames, '--frames', 'frames per video');
  if (frames % 2 !== 0) {
    throw new UserError('frames per video must be even', {
      where: '--frames',
      expected: 'an even number (the sampling rule keeps an even count, docs/released-code.md §5.4), so videos read back whole',
      found: String(frames),
    });
  }
  const size = positiveInt(a.size, '--size', 'frame height and width in pixels');
  if (size < 4 || size > 256) throw new UserError('frame size out of range', { where: '--size', expected: 'an integer from 4 to 256', found: String(size) });
  const spec: FrameSpec = { frames, height: size, width: size, channels: 3 };
  const out = path.resolve(ctx.cwd, a.target);

  const source = await ctx.registry.create<TaskSource, object>('data', { name: 'synthetic', options: syntheticOptions(seed, a.split, n) }, {}, 'data generate');
  const { samples, skipped } = await source.load(a.split, spec);
  for (const s of skipped) ctx.err(`skipped problem_id ${JSON.stringify(s.problem_id)}: ${s.path}: ${s.reason}`);
  const written = await writeVideoR1Set(out, a.split, samples);

  const summary = { ...written, split: a.split, seed, frames, height: size, width: size, skipped: skipped.length };
  if (a.json) ctx.out(JSON.stringify(summary, null, 2));
  else {
    ctx.out(`wrote ${written.records} ${a.split} records to ${written.json}`);
    ctx.out(`media under ${out}: ${written.images} PNG images, ${written.videos} FFV1 videos (${frames} frames of ${size}x${size} at 2 fps)`);
  }
  return 0;
}

function int(v: number | undefined, where: string, min: number): number {
  if (v === undefined || !Number.isInteger(v) || v < min) {
    throw new UserError('bad value', { where, expected: `an integer ≥ ${min}`, found: v === undefined ? 'nothing' : String(v) });
  }
  return v;
}

function positiveInt(v: number | undefined, where: string, what: string): number {
  if (v === undefined) throw new UserError(`missing ${where}`, { where, expected: `${what} (a positive integer)`, found: 'nothing' });
  return int(v, where, 1);
}
