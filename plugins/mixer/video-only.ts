import { z } from 'zod';
import type { Batch, DataMixer, MixerDeps, MixReport } from '../../core/contracts/data';
import type { Sample } from '../../core/contracts/sample';
import { UserError } from '../../core/errors';
import { definePlugin } from '../../core/registry/define';
import type { Rng } from '../../core/rng';
import { Tally } from './tally';

/**
 * Mixer `video-only`: the paper's "w/o image" ablation (Table 2): batches of video samples only,
 * each drawn uniformly from the pool's videos with replacement (so video categories keep their
 * pool proportions). Image samples are left out, and report() says how many. A pool without
 * videos is an error, not an empty stream.
 */

export const VideoOnlyOptions = z.strictObject({});

/** The realised mix plus the pool samples this mixer leaves out. */
export interface VideoOnlyReport extends MixReport {
  excluded: { image: number };
}

export default definePlugin({
  kind: 'mixer',
  name: 'video-only',
  description: 'Draw batches of video samples only (the w/o-image ablation)',
  reference: 'paper Table 2, "Video-R1-7B w/o image"',
  options: VideoOnlyOptions,
  create: (_o: z.infer<typeof VideoOnlyOptions>, deps: MixerDeps): DataMixer => new VideoOnlyMixer(deps.pool),
});

export class VideoOnlyMixer implements DataMixer {
  readonly name = 'video-only';
  private readonly videos: Sample[];
  private readonly excludedImages: number;
  private readonly tally = new Tally();

  constructor(pool: readonly Sample[]) {
    this.videos = pool.filter((s) => s.data_type === 'video');
    this.excludedImages = pool.length - this.videos.length;
    if (this.videos.length === 0) {
      throw new UserError('the video-only mixer needs video samples but the pool has none', {
        where: 'mixer',
        expected: 'at least one sample with data_type "video"',
        found: `${pool.length} samples, ${this.excludedImages} of them images`,
      });
    }
  }

  next(batchSize: number, rng: Rng): Batch {
    const samples = Array.from({ length: batchSize }, () => this.videos[rng.int(this.videos.length)]);
    return this.tally.batch(samples);
  }

  report(): VideoOnlyReport {
    return { ...this.tally.report(), excluded: { image: this.excludedImages } };
  }
}
