import { Rng } from '../../../core/rng';
import type { SftExample } from '../../../core/contracts/policy';
import { ADAM, RELEASED, prompt, tinyPolicy, useBackend } from './helpers';

/** Counting task: the answer token is 10 + the number of bright frames (a visual task), then eos. */
function countingExample(rng: Rng): SftExample {
  const levels = [0, 1, 2, 3].map(() => (rng.next() < 0.5 ? 0.05 : 0.95));
  const bright = levels.filter((x) => x > 0.5).length;
  return { prompt: prompt([5, 6], levels), target: [10 + bright] };
}

describe('tiny-vlm learns', () => {
  beforeAll(useBackend);

  it('SFT on a copy task drives the loss close to zero and greedy decoding reproduces it', () => {
    const p = tinyPolicy();
    const batch: SftExample[] = [[4, 7, 9], [12, 5], [8, 8, 13, 6], [15]].map((q) => ({ prompt: prompt(q), target: q }));
    let loss = Infinity;
    for (let i = 0; i < 80 && loss > 0.02; i++) loss = p.sftStep(batch, 'prompt', { ...ADAM, lr: 1e-2 }).loss;
    expect(loss).toBeLessThan(0.02);
    const out = p.sample(
      batch.map((e) => e.prompt),
      { n: 1, temperature: 0, topP: 1, maxNewTokens: 6 },
      new Rng(0),
    );
    expect(out.map((r) => r.tokenIds[0])).toEqual(batch.map((e) => [...e.target, 1]));
    p.dispose();
  });

  it('SFT on a visual counting task (count bright frames) drives the loss close to zero', () => {
    const p = tinyPolicy();
    const rng = new Rng(1);
    const all = Array.from({ length: 64 }, () => countingExample(rng));
    let loss = Infinity;
    for (let i = 0; i < 300 && loss > 0.05; i++) loss = p.sftStep(all.slice((i % 4) * 16, (i % 4) * 16 + 16), 'prompt', { ...ADAM, lr: 1e-2 }).loss;
    expect(loss).toBeLessThan(0.05);
    const test = Array.from({ length: 16 }, () => countingExample(rng));
    const out = p.sample(
      test.map((e) => e.prompt),
      { n: 1, temperature: 0, topP: 1, maxNewTokens: 2 },
      new Rng(0),
    );
    const correct = out.filter((r, i) => r.tokenIds[0][0] === test[i].target[0]).length;
    expect(correct).toBeGreaterThanOrEqual(14);
    p.dispose();
  });

  it('one RL step raises the log-prob of a positive-advantage completion and lowers a negative one', () => {
    const p = tinyPolicy();
    const q = prompt([5, 6, 7]);
    const good = [9, 10, 11, 1];
    const bad = [12, 13, 1];
    const [oldGood, oldBad] = p.logProbs([q, q], [good, bad]);
    const sum = (xs: number[]) => xs.reduce((a, b) => a + b, 0);
    const stats = p.rlStep(
      [
        { prompt: q, completion: good, advantage: 1, oldLogProbs: oldGood },
        { prompt: q, completion: bad, advantage: -1, oldLogProbs: oldBad },
      ],
      RELEASED,
      { ...ADAM, lr: 1e-3 },
    );
    const [newGood, newBad] = p.logProbs([q, q], [good, bad]);
    expect(sum(newGood)).toBeGreaterThan(sum(oldGood));
    expect(sum(newBad)).toBeLessThan(sum(oldBad));
    expect(stats.gradNorm).toBeGreaterThan(0);
    expect(p.step).toBe(1);
    p.dispose();
  });
});
