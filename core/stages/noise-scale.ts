/**
 * The gradient noise scale (McCandlish et al. 2018, "An Empirical Model of Large-Batch Training",
 * §2.2 and App. A.1). From the squared norms of mean gradients over batches of B_small and B_big
 * examples, unbiased estimates of the true gradient's |G|² and of tr(Σ), the trace of the
 * per-example gradient covariance:
 *
 *     |G|²  ≈ (B_big·|G_big|² − B_small·|G_small|²) / (B_big − B_small)
 *     tr(Σ) ≈ (|G_small|² − |G_big|²) / (1/B_small − 1/B_big)
 *
 * B_simple = tr(Σ) / |G|² is the batch at which a step's noise equals its signal: with B ≪ B_simple
 * a step moves the weights mostly by noise. One step's estimates are noisy (|G|² can come out
 * negative), so the ratio is taken of their means over steps, as the paper does.
 * Here an example is a prompt (its group of G rollouts): the RL loss is a mean over groups.
 */

export interface NoiseEstimate {
  /** Estimate of |G|², the squared norm of the expected gradient. */
  gradSq: number;
  /** Estimate of tr(Σ), the per-prompt gradient variance summed over parameters. */
  trace: number;
}

export function noiseEstimate(smallSq: number, bigSq: number, bSmall: number, bBig: number): NoiseEstimate {
  if (!(bBig > bSmall && bSmall > 0)) throw new Error(`noise scale needs 0 < B_small < B_big, got ${bSmall} and ${bBig}`);
  return {
    gradSq: (bBig * bigSq - bSmall * smallSq) / (bBig - bSmall),
    trace: (smallSq - bigSq) / (1 / bSmall - 1 / bBig),
  };
}

/** B_simple over steps: mean tr(Σ) / mean |G|² (NaN with no steps). */
export function bSimple(estimates: readonly NoiseEstimate[]): number {
  if (estimates.length === 0) return NaN;
  const sum = (f: (e: NoiseEstimate) => number) => estimates.reduce((a, e) => a + f(e), 0);
  return sum((e) => e.trace) / sum((e) => e.gradSq);
}

/**
 * One step's estimate from its K groups' rows (`rowsPerGroup` each, in group order): the mean
 * gradient of the first and of the second h = ⌊K/2⌋ groups (B_small = h, their squared norms
 * averaged) and of both together (B_big = 2h). `gradNorm` is the policy's gradient norm of a batch.
 */
export function stepNoiseEstimate<T>(
  rows: readonly T[],
  groups: number,
  rowsPerGroup: number,
  gradNorm: (batch: readonly T[]) => number,
): NoiseEstimate | undefined {
  const h = Math.floor(groups / 2);
  if (h === 0) return undefined; // one group: no two batches to compare
  const part = (from: number, to: number) => rows.slice(from * rowsPerGroup, to * rowsPerGroup);
  const small = (gradNorm(part(0, h)) ** 2 + gradNorm(part(h, 2 * h)) ** 2) / 2;
  return noiseEstimate(small, gradNorm(part(0, 2 * h)) ** 2, h, 2 * h);
}
