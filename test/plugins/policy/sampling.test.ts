import { logSumExp, sampleToken } from '../../../plugins/policy/sampling';
import { learningRate } from '../../../plugins/policy/schedules';

const logits = Float32Array.from([Math.log(0.5), Math.log(0.3), Math.log(0.15), Math.log(0.05)]);

describe('sampleToken', () => {
  it('is greedy at temperature 0 and reports the temperature-1 log-prob', () => {
    const r = sampleToken(logits, 0, 4, 0, 1, 0.99);
    expect(r.token).toBe(0);
    expect(r.logProb).toBeCloseTo(Math.log(0.5), 6);
  });

  it.each([
    // why: inverse CDF over p = [.5, .3, .15, .05]
    { u: 0.49, topP: 1, token: 0 },
    { u: 0.51, topP: 1, token: 1 },
    { u: 0.81, topP: 1, token: 2 },
    { u: 0.96, topP: 1, token: 3 },
    // why: top-p 0.7 keeps {0, 1} (mass 0.8), renormalised to [.625, .375]
    { u: 0.6, topP: 0.7, token: 0 },
    { u: 0.63, topP: 0.7, token: 1 },
    { u: 0.999, topP: 0.7, token: 1 },
    // why: top-p 0.5 keeps only token 0 (mass reaches 0.5)
    { u: 0.9, topP: 0.5, token: 0 },
  ])('u=$u top-p=$topP → token $token', ({ u, topP, token }) => {
    const r = sampleToken(logits, 0, 4, 1, topP, u);
    expect(r.token).toBe(token);
    expect(r.logProb).toBeCloseTo(Math.log([0.5, 0.3, 0.15, 0.05][token]), 5);
  });

  it('draws the same token with nucleus pre-filtering as a full sort would (property over random rows, ties included)', () => {
    let seed = 1;
    const rand = () => (seed = (seed * 16807) % 2147483647) / 2147483647;
    for (let trial = 0; trial < 300; trial++) {
      // up to 400 tokens (the merge sort's runs and passes); every third row in whole numbers (ties by index)
      const V = 2 + Math.floor(rand() * (trial % 2 ? 60 : 400));
      const row = Float32Array.from({ length: V }, () => (trial % 3 === 0 ? Math.round((rand() - 0.5) * 4) : (rand() - 0.5) * 8));
      const topP = rand();
      const u = rand();
      const probs = Array.from(row, (x) => Math.exp(x - logSumExp(row, 0, V)));
      const order = probs.map((_, i) => i).sort((a, b) => probs[b] - probs[a] || a - b);
      const kept: number[] = [];
      let mass = 0;
      for (const i of order) {
        if (kept.length && mass >= topP) break;
        kept.push(i);
        mass += probs[i];
      }
      let acc = 0;
      const target = u * kept.reduce((a, i) => a + probs[i], 0);
      const want = kept.find((i) => target < (acc += probs[i])) ?? kept[kept.length - 1];
      expect(sampleToken(row, 0, V, 1, topP, u).token).toBe(want);
    }
  });

  it('sharpens with low temperature but keeps log-probs at temperature 1', () => {
    const r = sampleToken(logits, 0, 4, 0.01, 1, 0.9);
    expect(r.token).toBe(0);
    expect(r.logProb).toBeCloseTo(Math.log(0.5), 5);
  });

  it('reads the row at an offset and is stable for large logits', () => {
    const row = Float32Array.from([0, 0, 1000, 999]);
    expect(logSumExp(row, 2, 2)).toBeCloseTo(1000 + Math.log(1 + Math.exp(-1)), 4);
    expect(sampleToken(row, 2, 2, 1, 1, 0.1).token).toBe(0);
  });
});

describe('learningRate', () => {
  const base = { lr: 1, warmupSteps: 0, totalSteps: 10 };
  it.each([
    { schedule: 'constant' as const, step: 7, lr: 1 },
    { schedule: 'cosine' as const, step: 0, lr: 1 },
    { schedule: 'cosine' as const, step: 5, lr: 0.5 },
    { schedule: 'cosine' as const, step: 10, lr: 0 },
    { schedule: 'linear-warmup' as const, step: 0, lr: 1 },
    { schedule: 'linear-warmup' as const, step: 4, lr: 0.6 },
    { schedule: 'linear-warmup' as const, step: 12, lr: 0 },
  ])('$schedule at step $step = $lr', ({ schedule, step, lr }) => {
    expect(learningRate({ ...base, schedule }, step)).toBeCloseTo(lr, 10);
  });

  it('ramps linearly during warmup, then decays over the remaining steps', () => {
    const o = { lr: 2, warmupSteps: 4, totalSteps: 14, schedule: 'cosine' as const };
    expect([0, 2, 4, 9, 14].map((s) => learningRate(o, s))).toEqual([0, 1, 2, expect.closeTo(1, 10), expect.closeTo(0, 10)]);
  });
});
