import type { Batch, MixReport } from '../../core/contracts/data';
import type { Sample } from '../../core/contracts/sample';

/** `modality/category`: the key mixers and their reports use. */
export const mixKey = (s: Pick<Sample, 'data_type' | 'category'>): string => `${s.data_type}/${s.category}`;

/** Pool samples grouped by mix key, keys sorted (a fixed order keeps seeded draws reproducible). */
export function groupPool(pool: readonly Sample[]): Map<string, Sample[]> {
  const groups = new Map<string, Sample[]>();
  for (const key of [...new Set(pool.map(mixKey))].sort()) groups.set(key, []);
  for (const s of pool) groups.get(mixKey(s))!.push(s);
  return groups;
}

/** Counts of what a mixer handed out so far: its realised mix. */
export class Tally {
  private total = 0;
  private readonly byModality: Record<string, number> = { image: 0, video: 0 };
  private readonly byCategory: Record<string, number> = {};

  /** Count a batch's samples and return the batch with its modality counts. */
  batch(samples: Sample[]): Batch {
    const modalities = { image: 0, video: 0 };
    for (const s of samples) {
      modalities[s.data_type]++;
      const key = mixKey(s);
      this.byCategory[key] = (this.byCategory[key] ?? 0) + 1;
    }
    this.total += samples.length;
    this.byModality.image += modalities.image;
    this.byModality.video += modalities.video;
    return { samples, modalities };
  }

  report(): MixReport {
    return { total: this.total, byModality: { ...this.byModality }, byCategory: { ...this.byCategory } };
  }
}

/** Index of the bucket a uniform u in [0, 1) falls in, given weights summing to 1. */
export function pickWeighted(weights: readonly number[], u: number): number {
  let acc = 0;
  for (let i = 0; i < weights.length; i++) {
    acc += weights[i];
    if (u < acc) return i;
  }
  // rounding left u ≥ the sum: the last bucket with weight
  for (let i = weights.length - 1; i >= 0; i--) if (weights[i] > 0) return i;
  return weights.length - 1;
}
