import type { Prompt } from '../../core/contracts/policy';
import { type Frames, transformFrames } from '../../core/contracts/sample';
import { logpDrops, meanTokenLogp } from '../../core/rewards/logp-drop';
import { Rng } from '../../core/rng';

/** A clip of T one-pixel frames whose values are 0, 1, …, T−1. */
const clip = (t: number): Frames => ({ data: Float32Array.from({ length: t }, (_, i) => i), t, h: 1, w: 1, c: 1 });
const prompt = (frames: Frames): Prompt => ({ frames, modality: 'video', tokens: [1, 2] });

/** Log-prob of every token: −1 whatever the frames. */
const blind = { logProbs: (_p: readonly Prompt[], cs: readonly number[][]) => cs.map((c) => c.map(() => -1)) };
/** Log-prob of token k: −(1 + |frame k's value − k|): highest when the frames come in order. */
const ordered = {
  logProbs: (ps: readonly Prompt[], cs: readonly number[][]) => cs.map((c, i) => c.map((_, k) => -(1 + Math.abs(ps[i].frames.data[k % ps[i].frames.t] - k)))),
};

describe('logpDrops (mean per-token log-prob, ordered minus transformed frames)', () => {
  it('is 0 for a policy whose output ignores the frames', () => {
    const p = prompt(clip(4));
    const drops = logpDrops(blind, [
      { ordered: p, transformed: { ...p, frames: transformFrames(p.frames, 'reverse', new Rng(0)) }, completion: [5, 6, 7] },
      { ordered: p, transformed: { ...p, frames: transformFrames(p.frames, 'shuffle', new Rng(1)) }, completion: [5] },
    ]);
    expect(drops).toEqual([0, 0]);
  });

  it('is the hand-worked drop for a policy that reads the order', () => {
    // ordered frames [0,1,2,3]: every token −1 → mean −1. Reversed [3,2,1,0]: tokens 0..3 get
    // −(1+3), −(1+1), −(1+1), −(1+3) → mean −3. Drop 2. Static [2,2,2,2]: −3, −2, −1, −2 → −2, drop 1.
    const p = prompt(clip(4));
    const pairs = (['reverse', 'static'] as const).map((t) => ({
      ordered: p,
      transformed: { ...p, frames: transformFrames(p.frames, t, new Rng(0)) },
      completion: [9, 9, 9, 9],
    }));
    expect(logpDrops(ordered, pairs)).toEqual([2, 1]);
  });

  it('scores both views in one batched call', () => {
    let calls = 0;
    const counting = { logProbs: (ps: readonly Prompt[], cs: readonly number[][]) => (calls++, blind.logProbs(ps, cs)) };
    const p = prompt(clip(2));
    logpDrops(counting, [
      { ordered: p, transformed: p, completion: [1] },
      { ordered: p, transformed: p, completion: [2] },
    ]);
    expect(calls).toBe(1);
    expect(logpDrops(counting, [])).toEqual([]);
    expect(calls).toBe(1);
  });

  it('averages per token; an empty completion has mean 0', () => {
    expect(meanTokenLogp([-1, -2, -3])).toBe(-2);
    expect(meanTokenLogp([])).toBe(0);
  });
});

describe('transformFrames', () => {
  it('reverse, static (middle frame) and shuffle (one permutation from the stream)', () => {
    const f = clip(5);
    expect(Array.from(transformFrames(f, 'reverse', new Rng(0)).data)).toEqual([4, 3, 2, 1, 0]);
    expect(Array.from(transformFrames(f, 'static', new Rng(0)).data)).toEqual([2, 2, 2, 2, 2]);
    const perm = new Rng(7).permutation(5);
    expect(Array.from(transformFrames(f, 'shuffle', new Rng(7)).data)).toEqual(perm);
  });

  it('only shuffle draws from the stream', () => {
    const rng = new Rng(3);
    const before = rng.state();
    transformFrames(clip(6), 'reverse', rng);
    transformFrames(clip(6), 'static', rng);
    expect(rng.state()).toEqual(before);
    transformFrames(clip(6), 'shuffle', rng);
    expect(rng.state()).not.toEqual(before);
  });
});
