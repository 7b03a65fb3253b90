/** Shared setup for the synthetic world tests. */
import type { FrameSpec } from '../../../../core/contracts/data';
import type { Sample } from '../../../../core/contracts/sample';
import { SyntheticOptions, SyntheticSource } from '../../../../plugins/data/synthetic';
import { FAMILIES, type FamilyName } from '../../../../plugins/data/synthetic/types';

export const SPEC: FrameSpec = { frames: 16, height: 32, width: 32, channels: 3 };

/** Family weights with every family at 0 except `family`. */
export const only = (...families: FamilyName[]): Record<string, number> => Object.fromEntries(FAMILIES.map((f) => [f, families.includes(f) ? 1 : 0]));

export function source(options: Partial<SyntheticOptions> = {}): SyntheticSource {
  return new SyntheticSource(SyntheticOptions.parse(options));
}

/** `n` RL samples of one family. */
export async function samplesOf(family: FamilyName, n: number, spec: FrameSpec = SPEC, options: Partial<SyntheticOptions> = {}): Promise<Sample[]> {
  return (await source({ rl_samples: n, family_weights: only(family) as SyntheticOptions['family_weights'], ...options }).load('rl', spec)).samples;
}

/** The record fields of a sample (everything but frames and world metadata). */
export function recordOf(s: Sample): Record<string, unknown> {
  const { frames: _f, category: _c, temporal: _t, ...record } = s;
  return record;
}
