import * as tf from '@tensorflow/tfjs';
import { Rng } from '../../../core/rng';
import { applyRope, applySwapRope, ropeTables, swapIndices, swapRopeTables } from '../../../plugins/policy/rope';
import { prompt, tinyPolicy, useBackend } from './helpers';

describe('rotary positions (policy.options.positions: rope)', () => {
  beforeAll(useBackend);

  it('q·k after rotation depends only on the distance between positions', () => {
    const dh = 8;
    const q = tf.tensor4d(
      Array.from({ length: dh }, (_, i) => Math.sin(i + 1)),
      [1, 1, 1, dh],
    );
    const k = tf.tensor4d(
      Array.from({ length: dh }, (_, i) => Math.cos(2 * i)),
      [1, 1, 1, dh],
    );
    const dot = (pq: number, pk: number) =>
      tf.tidy(() => tf.sum(tf.mul(applyRope(q, ropeTables([pq], 1, 1, dh)), applyRope(k, ropeTables([pk], 1, 1, dh)))).dataSync()[0]);
    expect(dot(7, 4)).toBeCloseTo(dot(23, 20), 4); // distance 3 at two places
    expect(dot(5, 5)).toBeCloseTo(
      tf.tidy(() => tf.sum(tf.mul(q, k)).dataSync()[0]),
      4,
    ); // distance 0 = no rotation
    expect(Math.abs(dot(7, 4) - dot(7, 6))).toBeGreaterThan(1e-3); // another distance, another score
    tf.dispose([q, k]);
  });

  it("the decode step's swap form (gather and signed sin) gives applyRope's values bit for bit", () => {
    const [B, H, dh] = [3, 4, 8];
    const positions = [0, 5, 41];
    const x = tf.tensor4d(
      Array.from({ length: B * H * dh }, (_, i) => Math.sin(i * 1.7) * 3),
      [B, H, 1, dh],
    );
    const swap = swapIndices(dh);
    const [want, got] = tf.tidy(() => [
      applyRope(x, ropeTables(positions, B, 1, dh)).dataSync(),
      applySwapRope(x, swapRopeTables(positions, B, dh, swap)).dataSync(),
    ]);
    expect(Array.from(got)).toEqual(Array.from(want));
    tf.dispose([x, swap]);
  });

  it('has no learned position table, and KV-cached decoding equals recomputing', () => {
    const p = tinyPolicy({ positions: 'rope' });
    const learned = tinyPolicy();
    expect(p.parameterCount).toBe(learned.parameterCount - 64 * 32); // max_seq 64 × d 32
    const prompts = [prompt([5, 6, 7]), prompt([8, 9], [0.2, 0.4, 0.6, 0.8], 'image')];
    const opts = { n: 3, temperature: 1, topP: 1, maxNewTokens: 10 };
    const cached = p.sample(prompts, opts, new Rng(3));
    const recomputed = p.sample(prompts, opts, new Rng(3), { kvCache: false });
    expect(recomputed.map((r) => r.tokenIds)).toEqual(cached.map((r) => r.tokenIds));
    // the sampler's log-probs are the policy's own scores of those tokens (training sees the same numbers)
    const scored = p.logProbs(
      prompts.flatMap((x) => [x, x, x]),
      cached.flatMap((r) => r.tokenIds),
    );
    cached.flatMap((r) => r.logProbs).forEach((lps, j) => lps.forEach((lp, t) => expect(Math.abs(lp - scored[j][t])).toBeLessThan(1e-4)));
    p.dispose();
    learned.dispose();
  });
});
