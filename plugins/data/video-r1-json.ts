import * as path from 'node:path';
import { z } from 'zod';
import type { FrameSpec, Split, TaskSource, TaskSourceResult } from '../../core/contracts/data';
import { UserError } from '../../core/errors';
import { definePlugin } from '../../core/registry/define';
import { loadFile, skipSummary } from './video-r1-json/load';

/**
 * Task source `video-r1-json`: Video-R1's own files (Video-R1-260k.json for RL, Video-R1-COT-165k
 * for SFT, eval_*.json; docs/released-code.md §5) with their media. Images decode to T = 1,
 * videos with the released code's rule (docs/released-code.md §5.4: 2 fps, 4..16 frames, even count, linspace indices). All
 * frames are stretched to the FrameSpec's height x width (aspect not kept): our policy takes one
 * fixed size, so the reference's pixel budgets (about 100k per video frame, at most 200,704 per
 * image) have no equivalent here and there is no max-pixels option. Missing or corrupt media is
 * skipped and reported (`skipped`, plus a warning through deps.log), never replaced.
 */

const PerSplit = z.strictObject({
  rl: z.string().min(1).optional(),
  sft: z.string().min(1).optional(),
  eval: z.string().min(1).optional(),
});

export const VideoR1JsonOptions = z.strictObject({
  /** JSON file per split, e.g. { rl: Video-R1-260k.json, sft: Video-R1-COT-165k.json }; relative to deps.baseDir (default: the working directory). */
  files: PerSplit.default({}),
  /** Media root (one for all splits, or per split); record paths are joined to it. Default: the JSON file's folder. The reference uses cwd/Video-R1-data for training and src/r1-v/Evaluation for eval. */
  root: z.union([z.string().min(1), PerSplit]).optional(),
  /** Most frames per video (reference FPS_MAX_FRAMES = 16); FrameSpec.frames caps it too. */
  max_frames: z.number().int().min(2).default(16),
  /** Least frames before capping (reference FPS_MIN_FRAMES = 4). */
  min_frames: z.number().int().min(1).default(4),
  /** Video sampling rate in frames per second (reference FPS = 2). */
  fps: z.number().positive().default(2),
  /** Missing or corrupt media: 'skip' reports the record (skipped + a warning) and goes on; 'error' stops with exit 2. */
  on_missing: z.enum(['skip', 'error']).default('skip'),
  /** Media files decoded at once (ffmpeg processes). Results do not depend on it. */
  concurrency: z.number().int().min(1).max(64).default(4),
  /** Read only the first N records of each file (quick looks at the 263k-record file). */
  limit: z.number().int().min(1).optional(),
});
export type VideoR1JsonOptions = z.infer<typeof VideoR1JsonOptions>;

/** What `create` may receive: where relative paths start, and where warnings go (default stderr). */
export interface VideoR1JsonDeps {
  baseDir?: string;
  log?: (line: string) => void;
}

export default definePlugin({
  kind: 'data',
  name: 'video-r1-json',
  description: "Load Video-R1's JSON files (260k RL, COT-165k SFT, eval) with their images and videos",
  reference: 'docs/released-code.md §5.1-5.4 (formats, qwen-vl-utils frame sampling); §0.13 (no media substitution)',
  options: VideoR1JsonOptions,
  create: (o: VideoR1JsonOptions, deps: VideoR1JsonDeps = {}): TaskSource => new VideoR1JsonSource(o, deps),
});

class VideoR1JsonSource implements TaskSource {
  readonly name = 'video-r1-json';
  constructor(
    private readonly o: VideoR1JsonOptions,
    private readonly deps: VideoR1JsonDeps,
  ) {}

  async load(split: Split, spec: FrameSpec): Promise<TaskSourceResult> {
    const rel = this.o.files[split];
    if (!rel) {
      const configured = Object.keys(this.o.files);
      throw new UserError(`video-r1-json has no file for split '${split}'`, {
        where: `options.files.${split}`,
        expected: `a Video-R1 JSON file for ${split}`,
        found: configured.length ? `files for ${configured.join(', ')} only` : 'no files configured',
      });
    }
    if (![1, 3, 4].includes(spec.channels)) {
      throw new UserError('video-r1-json cannot produce this many channels', {
        where: 'frames.channels',
        expected: '1 (grey), 3 (RGB) or 4 (RGBA)',
        found: String(spec.channels),
      });
    }
    const base = this.deps.baseDir ?? process.cwd();
    const file = path.resolve(base, rel);
    const rootOpt = typeof this.o.root === 'string' ? this.o.root : this.o.root?.[split];
    const root = rootOpt ? path.resolve(base, rootOpt) : path.dirname(file);
    const rule = { fps: this.o.fps, minFrames: this.o.min_frames, maxFrames: this.o.max_frames };
    const loaded = await loadFile(file, root, spec, { rule, onMissing: this.o.on_missing, concurrency: this.o.concurrency, limit: this.o.limit });
    const log = this.deps.log ?? ((line: string) => process.stderr.write(`${line}\n`));
    for (const line of skipSummary(split, file, loaded)) log(line);
    return { samples: loaded.samples, skipped: loaded.skipped };
  }
}
