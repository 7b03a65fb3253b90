import type { PtxReplay, SftExample } from '../../../core/contracts/policy';
import { ADAM, RELEASED, prompt, tinyPolicy, useBackend } from './helpers';

/** PPO-ptx (`rl.ptx_coef`, PtxReplay): the RL objective plus coef · the SFT cross-entropy of a replayed batch, in one update; and the gradient norm without an update (rl.noise_scale). */
describe('RL with a replayed SFT batch (PPO-ptx)', () => {
  beforeAll(useBackend);

  const q = [prompt([5, 6, 7]), prompt([8], [0.9], 'image')];
  const completions = [
    [11, 12, 13, 1],
    [14, 1],
  ];
  const replayed: SftExample[] = [
    { prompt: prompt([9, 10]), target: [15, 16, 17] },
    { prompt: prompt([6], [0.2], 'image'), target: [18] },
  ];
  const noKl = { ...RELEASED, beta: 0 };

  function rlStep(p: ReturnType<typeof tinyPolicy>, advantage: number, replay?: PtxReplay) {
    const old = p.logProbs(q, completions);
    return p.rlStep(
      q.map((x, i) => ({ prompt: x, completion: completions[i], advantage, oldLogProbs: old[i] })),
      noKl,
      ADAM,
      replay,
    );
  }

  it('with A = 0 and β = 0 the loss is coef · the replayed cross-entropy, which is the SFT loss of that batch on the same weights', () => {
    const sft = tinyPolicy();
    const rl = tinyPolicy(); // the same seed: the same initial weights
    const sftLoss = sft.sftStep(replayed, 'prompt', ADAM).loss;
    const stats = rlStep(rl, 0, { examples: replayed, mask: 'prompt', coef: 0.5 });
    expect(stats.ptxLoss).toBeCloseTo(sftLoss, 5);
    expect(stats.loss).toBeCloseTo(0.5 * sftLoss, 5);
    expect(stats.policyLoss).toBeCloseTo(0, 6);
    // Adam's first step is scale-free (m/√v = sign g), so 0.5 · CE moves the weights as the SFT step did
    const after = (p: ReturnType<typeof tinyPolicy>) => p.logProbs(q, completions).flat();
    const a = after(sft);
    after(rl).forEach((x, k) => expect(x).toBeCloseTo(a[k], 4));
    sft.dispose();
    rl.dispose();
  });

  it('adds coef · cross-entropy to the RL loss: the loss grows by exactly that, and no replay reports no ptx loss', () => {
    const plain = tinyPolicy();
    const mixed = tinyPolicy();
    const without = rlStep(plain, 1);
    const withReplay = rlStep(mixed, 1, { examples: replayed, mask: 'prompt', coef: 2 });
    expect(without.ptxLoss).toBeUndefined();
    expect(withReplay.policyLoss).toBeCloseTo(without.policyLoss ?? NaN, 6);
    expect(withReplay.loss).toBeCloseTo((without.loss ?? NaN) + 2 * (withReplay.ptxLoss ?? NaN), 5);
    expect(withReplay.ptxLoss).toBeGreaterThan(0);
    plain.dispose();
    mixed.dispose();
  });

  it('rlGradientNorm is the norm the update then reports, and changes nothing', () => {
    const p = tinyPolicy();
    const old = p.logProbs(q, completions);
    const batch = q.map((x, i) => ({ prompt: x, completion: completions[i], advantage: i === 0 ? 1 : -1, oldLogProbs: old[i] }));
    const norm = p.rlGradientNorm(batch, noKl);
    expect(p.logProbs(q, completions)).toEqual(old);
    expect(p.step).toBe(0);
    expect(norm).toBeGreaterThan(0);
    expect(p.rlStep(batch, noKl, ADAM).gradNorm).toBeCloseTo(norm, 6);
    p.dispose();
  });

  it('refuses an empty replay batch', () => {
    const p = tinyPolicy();
    expect(() => rlStep(p, 1, { examples: [], mask: 'prompt', coef: 1 })).toThrow(/at least one example/);
    p.dispose();
  });
});
