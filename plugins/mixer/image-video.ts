import { z } from 'zod';
import type { Batch, DataMixer, MixerDeps, MixReport } from '../../core/contracts/data';
import type { Sample } from '../../core/contracts/sample';
import { UserError } from '../../core/errors';
import { definePlugin } from '../../core/registry/define';
import type { Rng } from '../../core/rng';
import { resolveShares, type ResolvedShares } from './shares';
import { groupPool, pickWeighted, Tally } from './tally';

/**
 * Mixer `image-video`: each sample of a batch is drawn independently: first a pool category by
 * its share (shares.ts), then a sample of that category uniformly, with replacement. The draws
 * use only the Rng passed to next(), so a run resumed from a saved Rng state draws the same
 * batches. The default shares are the composition of Video-R1-260k (docs/released-code.md §5.1,
 * paper Fig. 2): video 116k (the paper's one video domain, "General", spans every video source,
 * so it is `video/*`); images General 15k, Chart 21k, OCR 16k, Math 37k, Knowledge 37k, Spatial 20k.
 */

export const PAPER_SHARES: Readonly<Record<string, number>> = {
  'image/chart': 21,
  'image/general': 15,
  'image/knowledge': 37,
  'image/math': 37,
  'image/ocr': 16,
  'image/spatial': 20,
  'video/*': 116,
};

export const ImageVideoOptions = z.strictObject({
  /** Share per `modality/category` (any scale; normalised). `modality/*` covers that modality's unnamed categories, split by pool size. Names are case-insensitive. */
  shares: z.record(z.string(), z.number().min(0)).default({ ...PAPER_SHARES }),
});
export type ImageVideoOptions = z.infer<typeof ImageVideoOptions>;

/** The realised mix plus how the configured shares met the pool. */
export interface ImageVideoReport extends MixReport {
  shares: ResolvedShares;
}

export default definePlugin({
  kind: 'mixer',
  name: 'image-video',
  description: 'Draw batches of images and videos by share per modality and category (default: Video-R1-260k)',
  reference: 'paper §3.1 and Fig. 2; docs/released-code.md §5.1 (composition of Video-R1-260k)',
  options: ImageVideoOptions,
  create: (o: ImageVideoOptions, deps: MixerDeps): DataMixer => new ImageVideoMixer(o, deps.pool),
});

export class ImageVideoMixer implements DataMixer {
  readonly name = 'image-video';
  readonly shares: ResolvedShares;
  private readonly keys: string[];
  private readonly weights: number[];
  private readonly groups: Map<string, Sample[]>;
  private readonly tally = new Tally();

  constructor(o: ImageVideoOptions, pool: readonly Sample[]) {
    if (pool.length === 0)
      throw new UserError('the image-video mixer got an empty pool', { expected: 'at least one sample from the task source', found: '0 samples' });
    this.groups = groupPool(pool);
    const counts = Object.fromEntries([...this.groups].map(([k, v]) => [k, v.length]));
    this.shares = resolveShares(o.shares, counts);
    this.keys = Object.keys(this.shares.effective).sort();
    this.weights = this.keys.map((k) => this.shares.effective[k]);
  }

  next(batchSize: number, rng: Rng): Batch {
    const samples: Sample[] = [];
    for (let i = 0; i < batchSize; i++) {
      const group = this.groups.get(this.keys[pickWeighted(this.weights, rng.next())])!;
      samples.push(group[rng.int(group.length)]);
    }
    return this.tally.batch(samples);
  }

  report(): ImageVideoReport {
    return { ...this.tally.report(), shares: this.shares };
  }
}
