/**
 * Token sampling from logits, in plain JS (vocabularies are small). Temperature and nucleus
 * (top-p, Holtzman et al. 2020) filtering as in HF `generate` (docs/released-code.md §3 "Sampling":
 * temperature 1.0, top_p 0.95). One uniform from the run's `Rng` per sampled token.
 */
import { RunError } from '../../core/errors';

/** log Σ exp over `logits[offset .. offset+V)`. */
export function logSumExp(logits: Float32Array, offset: number, V: number, scale = 1): number {
  let max = -Infinity;
  for (let i = 0; i < V; i++) max = Math.max(max, logits[offset + i] * scale);
  let s = 0;
  for (let i = 0; i < V; i++) s += Math.exp(logits[offset + i] * scale - max);
  return max + Math.log(s);
}

/**
 * Draw one token from one row of logits.
 * - temperature <= 0: greedy (argmax), `u` unused;
 * - otherwise p ∝ exp(logit / temperature), restricted to the smallest most-probable set whose
 *   mass reaches `topP` (at least one token), renormalised, and inverted at `u ∈ [0, 1)`.
 * @returns the token and its log-prob under the temperature-1, unfiltered policy distribution
 *   (what `Policy.logProbs` returns, so old log-probs and scores agree; docs/released-code.md §3 Log-probs).
 */
export function sampleToken(logits: Float32Array, offset: number, V: number, temperature: number, topP: number, u: number): { token: number; logProb: number } {
  let token = 0;
  if (!(temperature > 0)) {
    for (let i = 1; i < V; i++) if (logits[offset + i] > logits[offset + token]) token = i;
  } else {
    const inv = 1 / temperature;
    const lse = logSumExp(logits, offset, V, inv);
    if (!Number.isFinite(lse))
      throw new RunError(
        `the policy's next-token logits are not finite (row at offset ${offset}): its weights diverged; lower the learning rate or raise max_grad_norm's protection`,
      );
    const probs = new Float64Array(V);
    for (let i = 0; i < V; i++) probs[i] = Math.exp(logits[offset + i] * inv - lse);
    token = topP >= 1 ? invert(probs, null, V, u) : invertNucleus(probs, V, topP, u);
    // at temperature 1, x·inv is x: the sampling log-normaliser is the policy's, to the bit
    if (inv === 1) return { token, logProb: logits[offset + token] - lse };
  }
  return { token, logProb: logits[offset + token] - logSumExp(logits, offset, V) };
}

/** Inverse-CDF draw over `probs` in `order` (or index order), total mass `V` entries. */
function invert(probs: Float64Array, order: Int32Array | null, n: number, u: number): number {
  let total = 0;
  for (let k = 0; k < n; k++) total += probs[order ? order[k] : k];
  const target = u * total;
  let acc = 0;
  for (let k = 0; k < n; k++) {
    const i = order ? order[k] : k;
    acc += probs[i];
    if (target < acc) return i;
  }
  return order ? order[n - 1] : n - 1;
}

/**
 * Nucleus draw. Only tokens with p > (1 − topP)/V are sorted: the others hold at most 1 − topP of
 * the mass together, so the most-probable prefix reaches topP before any of them.
 */
function invertNucleus(probs: Float64Array, V: number, topP: number, u: number): number {
  const floor = (1 - topP) / V;
  let n = 0;
  const candidates = new Int32Array(V);
  for (let i = 0; i < V; i++) if (probs[i] > floor) candidates[n++] = i;
  const order = sortByProb(candidates.subarray(0, n), probs);
  V = order.length;
  let keep = 0;
  let mass = 0;
  while (keep < V && (keep === 0 || mass < topP)) mass += probs[order[keep++]];
  return invert(probs, order, keep, u);
}

/** `a` before `b`: higher probability first, then lower index (a total order: indices differ). */
function before(probs: Float64Array, a: number, b: number): boolean {
  return probs[a] > probs[b] || (probs[a] === probs[b] && a < b);
}

/**
 * Indices sorted by `before`, in place: a bottom-up merge sort with the comparison inlined. The
 * order is total, so it is the permutation `Array#sort` gives with the same comparator, at a
 * fraction of the cost (that sort calls a closure per comparison, ~55 µs for 333 tokens, about
 * a third of a 48-row decode step's time on the host).
 */
function sortByProb(idx: Int32Array, probs: Float64Array): Int32Array {
  const n = idx.length;
  // runs of 8 by insertion
  for (let lo = 0; lo < n; lo += 8) {
    const hi = Math.min(lo + 8, n);
    for (let i = lo + 1; i < hi; i++) {
      const x = idx[i];
      let j = i - 1;
      while (j >= lo && before(probs, x, idx[j])) {
        idx[j + 1] = idx[j];
        j--;
      }
      idx[j + 1] = x;
    }
  }
  let src: Int32Array = idx;
  let dst: Int32Array = new Int32Array(n);
  for (let width = 8; width < n; width *= 2) {
    for (let lo = 0; lo < n; lo += 2 * width) {
      const mid = Math.min(lo + width, n);
      const hi = Math.min(lo + 2 * width, n);
      let i = lo;
      let j = mid;
      let k = lo;
      while (i < mid && j < hi) dst[k++] = before(probs, src[j], src[i]) ? src[j++] : src[i++];
      while (i < mid) dst[k++] = src[i++];
      while (j < hi) dst[k++] = src[j++];
    }
    [src, dst] = [dst, src];
  }
  return src;
}
