import * as tf from '@tensorflow/tfjs';

/** Options of matmulGflops. */
export interface MatmulGflopsOptions {
  /** Timed runs; the median is reported (default 5). */
  runs?: number;
  /** Untimed runs first (default 2: kernel setup, XNNPACK weight packing, heap growth). */
  warmup?: number;
  /** Time `aᵀ·b` and/or `a·bᵀ` instead of `a·b` (the gradient products). */
  transposeA?: boolean;
  transposeB?: boolean;
  /** Batch of independent products, `[batch, n, n]` on both sides (default: none, 2-D). */
  batch?: number;
}

/**
 * float32 matmul throughput of the active tfjs backend in GFLOP/s: 2·n³ (times `batch`) flops per
 * product of two `n×n` matrices, median of `runs` after `warmup`, each forced by `dataSync()`.
 * Inputs are fixed uniform values in [-1, 1); every tensor is disposed.
 */
export function matmulGflops(size = 1024, options: MatmulGflopsOptions = {}): number {
  const { runs = 5, warmup = 2, transposeA = false, transposeB = false, batch } = options;
  const shape = batch === undefined ? [size, size] : [batch, size, size];
  const [a, b] = tf.tidy(() => [tf.randomUniform(shape, -1, 1, 'float32', 1), tf.randomUniform(shape, -1, 1, 'float32', 2)]);
  try {
    const once = (): number => {
      const t0 = performance.now();
      const c = tf.matMul(a, b, transposeA, transposeB);
      c.dataSync();
      const ms = performance.now() - t0;
      c.dispose();
      return ms;
    };
    for (let i = 0; i < warmup; i++) once();
    const times = Array.from({ length: Math.max(1, runs) }, once).sort((x, y) => x - y);
    const mid = times.length >> 1;
    const ms = times.length % 2 === 1 ? times[mid] : (times[mid - 1] + times[mid]) / 2;
    return (2 * size ** 3 * (batch ?? 1)) / (ms * 1e6);
  } finally {
    a.dispose();
    b.dispose();
  }
}
