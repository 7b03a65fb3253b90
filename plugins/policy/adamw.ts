import * as tf from '@tensorflow/tfjs';
import type { OptimizerOptions } from '../../core/contracts/policy';

/**
 * AdamW (Loshchilov & Hutter 2019) with global gradient-norm clipping, written over tf variables
 * because `tf.train.adam` has no decoupled decay. Follows torch.optim.AdamW, which the released
 * code uses through the HF Trainer (docs/released-code.md §3: β = (0.9, 0.999), eps 1e-8, wd 0.01, clip 5):
 *   g ← g · min(1, maxNorm / (‖g‖ + 1e-6))                (torch clip_grad_norm_)
 *   m ← β1 m + (1 − β1) g;   v ← β2 v + (1 − β2) g²
 *   θ ← θ (1 − lr·wd)                                    (decoupled decay; not biases / LayerNorm)
 *   θ ← θ − lr/(1 − β1ᵗ) · m / (√v / √(1 − β2ᵗ) + eps)
 */
export class AdamW {
  /** First and second moments by parameter name, created on the first update. */
  readonly m = new Map<string, tf.Variable>();
  readonly v = new Map<string, tf.Variable>();

  constructor(private readonly decay: ReadonlySet<string>) {}

  /**
   * Apply one update. `t` is the 1-based step for bias correction. Returns the pre-clip global
   * gradient norm as a scalar tensor (the caller reads it together with the loss: one sync).
   */
  /** The global L2 norm of the gradients (before clipping). */
  gradNorm(grads: Record<string, tf.Tensor>): tf.Scalar {
    return tf.tidy(() => tf.sqrt(tf.addN(Object.keys(grads).map((k) => tf.sum(tf.square(grads[k]))))) as tf.Scalar);
  }

  /** One AdamW step with the gradients clipped to `o.maxGradNorm` by their global `norm`. */
  apply(vars: Record<string, tf.Variable>, grads: Record<string, tf.Tensor>, norm: tf.Scalar, o: OptimizerOptions, lr: number, t: number): void {
    tf.tidy(() => {
      const names = Object.keys(grads);
      const coef = o.maxGradNorm > 0 ? tf.minimum(tf.div(o.maxGradNorm, tf.add(norm, 1e-6)), 1) : tf.scalar(1);
      const bc1 = 1 - Math.pow(o.beta1, t);
      const bc2 = Math.sqrt(1 - Math.pow(o.beta2, t));
      for (const k of names) {
        const p = vars[k];
        const g = tf.mul(grads[k], coef);
        const m = this.slot(this.m, k, p);
        const v = this.slot(this.v, k, p);
        m.assign(tf.add(tf.mul(m, o.beta1), tf.mul(g, 1 - o.beta1)));
        v.assign(tf.add(tf.mul(v, o.beta2), tf.mul(tf.mul(g, g), 1 - o.beta2)));
        const decayed = this.decay.has(k) && o.weightDecay > 0 ? tf.mul(p, 1 - lr * o.weightDecay) : p;
        const denom = tf.add(tf.div(tf.sqrt(v), bc2), o.eps);
        p.assign(tf.sub(decayed, tf.mul(tf.div(m, denom), lr / bc1)));
      }
    });
  }

  private slot(map: Map<string, tf.Variable>, k: string, p: tf.Variable): tf.Variable {
    let s = map.get(k);
    if (!s) {
      s = tf.variable(tf.zerosLike(p), false);
      map.set(k, s);
    }
    return s;
  }

  /** Replace the moments (checkpoint load). */
  setState(m: Map<string, tf.Tensor>, v: Map<string, tf.Tensor>): void {
    this.dispose();
    for (const [k, t] of m) this.m.set(k, tf.variable(t, false));
    for (const [k, t] of v) this.v.set(k, tf.variable(t, false));
  }

  dispose(): void {
    for (const s of [...this.m.values(), ...this.v.values()]) s.dispose();
    this.m.clear();
    this.v.clear();
  }
}
