import * as tf from '@tensorflow/tfjs';
import type { Prompt, Rollout, SampleBatch, SamplingOptions } from '../../core/contracts/policy';
import type { Rng } from '../../core/rng';
import type { LayerCache } from './attention';
import { checkLength, promptBatch, queryMask, visualBatch, type PromptBatch } from './layout';
import { decodeStep, disposeNativeDecode, hostEmbeddings, nativeDecode } from './decode-step';
import { ropeTables, swapIndices, swapRopeTables } from './rope';
import { decoder, embedTokens, embedVisual, head, positionEmbedding } from './model';
import type { ModelConfig, Weights } from './params';
import { sampleToken } from './sampling';

export interface DecodeSetup {
  weights: Weights;
  config: ModelConfig;
  padId: number;
  eosId: number;
  /** Reuse keys/values across steps (true) or recompute the whole prefix for every token. */
  kvCache: boolean;
}

/**
 * Sample `counts[p]` completions (default `o.n`) for every prompt p in one batched decode
 * (docs/design.md §3): rows are prompt-major (prompt p's rows follow prompt p−1's), prompts are
 * left-padded so all rows append at the same column, finished rows (eos sampled) are fed pad and
 * ignored. With the KV cache the prompt is encoded once per prompt and its cache tiled to its
 * rows. Uniforms come from `rng` in row order, one per active row per step, so the same seed
 * gives the same tokens.
 */
export function decode(s: DecodeSetup, prompts: readonly Prompt[], o: SamplingOptions, rng: Rng, counts?: readonly number[]): Rollout[] {
  const c = s.config;
  const rowPrompt = prompts.flatMap((_, p) => Array.from({ length: counts?.[p] ?? o.n }, () => p));
  const B = rowPrompt.length;
  if (B === 0 || o.maxNewTokens <= 0) return prompts.map((_, p) => emptyRollout(counts?.[p] ?? o.n));
  const pb = promptBatch(
    prompts.map((p) => p.tokens),
    s.padId,
    c,
  );
  checkLength(c.visualTokens + pb.width + o.maxNewTokens, c);
  const tokens: number[][] = Array.from({ length: B }, () => []);
  const logProbs: number[][] = Array.from({ length: B }, () => []);
  const done = new Uint8Array(B);
  const V = c.vocabSize;
  const next = s.kvCache ? cachedStepper(s, prompts, pb, rowPrompt) : recomputeStepper(s, prompts, pb, rowPrompt);
  try {
    for (let step = 0; step < o.maxNewTokens; step++) {
      const logits = next(step === 0 ? null : tokens.map((t) => (t.length === step ? t[step - 1] : s.padId)));
      for (let b = 0; b < B; b++) {
        if (done[b]) continue;
        const { token, logProb } = sampleToken(logits, b * V, V, o.temperature, o.topP, rng.next());
        tokens[b].push(token);
        logProbs[b].push(logProb);
        if (token === s.eosId) done[b] = 1;
      }
      if (done.every((x) => x === 1)) break;
    }
  } finally {
    next(undefined);
  }
  const rowsOf: number[][] = prompts.map(() => []);
  rowPrompt.forEach((p, b) => rowsOf[p].push(b));
  return rowsOf.map((rows) => {
    return { tokenIds: rows.map((b) => tokens[b]), logProbs: rows.map((b) => logProbs[b]), lengths: rows.map((b) => tokens[b].length) };
  });
}

/**
 * Several prompt batches in one batched decode when their options agree but for `n` (a step's
 * ordered and contrast rollouts): the rows of batch 0, then batch 1, …, so a step's uniforms are
 * drawn across all of them; otherwise one decode per batch, in order.
 */
export function decodeBatches(s: DecodeSetup, batches: readonly SampleBatch[], rng: Rng): Rollout[][] {
  const o = batches[0]?.options;
  const shared = batches.every((x) => x.options.temperature === o.temperature && x.options.topP === o.topP && x.options.maxNewTokens === o.maxNewTokens);
  if (!shared) return batches.map((x) => decode(s, x.prompts, x.options, rng));
  const out = decode(
    s,
    batches.flatMap((x) => x.prompts),
    o,
    rng,
    batches.flatMap((x) => x.prompts.map(() => x.options.n)),
  );
  let start = 0;
  return batches.map((x) => out.slice(start, (start += x.prompts.length)));
}

/**
 * A stepper returns the next-token logits `[B·V]` given the tokens just sampled (null: first
 * call, the prompt only); `undefined` releases its tensors.
 */
type Stepper = (fed: number[] | null | undefined) => Float32Array;

/** `rowPrompt[b]`: the prompt row b continues. */
function cachedStepper(s: DecodeSetup, prompts: readonly Prompt[], pb: PromptBatch, rowPrompt: readonly number[]): Stepper {
  const c = s.config;
  const P = prompts.length;
  const B = rowPrompt.length;
  const Lp = c.visualTokens + pb.width;
  let caches: LayerCache[] = [];
  let valid = new Uint8Array(0);
  let step = 0;
  // embeddings are added on the host (decode-step.ts); the native backend takes the fused kernels
  const host = { tok: s.weights.tok_emb.dataSync() as Float32Array, pos: s.weights.pos_emb ? (s.weights.pos_emb.dataSync() as Float32Array) : null };
  const native = nativeDecode(s.weights, c);
  const swap = c.rope ? swapIndices(c.dModel / c.heads) : undefined;
  return (fed) => {
    if (fed === undefined) {
      caches.forEach((k) => tf.dispose([k.k, k.v]));
      caches = [];
      swap?.dispose();
      disposeNativeDecode(native);
      return new Float32Array(0);
    }
    if (fed === null) {
      // prefill: encode each prompt once, then tile its cache to its rows
      const vb = visualBatch(
        prompts,
        prompts.map((_, i) => i),
        c,
      );
      const out = tf.tidy(() => {
        const x = tf.add(
          tf.concat(
            [
              embedVisual(s.weights, c, tf.tensor3d(vb.patches, [P, c.visualTokens, c.patchDim]), tf.tensor1d(vb.modality, 'int32')),
              embedTokens(s.weights.tok_emb, tf.tensor2d(pb.ids, [P, pb.width], 'int32'), 'gather'),
            ],
            1,
          ),
          positionEmbedding(s.weights, Lp, tf.tensor2d(pb.positions, [P, Lp], 'int32')),
        );
        const mask = tf.tensor4d(queryMask(pb.valid, P, Lp, Lp), [P, 1, Lp, Lp]);
        const rope = c.rope ? ropeTables(pb.positions, P, Lp, c.dModel / c.heads) : undefined;
        const { hidden, caches: cs } = decoder(s.weights, c, x as tf.Tensor3D, mask, undefined, rope);
        const last = tf.reshape(tf.slice(tf.reshape(hidden, [P, Lp, c.dModel]), [0, Lp - 1, 0], [P, 1, c.dModel]), [P, c.dModel]);
        const logits = head(s.weights, last as tf.Tensor2D);
        if (rowPrompt.every((p, row) => p === row)) return { logits, caches: cs }; // one row per prompt: nothing to tile
        const rows = tf.tensor1d(rowPrompt as number[], 'int32');
        return { logits: tf.gather(logits, rows), caches: cs.map((k) => ({ k: tf.gather(k.k, rows) as tf.Tensor4D, v: tf.gather(k.v, rows) as tf.Tensor4D })) };
      });
      caches = out.caches;
      valid = new Uint8Array(B * Lp);
      for (let b = 0; b < B; b++) valid.set(pb.valid.subarray(rowPrompt[b] * Lp, (rowPrompt[b] + 1) * Lp), b * Lp);
      return readAndDispose(out.logits);
    }
    // one new token per row: keys = cache + itself
    step++;
    const Lk = Lp + step;
    const grown = new Uint8Array(B * Lk);
    for (let b = 0; b < B; b++) {
      grown.set(valid.subarray(b * (Lk - 1), (b + 1) * (Lk - 1)), b * Lk);
      grown[b * Lk + Lk - 1] = 1;
    }
    valid = grown;
    const positions = Int32Array.from({ length: B }, (_, b) => c.visualTokens + pb.questionLen[rowPrompt[b]] + step - 1);
    const x = hostEmbeddings(host.tok, host.pos, c.dModel, fed, positions);
    const out = tf.tidy(() =>
      decodeStep(
        s.weights,
        c,
        tf.tensor2d(x, [B, c.dModel]),
        tf.tensor4d(queryMask(valid, B, Lk, 1), [B, 1, 1, Lk]),
        caches,
        native,
        swap ? swapRopeTables(positions, B, c.dModel / c.heads, swap) : undefined,
      ),
    );
    caches.forEach((k) => tf.dispose([k.k, k.v]));
    caches = out.caches;
    return readAndDispose(out.logits);
  };
}

/** No cache: every step re-encodes `[visual][prompt][sampled so far]` for all B rows (the baseline of `kv_speedup`). */
function recomputeStepper(s: DecodeSetup, prompts: readonly Prompt[], pb: PromptBatch, rowPrompt: readonly number[]): Stepper {
  const c = s.config;
  const B = rowPrompt.length;
  const vb = visualBatch(prompts, rowPrompt, c);
  const Lp = c.visualTokens + pb.width;
  const history: number[][] = Array.from({ length: B }, () => []);
  return (fed) => {
    if (fed === undefined) return new Float32Array(0);
    if (fed) fed.forEach((t, b) => history[b].push(t));
    const g = history[0].length;
    const W = pb.width + g;
    const L = Lp + g;
    const ids = new Int32Array(B * W);
    const positions = new Int32Array(B * L);
    const valid = new Uint8Array(B * L);
    for (let b = 0; b < B; b++) {
      const p = rowPrompt[b];
      ids.set(pb.ids.subarray(p * pb.width, (p + 1) * pb.width), b * W);
      ids.set(history[b], b * W + pb.width);
      positions.set(pb.positions.subarray(p * Lp, (p + 1) * Lp), b * L);
      valid.set(pb.valid.subarray(p * Lp, (p + 1) * Lp), b * L);
      for (let j = 0; j < g; j++) {
        positions[b * L + Lp + j] = c.visualTokens + pb.questionLen[p] + j;
        valid[b * L + Lp + j] = 1;
      }
    }
    const logits = tf.tidy(() => {
      const x = tf.add(
        tf.concat(
          [
            embedVisual(s.weights, c, tf.tensor3d(vb.patches, [B, c.visualTokens, c.patchDim]), tf.tensor1d(vb.modality, 'int32')),
            embedTokens(s.weights.tok_emb, tf.tensor2d(ids, [B, W], 'int32'), 'gather'),
          ],
          1,
        ),
        positionEmbedding(s.weights, L, tf.tensor2d(positions, [B, L], 'int32')),
      );
      const mask = tf.tensor4d(queryMask(valid, B, L, L), [B, 1, L, L]);
      const { hidden } = decoder(s.weights, c, x as tf.Tensor3D, mask, undefined, c.rope ? ropeTables(positions, B, L, c.dModel / c.heads) : undefined);
      const last = tf.reshape(tf.slice(tf.reshape(hidden, [B, L, c.dModel]), [0, L - 1, 0], [B, 1, c.dModel]), [B, c.dModel]);
      return head(s.weights, last as tf.Tensor2D);
    });
    return readAndDispose(logits);
  };
}

function readAndDispose(t: tf.Tensor): Float32Array {
  const data = t.dataSync() as Float32Array;
  t.dispose();
  return data;
}

function emptyRollout(n: number): Rollout {
  return { tokenIds: Array.from({ length: n }, () => []), logProbs: Array.from({ length: n }, () => []), lengths: Array.from({ length: n }, () => 0) };
}
