import * as tf from '@tensorflow/tfjs';
import { Rng } from '../../core/rng';

/** Model hyper-parameters after option parsing and derivation (see tiny-vlm.ts for the docs). */
export interface ModelConfig {
  vocabSize: number;
  dModel: number;
  heads: number;
  layers: number;
  ffnMult: number;
  maxSeq: number;
  /** Frames per clip T and the patch grid: `patchesPerFrame` visual tokens per frame. */
  frames: number;
  height: number;
  width: number;
  channels: number;
  /** 0 = one embedding per frame (the whole frame is one patch). */
  patchSize: number;
  patchesPerFrame: number;
  /** Values per patch: patchSize² · C, or H · W · C for one patch per frame. */
  patchDim: number;
  /** Visual tokens per prompt: T · patchesPerFrame. */
  visualTokens: number;
  initStd: number;
  lnEps: number;
  /** Rotary positions in attention (rope.ts) instead of a learned position embedding. */
  rope: boolean;
}

/** Parameter tensors by name; the same code runs on trainable variables and the frozen reference. */
export type Weights = Record<string, tf.Tensor>;

interface ParamSpec {
  name: string;
  shape: number[];
  /** 'normal' with a std, 'ones' or 'zeros'. */
  init: { kind: 'normal'; std: number } | { kind: 'ones' } | { kind: 'zeros' };
  /** Decoupled weight decay applies (HF Trainer: not to biases and LayerNorm weights). */
  decay: boolean;
}

/** Every parameter, in a fixed order (init order, checkpoint order). */
export function paramSpecs(c: ModelConfig): ParamSpec[] {
  const d = c.dModel;
  const f = d * c.ffnMult;
  const std = c.initStd;
  // GPT-2 init: N(0, 0.02), residual output projections scaled by 1/sqrt(2·layers)
  const resid = std / Math.sqrt(2 * c.layers);
  const normal = (s: number) => ({ kind: 'normal' as const, std: s });
  const ones = { kind: 'ones' as const };
  const zeros = { kind: 'zeros' as const };
  const specs: ParamSpec[] = [
    { name: 'tok_emb', shape: [c.vocabSize, d], init: normal(std), decay: true },
    ...(c.rope ? [] : [{ name: 'pos_emb', shape: [c.maxSeq, d], init: normal(std), decay: true }]),
    { name: 'frame_emb', shape: [c.frames, d], init: normal(std), decay: true },
    { name: 'modality_emb', shape: [2, d], init: normal(std), decay: true },
    { name: 'patch_w', shape: [c.patchDim, d], init: normal(1 / Math.sqrt(c.patchDim)), decay: true },
    { name: 'patch_b', shape: [d], init: zeros, decay: false },
  ];
  for (let l = 0; l < c.layers; l++) {
    specs.push(
      { name: `l${l}.ln1_g`, shape: [d], init: ones, decay: false },
      { name: `l${l}.ln1_b`, shape: [d], init: zeros, decay: false },
      { name: `l${l}.wqkv`, shape: [d, 3 * d], init: normal(std), decay: true },
      { name: `l${l}.bqkv`, shape: [3 * d], init: zeros, decay: false },
      { name: `l${l}.wo`, shape: [d, d], init: normal(resid), decay: true },
      { name: `l${l}.bo`, shape: [d], init: zeros, decay: false },
      { name: `l${l}.ln2_g`, shape: [d], init: ones, decay: false },
      { name: `l${l}.ln2_b`, shape: [d], init: zeros, decay: false },
      { name: `l${l}.w1`, shape: [d, f], init: normal(std), decay: true },
      { name: `l${l}.b1`, shape: [f], init: zeros, decay: false },
      { name: `l${l}.w2`, shape: [f, d], init: normal(resid), decay: true },
      { name: `l${l}.b2`, shape: [d], init: zeros, decay: false },
    );
  }
  specs.push(
    { name: 'lnf_g', shape: [d], init: ones, decay: false },
    { name: 'lnf_b', shape: [d], init: zeros, decay: false },
    { name: 'head_w', shape: [d, c.vocabSize], init: normal(std), decay: true },
    { name: 'head_b', shape: [c.vocabSize], init: zeros, decay: false },
  );
  return specs;
}

/**
 * Seeded initial values, drawn in JS from `Rng(seed)` so that every backend starts from the same
 * numbers (docs/design.md §6).
 */
export function initialValues(c: ModelConfig, seed: number): Map<string, Float32Array> {
  const rng = new Rng(seed).fork('tiny-vlm/init');
  const out = new Map<string, Float32Array>();
  for (const s of paramSpecs(c)) {
    const n = s.shape.reduce((a, b) => a * b, 1);
    const data = new Float32Array(n);
    if (s.init.kind === 'ones') data.fill(1);
    else if (s.init.kind === 'normal') for (let i = 0; i < n; i++) data[i] = rng.normal() * s.init.std;
    out.set(s.name, data);
  }
  return out;
}

/** Trainable variables from initial values. Variables get engine-unique names (two policies may coexist). */
export function makeVariables(c: ModelConfig, values: Map<string, Float32Array>): Record<string, tf.Variable> {
  const vars: Record<string, tf.Variable> = {};
  for (const s of paramSpecs(c)) {
    const t = tf.tensor(values.get(s.name) as Float32Array, s.shape, 'float32');
    vars[s.name] = tf.variable(t, true);
    t.dispose();
  }
  return vars;
}

/** A frozen copy (plain tensors, kept out of every tidy scope). */
export function cloneWeights(w: Weights): Weights {
  const out: Weights = {};
  for (const [k, v] of Object.entries(w)) out[k] = tf.keep(v.clone());
  return out;
}

export function disposeWeights(w: Weights): void {
  for (const v of Object.values(w)) v.dispose();
}

export function countParameters(c: ModelConfig): number {
  return paramSpecs(c).reduce((a, s) => a + s.shape.reduce((x, y) => x * y, 1), 0);
}
