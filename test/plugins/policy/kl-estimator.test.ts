import * as tf from '@tensorflow/tfjs';
import { klPerToken, type RlInputs } from '../../../plugins/policy/objectives';
import { ADAM, RELEASED, prompt, tinyPolicy, useBackend } from './helpers';

/** `rl.kl_estimator`: k3 on the sampled token against the exact KL(π_ref‖π) over the vocabulary (objectives.ts klPerToken). */
describe('KL estimators', () => {
  beforeAll(useBackend);

  /** One position: distributions over a 3-token vocabulary given as probabilities. */
  function inputs(ref: number[], cur: number[], token: number) {
    const lsRef = tf.tensor3d([[ref.map(Math.log)]]);
    const lsCur = tf.tensor3d([[cur.map(Math.log)]]);
    const inp = { refLogp: tf.tensor2d([[Math.log(ref[token])]]), refLogSoftmax: lsRef } as unknown as RlInputs;
    return { inp, lsCur, logp: tf.tensor2d([[Math.log(cur[token])]]) };
  }

  it.each<{ why: string; ref: number[]; cur: number[]; token: number; full: number; k3: number }>([
    // full: Σ ref·ln(ref/cur); k3: r − ln r − 1 with r = ref(token)/cur(token)
    { why: 'equal distributions', ref: [0.2, 0.3, 0.5], cur: [0.2, 0.3, 0.5], token: 1, full: 0, k3: 0 },
    {
      why: 'collapsed policy, the collapsed token sampled',
      ref: [0.5, 0.25, 0.25],
      cur: [0.9, 0.05, 0.05],
      token: 0,
      full: 0.5 * Math.log(0.5 / 0.9) + 0.5 * Math.log(0.25 / 0.05),
      k3: 0.5 / 0.9 - Math.log(0.5 / 0.9) - 1,
    },
    {
      why: 'the same policy, a rare token sampled',
      ref: [0.5, 0.25, 0.25],
      cur: [0.9, 0.05, 0.05],
      token: 2,
      full: 0.5 * Math.log(0.5 / 0.9) + 0.5 * Math.log(0.25 / 0.05),
      k3: 5 - Math.log(5) - 1,
    },
  ])('by hand: $why', ({ ref, cur, token, full, k3 }) => {
    const { inp, lsCur, logp } = inputs(ref, cur, token);
    expect(klPerToken(logp, inp, 'full', lsCur).arraySync()[0][0]).toBeCloseTo(full, 5);
    expect(klPerToken(logp, inp, 'k3').arraySync()[0][0]).toBeCloseTo(k3, 5);
  });

  it("full's gradient in the logits is π − π_ref: the expectation of k3's over the sampled token", () => {
    const ref = [0.5, 0.25, 0.25];
    const logits = tf.tensor1d([1.2, -0.4, 0.3]);
    const lsRef = tf.tensor3d([[ref.map(Math.log)]]);
    const fullGrad = tf
      .grad((z: tf.Tensor) =>
        tf.sum(klPerToken(tf.zeros([1, 1]), { refLogSoftmax: lsRef } as unknown as RlInputs, 'full', tf.reshape(tf.logSoftmax(z), [1, 1, 3]) as tf.Tensor3D)),
      )(logits)
      .arraySync() as number[];
    const pi = tf.softmax(logits).arraySync() as number[];
    // E_{a~π}[∇ k3(a)] by enumeration of the sampled token a, each gradient from the tape
    const expected = [0, 0, 0];
    for (let a = 0; a < 3; a++) {
      const g = tf
        .grad((z: tf.Tensor) => {
          const lp = tf.reshape(tf.slice(tf.logSoftmax(z), [a], [1]), [1, 1]) as tf.Tensor2D;
          return tf.sum(klPerToken(lp, { refLogp: tf.tensor2d([[Math.log(ref[a])]]) } as unknown as RlInputs, 'k3'));
        })(logits)
        .arraySync() as number[];
      g.forEach((x, v) => (expected[v] += pi[a] * x));
    }
    fullGrad.forEach((x, v) => {
      expect(x).toBeCloseTo(pi[v] - ref[v], 5);
      expect(x).toBeCloseTo(expected[v], 5);
    });
  });

  it('an RL step with kl_estimator full: KL 0 at the reference, β·(mean token KL) as the whole loss when A = 0', () => {
    const p = tinyPolicy();
    const q = [prompt([5, 6, 7]), prompt([8], [0.9], 'image')];
    const completions = [
      [11, 12, 13, 1],
      [14, 1],
    ];
    const full = { ...RELEASED, klEstimator: 'full' as const, lossAgg: 'token-mean' as const, beta: 0.5 };
    const step = (advantage: number) =>
      p.rlStep(
        q.map((x, i) => ({ prompt: x, completion: completions[i], advantage, oldLogProbs: p.logProbs(q, completions)[i] })),
        full,
        { ...ADAM, lr: 5e-2 },
      );
    const first = step(1);
    expect(first.kl).toBeCloseTo(0, 6); // the policy is still its reference
    const drifted = step(0);
    expect(drifted.kl).toBeGreaterThan(1e-4);
    expect(drifted.loss).toBeCloseTo(0.5 * (drifted.kl ?? NaN), 6);
    p.dispose();
  });
});
