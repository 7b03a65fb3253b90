import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import * as tf from '@tensorflow/tfjs';
import type { RngState } from '../../core/rng';
import { UserError } from '../../core/errors';

/**
 * Checkpoint folder (docs/design.md §3: weights, optimizer state, RNG state, step):
 *   state.json      format, step, RNG state, options, deps and the tensor manifest
 *   weights.bin     trainable parameters, float32 little-endian, manifest order
 *   reference.bin   the frozen reference (k3 KL needs it to continue identically)
 *   optimizer.bin   AdamW first and second moments (absent before the first step)
 * Values are stored bit-exactly, so continuing after `load` gives the numbers of never stopping.
 */
export const FORMAT = 'videor1/tiny-vlm@1';

export interface TensorEntry {
  name: string;
  shape: number[];
}

export interface CheckpointState {
  format: typeof FORMAT;
  step: number;
  /** Updates since the optimizer state was created (AdamW bias correction); absent in old files = step. */
  optimizerStep?: number;
  rng: RngState;
  options: unknown;
  deps: unknown;
  weights: TensorEntry[];
  reference: TensorEntry[];
  moments: TensorEntry[];
}

export interface CheckpointTensors {
  weights: Map<string, tf.Tensor>;
  reference: Map<string, tf.Tensor>;
  /** Keys `m/<name>` and `v/<name>`. */
  moments: Map<string, tf.Tensor>;
}

export async function writeCheckpoint(
  dir: string,
  meta: Omit<CheckpointState, 'format' | 'weights' | 'reference' | 'moments'>,
  t: CheckpointTensors,
): Promise<void> {
  await fs.mkdir(dir, { recursive: true });
  const state: CheckpointState = { format: FORMAT, ...meta, weights: manifest(t.weights), reference: manifest(t.reference), moments: manifest(t.moments) };
  await Promise.all([
    fs.writeFile(path.join(dir, 'weights.bin'), await pack(t.weights)),
    fs.writeFile(path.join(dir, 'reference.bin'), await pack(t.reference)),
    fs.writeFile(path.join(dir, 'optimizer.bin'), await pack(t.moments)),
  ]);
  // state.json last: a folder with it is complete
  await fs.writeFile(path.join(dir, 'state.json'), `${JSON.stringify(state, null, 2)}\n`);
}

/** Read a checkpoint; the caller owns (and disposes) the returned tensors. */
export async function readCheckpoint(dir: string): Promise<{ state: CheckpointState; tensors: CheckpointTensors }> {
  const file = path.join(dir, 'state.json');
  let state: CheckpointState;
  try {
    state = JSON.parse(await fs.readFile(file, 'utf8')) as CheckpointState;
  } catch (e) {
    throw new UserError('cannot read policy checkpoint', { file, expected: 'a state.json written by tiny-vlm save()', found: (e as Error).message });
  }
  if (state.format !== FORMAT) throw new UserError('not a tiny-vlm checkpoint', { file, where: 'format', expected: FORMAT, found: String(state.format) });
  const [weights, reference, moments] = await Promise.all([
    unpack(path.join(dir, 'weights.bin'), state.weights),
    unpack(path.join(dir, 'reference.bin'), state.reference),
    unpack(path.join(dir, 'optimizer.bin'), state.moments),
  ]);
  return { state, tensors: { weights, reference, moments } };
}

function manifest(m: Map<string, tf.Tensor>): TensorEntry[] {
  return [...m].map(([name, t]) => ({ name, shape: t.shape }));
}

async function pack(m: Map<string, tf.Tensor>): Promise<Buffer> {
  const parts = await Promise.all([...m.values()].map(async (t) => Buffer.from(((await t.data()) as Float32Array).slice().buffer)));
  return Buffer.concat(parts);
}

async function unpack(file: string, entries: TensorEntry[]): Promise<Map<string, tf.Tensor>> {
  const buf = await fs.readFile(file);
  const need = entries.reduce((a, e) => a + 4 * size(e.shape), 0);
  if (buf.length !== need) throw new UserError('checkpoint tensor file has the wrong size', { file, expected: `${need} bytes`, found: `${buf.length} bytes` });
  const out = new Map<string, tf.Tensor>();
  let offset = 0;
  for (const e of entries) {
    const n = size(e.shape);
    const data = new Float32Array(buf.buffer.slice(buf.byteOffset + offset, buf.byteOffset + offset + 4 * n));
    out.set(e.name, tf.tensor(data, e.shape, 'float32'));
    offset += 4 * n;
  }
  return out;
}

function size(shape: number[]): number {
  return shape.reduce((a, b) => a * b, 1);
}
