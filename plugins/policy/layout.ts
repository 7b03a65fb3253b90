import type { Prompt } from '../../core/contracts/policy';
import type { Frames } from '../../core/contracts/sample';
import { UserError } from '../../core/errors';
import type { ModelConfig } from './params';

/**
 * Sequence layout. Every row is `[visual tokens][question][completion]`:
 * - visual: T · patchesPerFrame patch embeddings (frame-index and modality embeddings added);
 * - text ids follow, with learned position embeddings that count only real (non-pad) tokens,
 *   so right-padded training rows and left-padded sampling rows put every real token at the same
 *   position and give the same numbers.
 */

/** Additive attention-mask value for a masked key (before softmax). */
export const NEG_INF = -1e9;

/**
 * Patch values of one prompt, `[visualTokens, patchDim]` row-major. Clips whose shape differs
 * from the policy's are resampled by nearest neighbour (frames, rows, columns; channels repeat),
 * so an image (T = 1) becomes T copies of itself; the modality flag tells the model which it is.
 */
export function patchify(f: Frames, c: ModelConfig, out: Float32Array, offset: number): void {
  const { frames: T, height: H, width: W, channels: C } = c;
  const ps = c.patchSize || 0;
  const ph = ps || H;
  const pw = ps || W;
  const gridW = W / pw;
  if (f.data.length < f.t * f.h * f.w * f.c || f.t < 1 || f.h < 1 || f.w < 1 || f.c < 1) {
    throw new UserError('frames data is smaller than t x h x w x c', { expected: `${f.t * f.h * f.w * f.c} values`, found: `${f.data.length}` });
  }
  const same = f.t === T && f.h === H && f.w === W && f.c === C;
  let o = offset;
  for (let t = 0; t < T; t++) {
    const st = same ? t : Math.floor((t * f.t) / T);
    for (let p = 0; p < c.patchesPerFrame; p++) {
      const y0 = Math.floor(p / gridW) * ph;
      const x0 = (p % gridW) * pw;
      for (let dy = 0; dy < ph; dy++) {
        const sy = same ? y0 + dy : Math.floor(((y0 + dy) * f.h) / H);
        for (let dx = 0; dx < pw; dx++) {
          const sx = same ? x0 + dx : Math.floor(((x0 + dx) * f.w) / W);
          const base = ((st * f.h + sy) * f.w + sx) * f.c;
          for (let ch = 0; ch < C; ch++) out[o++] = f.data[base + (same ? ch : ch % f.c)];
        }
      }
    }
  }
}

/** Visual input of a batch: patches `[B, visualTokens, patchDim]` and modality ids `[B]` (image 0, video 1). */
export interface VisualBatch {
  patches: Float32Array;
  modality: Int32Array;
}

/** Visual input for `rows`, where row b shows prompt `promptOf[b]`. */
export function visualBatch(prompts: readonly Prompt[], promptOf: readonly number[], c: ModelConfig): VisualBatch {
  const per = c.visualTokens * c.patchDim;
  const patches = new Float32Array(promptOf.length * per);
  const modality = new Int32Array(promptOf.length);
  const done = new Map<number, number>();
  promptOf.forEach((p, b) => {
    const first = done.get(p);
    if (first === undefined) {
      patchify(prompts[p].frames, c, patches, b * per);
      done.set(p, b);
    } else patches.copyWithin(b * per, first * per, (first + 1) * per);
    modality[b] = prompts[p].modality === 'image' ? 0 : 1;
  });
  return { patches, modality };
}

/** Right-padded text rows `[question][completion][pad…]` for training and scoring. */
export interface TextBatch {
  ids: Int32Array;
  /** Text length Lt (columns). Full sequence length is visualTokens + Lt. */
  width: number;
  /** Per row: question length and completion length. */
  questionLen: number[];
  completionLen: number[];
}

export function textBatch(questions: readonly (readonly number[])[], completions: readonly (readonly number[])[], padId: number, c: ModelConfig): TextBatch {
  questions.forEach((q, b) => checkIds(q, c, `prompts[${b}].tokens`));
  completions.forEach((x, b) => checkIds(x, c, `completions[${b}]`));
  const lens = questions.map((q, b) => q.length + completions[b].length);
  const width = Math.max(1, ...lens);
  checkLength(c.visualTokens + width, c);
  const ids = new Int32Array(questions.length * width).fill(padId);
  questions.forEach((q, b) => {
    ids.set(q, b * width);
    ids.set(completions[b], b * width + q.length);
  });
  return { ids, width, questionLen: questions.map((q) => q.length), completionLen: completions.map((x) => x.length) };
}

/**
 * Left-padded prompt rows for sampling: `[visual][pad…][question]`, so that every row's next
 * token goes to the same column and one KV cache serves the batch. Positions count real tokens
 * only (pads get position 0 and are masked as keys).
 */
export interface PromptBatch {
  ids: Int32Array;
  /** Question columns Lq (= longest question). */
  width: number;
  questionLen: number[];
  /** Position ids `[B, visualTokens + Lq]`. */
  positions: Int32Array;
  /** Key validity `[B, visualTokens + Lq]` (1 real, 0 pad). */
  valid: Uint8Array;
}

export function promptBatch(questions: readonly (readonly number[])[], padId: number, c: ModelConfig): PromptBatch {
  questions.forEach((q, b) => checkIds(q, c, `prompts[${b}].tokens`));
  const width = Math.max(1, ...questions.map((q) => q.length));
  const V = c.visualTokens;
  const L = V + width;
  const B = questions.length;
  const ids = new Int32Array(B * width).fill(padId);
  const positions = new Int32Array(B * L);
  const valid = new Uint8Array(B * L);
  questions.forEach((q, b) => {
    const pad = width - q.length;
    ids.set(q, b * width + pad);
    for (let j = 0; j < V; j++) {
      positions[b * L + j] = j;
      valid[b * L + j] = 1;
    }
    for (let j = 0; j < q.length; j++) {
      positions[b * L + V + pad + j] = V + j;
      valid[b * L + V + pad + j] = 1;
    }
  });
  return { ids, width, questionLen: questions.map((q) => q.length), positions, valid };
}

/** Additive mask `[B, 1, S, Lk]` for S new queries at the end of Lk keys: causal plus invalid keys. */
export function queryMask(valid: Uint8Array, B: number, Lk: number, S: number): Float32Array {
  const m = new Float32Array(B * S * Lk);
  for (let b = 0; b < B; b++) {
    for (let i = 0; i < S; i++) {
      const row = (b * S + i) * Lk;
      const last = Lk - S + i;
      for (let j = 0; j < Lk; j++) if (j > last || !valid[b * Lk + j]) m[row + j] = NEG_INF;
    }
  }
  return m;
}

export function checkLength(L: number, c: ModelConfig): void {
  if (L > c.maxSeq) {
    throw new UserError('sequence longer than the policy allows', {
      where: 'policy.options.max_seq',
      expected: `visual tokens + question + completion <= ${c.maxSeq}`,
      found: `${L} (visual tokens ${c.visualTokens})`,
    });
  }
}

/** Token ids must index the embedding table (gather would fail, oneHot would silently give zeros). */
export function checkIds(ids: readonly number[], c: ModelConfig, where: string): void {
  for (const id of ids) {
    if (!Number.isInteger(id) || id < 0 || id >= c.vocabSize) {
      throw new UserError('token id outside the vocabulary', { where, expected: `integers in [0, ${c.vocabSize})`, found: String(id) });
    }
  }
}
