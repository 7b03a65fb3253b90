import type { RlObjectiveOptions } from '../../../core/contracts/policy';
import { textBatch } from '../../../plugins/policy/layout';
import { rlArrays, sftWeights } from '../../../plugins/policy/objectives';
import { ADAM, RELEASED, prompt, tinyPolicy, useBackend } from './helpers';

/**
 * Plain-loop oracle of the RL loss (docs/released-code.md §3): ℓ_t = −(pg_t − β·KL_t), KL_t = e^x − x − 1 with
 * x = clamp(ref − logp, ±10), pg_t = min(r·A, clip(r)·A) or r·A, r = exp(logp − old), aggregated.
 */
function oracle(cur: number[][], old: number[][], ref: number[][], adv: number[], o: RlObjectiveOptions): number {
  const B = cur.length;
  const tokens = cur.reduce((a, c) => a + c.length, 0);
  let loss = 0;
  cur.forEach((lps, i) => {
    let seq = 0;
    lps.forEach((lp, t) => {
      const r = Math.exp(lp - old[i][t]);
      const rc = Math.min(Math.max(r, 1 - o.clipEpsLow), 1 + o.clipEpsHigh);
      const pg = o.clip ? Math.min(r * adv[i], rc * adv[i]) : r * adv[i];
      const x = Math.min(Math.max(ref[i][t] - lp, -10), 10);
      seq += -(pg - o.beta * (Math.exp(x) - x - 1));
    });
    if (o.lossAgg === 'seq-mean-token-mean') loss += seq / lps.length / B;
    else if (o.lossAgg === 'token-mean') loss += seq / tokens;
    else loss += seq / o.normLength / B;
  });
  return loss;
}

describe('RL objective', () => {
  beforeAll(useBackend);

  const q = [prompt([5, 6, 7]), prompt([8], [0.9], 'image'), prompt([9, 10])];
  const completions = [
    [11, 12, 13, 1],
    [14, 1],
    [15, 16, 17, 18, 19, 20],
  ];
  const advantages = [1.2, -0.7, 0.3];

  /** A policy whose weights moved away from its reference, so KL is not zero. */
  function drifted() {
    const p = tinyPolicy();
    for (let i = 0; i < 3; i++)
      p.sftStep(
        q.map((x, j) => ({ prompt: x, target: completions[j].slice(0, -1) })),
        'prompt',
        { ...ADAM, lr: 2e-2 },
      );
    return p;
  }

  it('skips a step whose loss is not finite: no weight, moment or step counter moves', () => {
    const p = drifted();
    const cur = p.logProbs(q, completions);
    const stepBefore = p.step;
    const stats = p.rlStep(
      q.map((prompt, i) => ({ prompt, completion: completions[i], advantage: i === 1 ? NaN : advantages[i], oldLogProbs: cur[i] })),
      RELEASED,
      ADAM,
    );
    expect(stats.skipped).toBe(true);
    expect(Number.isFinite(stats.loss)).toBe(false);
    expect(p.step).toBe(stepBefore);
    expect(p.logProbs(q, completions)).toEqual(cur);
    // a finite step afterwards applies as usual
    const ok = p.rlStep(
      q.map((prompt, i) => ({ prompt, completion: completions[i], advantage: advantages[i], oldLogProbs: cur[i] })),
      RELEASED,
      ADAM,
    );
    expect(ok.skipped).toBeUndefined();
    expect(p.step).toBe(stepBefore + 1);
  });

  it('equals the released code by hand: mean_i (1/|o_i|) Σ_t −(A_i − β·KL_t) with one iteration, no clipping', () => {
    const p = drifted();
    const cur = p.logProbs(q, completions);
    const ref = p.logProbs(q, completions, true);
    let hand = 0;
    cur.forEach((lps, i) => {
      let s = 0;
      lps.forEach((lp, t) => {
        const x = Math.min(Math.max(ref[i][t] - lp, -10), 10);
        s += -(advantages[i] - 0.04 * (Math.exp(x) - x - 1));
      });
      hand += s / lps.length / 3;
    });
    const stats = p.rlStep(
      q.map((prompt, i) => ({ prompt, completion: completions[i], advantage: advantages[i], oldLogProbs: cur[i] })),
      RELEASED,
      ADAM,
    );
    expect(Math.abs(stats.loss - hand)).toBeLessThan(1e-4);
    expect(stats.kl).toBeGreaterThan(1e-3);
    expect(stats.clipFraction).toBe(0);
    p.dispose();
  });

  it.each<{ why: string; o: Partial<RlObjectiveOptions>; shift: number }>([
    { why: 'token-mean (DAPO)', o: { lossAgg: 'token-mean' }, shift: 0 },
    { why: 'seq-mean-token-sum-norm (Dr. GRPO)', o: { lossAgg: 'seq-mean-token-sum-norm', normLength: 10 }, shift: 0 },
    { why: 'clipped ratio above 1 + eps (old log-probs 0.5 lower)', o: { clip: true }, shift: -0.5 },
    { why: 'clipped ratio below 1 − eps, asymmetric eps', o: { clip: true, clipEpsLow: 0.1, clipEpsHigh: 0.28 }, shift: 0.5 },
    { why: 'no KL term (beta 0)', o: { beta: 0 }, shift: 0.1 },
  ])('matches the plain-loop oracle: $why', ({ o, shift }) => {
    const p = drifted();
    const obj = { ...RELEASED, ...o };
    const cur = p.logProbs(q, completions);
    const ref = p.logProbs(q, completions, true);
    const old = cur.map((lps) => lps.map((x) => x + shift));
    const stats = p.rlStep(
      q.map((prompt, i) => ({ prompt, completion: completions[i], advantage: advantages[i], oldLogProbs: old[i] })),
      obj,
      ADAM,
    );
    expect(Math.abs(stats.loss - oracle(cur, old, ref, advantages, obj))).toBeLessThan(1e-4);
    // clipped branch active: ratio above 1 + eps with A > 0 (rows 0, 2: 10 of 12 tokens) or below 1 − eps with A < 0 (row 1: 2)
    if (obj.clip) expect(stats.clipFraction).toBeCloseTo(shift < 0 ? 10 / 12 : 2 / 12, 6);
    if (obj.beta === 0) expect(stats.kl).toBe(0);
    p.dispose();
  });

  it('rejects old log-probs that do not match the completion', () => {
    const p = tinyPolicy();
    expect(() => p.rlStep([{ prompt: q[0], completion: [4, 5], advantage: 1, oldLogProbs: [0] }], RELEASED, ADAM)).toThrow(/one entry per completion token/);
    p.dispose();
  });
});

describe('loss weights', () => {
  const c = { visualTokens: 4, maxSeq: 64 } as Parameters<typeof textBatch>[3];
  // rows: question [5, 6] + target [7, 1]; question [8] + target [9, 10, 1] → width 4
  const tb = textBatch(
    [[5, 6], [8]],
    [
      [7, 1],
      [9, 10, 1],
    ],
    0,
    c,
  );

  it('lays rows out right-padded', () => {
    expect(Array.from(tb.ids)).toEqual([5, 6, 7, 1, 8, 9, 10, 1]);
  });

  it.each([
    { mask: 'prompt' as const, why: 'only target tokens, 5 of them', want: [0, 0, 1, 1, 0, 1, 1, 1].map((x) => x / 5) },
    {
      mask: 'padding' as const,
      why: 'every non-pad token (released code, docs/released-code.md §6), 8 of them',
      want: [1, 1, 1, 1, 1, 1, 1, 1].map((x) => x / 8),
    },
  ])('SFT mask $mask covers $why', ({ mask, want }) => {
    Array.from(sftWeights(tb, mask)).forEach((w, i) => expect(w).toBeCloseTo(want[i], 7));
  });

  it.each([
    { agg: 'seq-mean-token-mean' as const, want: [0, 0, 1 / 4, 1 / 4, 0, 1 / 6, 1 / 6, 1 / 6] },
    { agg: 'token-mean' as const, want: [0, 0, 1 / 5, 1 / 5, 0, 1 / 5, 1 / 5, 1 / 5] },
    { agg: 'seq-mean-token-sum-norm' as const, want: [0, 0, 1 / 8, 1 / 8, 0, 1 / 8, 1 / 8, 1 / 8] },
  ])('RL aggregation $agg weights tokens by hand', ({ agg, want }) => {
    const a = rlArrays(
      tb,
      [1, -1],
      [
        [-1, -2],
        [-3, -4, -5],
      ],
      agg,
      4,
    );
    Array.from(a.weights).forEach((w, i) => expect(w).toBeCloseTo(want[i], 7));
    expect(Array.from(a.oldLogp)).toEqual([0, 0, -1, -2, 0, -3, -4, -5]);
    expect(Array.from(a.advantage)).toEqual([0, 0, 1, 1, 0, -1, -1, -1]);
    expect(a.tokens).toBe(5);
  });
});
