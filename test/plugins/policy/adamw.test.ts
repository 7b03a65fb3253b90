import * as tf from '@tensorflow/tfjs';
import type { OptimizerOptions } from '../../../core/contracts/policy';
import { AdamW } from '../../../plugins/policy/adamw';
import { ADAM, prompt, tinyPolicy, useBackend } from './helpers';

/** Plain-loop oracle of torch.optim.AdamW + clip_grad_norm_ (docs/released-code.md §3 Optimizer). */
function oracle(p: number[], gradsPerStep: number[][], o: OptimizerOptions, decay: boolean): { p: number[]; norms: number[] } {
  const m = p.map(() => 0);
  const v = p.map(() => 0);
  const norms: number[] = [];
  gradsPerStep.forEach((g0, i) => {
    const t = i + 1;
    const norm = Math.sqrt(g0.reduce((a, x) => a + x * x, 0));
    norms.push(norm);
    const coef = Math.min(1, o.maxGradNorm / (norm + 1e-6));
    p = p.map((x, j) => {
      const g = g0[j] * coef;
      m[j] = o.beta1 * m[j] + (1 - o.beta1) * g;
      v[j] = o.beta2 * v[j] + (1 - o.beta2) * g * g;
      const decayed = decay ? x * (1 - o.lr * o.weightDecay) : x;
      const denom = Math.sqrt(v[j]) / Math.sqrt(1 - o.beta2 ** t) + o.eps;
      return decayed - (o.lr / (1 - o.beta1 ** t)) * (m[j] / denom);
    });
  });
  return { p, norms };
}

describe('AdamW', () => {
  beforeAll(useBackend);

  const o: OptimizerOptions = {
    lr: 0.1,
    weightDecay: 0.1,
    beta1: 0.9,
    beta2: 0.999,
    eps: 1e-8,
    maxGradNorm: 0.5,
    schedule: 'constant',
    warmupSteps: 0,
    totalSteps: 10,
    startStep: 0,
  };
  const grads = [
    [0.5, -1, 0.01],
    [0.2, 0.3, -0.02],
    [-0.1, 0.05, 3],
  ];

  it.each([
    { why: 'decoupled decay on a weight', decay: true },
    { why: 'no decay on a bias / LayerNorm parameter', decay: false },
  ])('matches the torch formula over 3 steps with clipping ($why)', ({ decay }) => {
    const start = [1, -2, 0.3];
    const w = { w: tf.variable(tf.tensor1d(start)) };
    const opt = new AdamW(new Set(decay ? ['w'] : []));
    const norms: number[] = [];
    grads.forEach((g, i) => {
      const gt = tf.tensor1d(g);
      const n = opt.gradNorm({ w: gt });
      opt.apply(w, { w: gt }, n, o, o.lr, i + 1);
      norms.push(n.dataSync()[0]);
      tf.dispose([gt, n]);
    });
    const want = oracle(start, grads, o, decay);
    Array.from(w.w.dataSync()).forEach((x, j) => expect(x).toBeCloseTo(want.p[j], 5));
    norms.forEach((x, j) => expect(x).toBeCloseTo(want.norms[j], 5));
    opt.dispose();
    w.w.dispose();
  });

  it('creates its moments once and frees them on dispose', () => {
    const w = { a: tf.variable(tf.zeros([3])), b: tf.variable(tf.zeros([2, 2])) };
    const opt = new AdamW(new Set(['a']));
    const before = tf.memory().numTensors;
    const step = (t: number) => {
      const g = { a: tf.ones([3]), b: tf.ones([2, 2]) };
      const n = opt.gradNorm(g);
      opt.apply(w, g, n, o, 0.1, t);
      tf.dispose([n, g.a, g.b]);
    };
    step(1);
    expect(tf.memory().numTensors).toBe(before + 4);
    step(2);
    step(3);
    expect(tf.memory().numTensors).toBe(before + 4);
    opt.dispose();
    expect(tf.memory().numTensors).toBe(before);
    tf.dispose([w.a, w.b]);
  });
});

describe('optimizer stages', () => {
  it('each stage runs its own schedule from startStep, and resetOptimizer starts fresh moments', () => {
    const p = tinyPolicy();
    const prompts = [prompt([2, 3])];
    const cosine = { ...ADAM, schedule: 'cosine' as const, totalSteps: 2, startStep: 0 };
    const first = [0, 1, 2, 3].map(() => p.sftStep([{ prompt: prompts[0], target: [4, 5] }], 'prompt', cosine).lr);
    expect(first[0]).toBeCloseTo(ADAM.lr, 12);
    expect(first[2]).toBe(0); // past its 2 steps, the first stage's schedule is over
    p.resetOptimizer();
    const next = p.sftStep([{ prompt: prompts[0], target: [4, 5] }], 'prompt', { ...cosine, startStep: p.step });
    expect(next.lr).toBeCloseTo(ADAM.lr, 12); // a new stage starts at its peak again
    expect(p.step).toBe(5);
    p.dispose();
  });
});
