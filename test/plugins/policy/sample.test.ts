import * as tf from '@tensorflow/tfjs';
import { Rng } from '../../../core/rng';
import policies from '../../../plugins/policy/index';
import { TinyVlmOptions } from '../../../plugins/policy/tiny-vlm';
import { ADAM, DEPS, prompt, tinyPolicy, useBackend } from './helpers';

describe('tiny-vlm sampling and scoring', () => {
  beforeAll(useBackend);

  const prompts = [prompt([5, 6, 7]), prompt([8], [0.9], 'image'), prompt([9, 10, 11, 12, 13])];
  const opts = { n: 3, temperature: 1, topP: 0.95, maxNewTokens: 12 };

  it('is created through the lazy index with seeded, reproducible weights', async () => {
    const plugin = (await policies['tiny-vlm']()).default as unknown as {
      create: (o: TinyVlmOptions, d: typeof DEPS) => unknown;
      options: typeof TinyVlmOptions;
    };
    const a = tinyPolicy();
    const b = (await plugin.create(plugin.options.parse({ d_model: 32, heads: 2, layers: 2, max_seq: 64 }), DEPS)) as typeof a;
    const c = tinyPolicy({}, { seed: 8 });
    const w = (p: typeof a) => Array.from(p.variables.tok_emb.dataSync().slice(0, 8));
    expect(w(b)).toEqual(w(a));
    expect(w(c)).not.toEqual(w(a));
    expect(a.parameterCount).toBeGreaterThan(20000);
    expect(a.step).toBe(0);
    [a, b, c].forEach((p) => p.dispose());
  });

  it('gives identical rollouts for the same seed and different ones for another seed', () => {
    const p = tinyPolicy();
    const a = p.sample(prompts, opts, new Rng(11));
    const b = p.sample(prompts, opts, new Rng(11));
    const c = p.sample(prompts, opts, new Rng(12));
    expect(b).toEqual(a);
    expect(c.map((r) => r.tokenIds)).not.toEqual(a.map((r) => r.tokenIds));
    p.dispose();
  });

  it('returns n completions per prompt that end at the first eos (included) or at maxNewTokens', () => {
    const p = tinyPolicy({}, { eosId: 3 });
    const out = p.sample(prompts, { ...opts, n: 4 }, new Rng(5));
    expect(out).toHaveLength(3);
    for (const r of out) {
      expect(r.tokenIds).toHaveLength(4);
      r.tokenIds.forEach((ids, j) => {
        expect(r.lengths[j]).toBe(ids.length);
        expect(r.logProbs[j]).toHaveLength(ids.length);
        const eos = ids.indexOf(3);
        if (eos >= 0) expect(eos).toBe(ids.length - 1);
        else expect(ids).toHaveLength(12);
        r.logProbs[j].forEach((lp) => expect(lp).toBeLessThanOrEqual(0));
      });
    }
    expect(out.flatMap((r) => r.tokenIds).some((ids) => ids.includes(3))).toBe(true);
    p.dispose();
  });

  it('never stops early and appends no eos in SFT when eosId is outside the vocabulary', () => {
    const p = tinyPolicy({}, { eosId: -1 });
    const out = p.sample(prompts, { ...opts, n: 2 }, new Rng(5));
    out.forEach((r) => expect(r.lengths).toEqual([12, 12]));
    expect(p.sftStep([{ prompt: prompts[0], target: [4] }], 'prompt', { ...ADAM, lr: 1e-3, totalSteps: 10 }).loss).toBeGreaterThan(0);
    p.dispose();
  });

  it('decodes the same tokens and log-probs with and without the KV cache', () => {
    const p = tinyPolicy({}, { eosId: 3 });
    const cached = p.sample(prompts, opts, new Rng(21));
    const recomputed = p.sample(prompts, opts, new Rng(21), { kvCache: false });
    expect(recomputed.map((r) => r.tokenIds)).toEqual(cached.map((r) => r.tokenIds));
    cached.forEach((r, i) => r.logProbs.forEach((lps, j) => lps.forEach((lp, t) => expect(Math.abs(lp - recomputed[i].logProbs[j][t])).toBeLessThan(1e-4))));
    p.dispose();
  });

  it('scores its own samples with the log-probs it sampled them with (temperature-1 distribution)', () => {
    const p = tinyPolicy({}, { eosId: 3 });
    const out = p.sample(prompts, { ...opts, temperature: 0.7 }, new Rng(3));
    const scored = p.logProbs(
      prompts,
      out.flatMap((r) => r.tokenIds),
    );
    const sampled = out.flatMap((r) => r.logProbs);
    scored.forEach((lps, i) => lps.forEach((lp, t) => expect(Math.abs(lp - sampled[i][t])).toBeLessThan(1e-4)));
    p.dispose();
  });

  it('scores a completion the same alone and beside longer rows (padding is invisible)', () => {
    const p = tinyPolicy();
    const alone = p.logProbs([prompts[1]], [[4, 5, 6]]);
    const batched = p.logProbs([prompts[0], prompts[1], prompts[2]], [[7, 7, 7, 7, 7, 7, 7], [4, 5, 6], []]);
    expect(batched[2]).toEqual([]);
    alone[0].forEach((lp, t) => expect(batched[1][t]).toBeCloseTo(lp, 5));
    p.dispose();
  });

  it('uses the frames: a different clip changes the log-probs, and images differ from videos', () => {
    const p = tinyPolicy();
    const base = p.logProbs([prompt([5], [0.1, 0.2, 0.3, 0.4])], [[6, 7]])[0];
    const other = p.logProbs([prompt([5], [0.9, 0.2, 0.3, 0.4])], [[6, 7]])[0];
    const image = p.logProbs([prompt([5], [0.1, 0.2, 0.3, 0.4], 'image')], [[6, 7]])[0];
    expect(Math.abs(base[0] - other[0])).toBeGreaterThan(1e-6);
    expect(Math.abs(base[0] - image[0])).toBeGreaterThan(1e-6);
    p.dispose();
  });

  it('keeps the reference frozen until snapshotReference', () => {
    const p = tinyPolicy();
    const q = [prompts[0]];
    const c = [[4, 5, 6]];
    const before = p.logProbs(q, c, true);
    expect(p.logProbs(q, c)).toEqual(before);
    p.sftStep([{ prompt: prompts[0], target: [4, 5, 6] }], 'prompt', { ...ADAM, lr: 1e-2, totalSteps: 10 });
    expect(p.logProbs(q, c, true)).toEqual(before);
    expect(p.logProbs(q, c)).not.toEqual(before);
    p.snapshotReference();
    expect(p.logProbs(q, c, true)).toEqual(p.logProbs(q, c));
    p.dispose();
  });

  it('rejects sequences longer than maxSeq and mismatched inputs with a UserError', () => {
    const p = tinyPolicy({ max_seq: 12 });
    expect(() => p.sample([prompts[2]], { ...opts, maxNewTokens: 10 }, new Rng(1))).toThrow(/longer than the policy allows/);
    expect(() => p.logProbs(prompts, [[1], [2]])).toThrow(/parallel to prompts/);
    expect(() => p.logProbs([prompts[0]], [[24]])).toThrow(/outside the vocabulary/);
    expect(() => p.sample([prompt([-1])], opts, new Rng(1))).toThrow(/outside the vocabulary/);
    expect(() => p.sftStep([], 'prompt', { ...ADAM, lr: 1e-3, totalSteps: 10 })).toThrow(/at least one example/);
    expect(() => tinyPolicy({ heads: 3 })).toThrow(/heads must divide d_model/);
    expect(() => tinyPolicy({ patch_size: 3 })).toThrow(/patch_size must divide/);
    p.dispose();
  });

  it('embeds patches when patchSize is set and frees everything on dispose', () => {
    const before = tf.memory().numTensors;
    const p = tinyPolicy({ patch_size: 2 });
    expect(p.config.visualTokens).toBe(16);
    const out = p.sample([prompts[0]], { ...opts, n: 2 }, new Rng(1));
    expect(out[0].tokenIds).toHaveLength(2);
    p.dispose();
    expect(tf.memory().numTensors).toBe(before);
  });
});
