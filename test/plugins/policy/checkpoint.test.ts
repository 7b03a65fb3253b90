import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { Rng } from '../../../core/rng';
import type { StepStats } from '../../../core/contracts/policy';
import type { TinyVlm } from '../../../plugins/policy/tiny-vlm';
import { ADAM, RELEASED, prompt, tinyPolicy, useBackend } from './helpers';

const prompts = [prompt([5, 6, 7]), prompt([8], [0.7], 'image')];
const opt = { ...ADAM, weightDecay: 0.01, schedule: 'cosine' as const, totalSteps: 12 };

/** One RL iteration as the stage runs it: sample with the run's rng, score, update. */
function rlIteration(p: TinyVlm, rng: Rng): { stats: StepStats; tokens: number[][] } {
  const rollouts = p.sample(prompts, { n: 2, temperature: 1, topP: 0.95, maxNewTokens: 6 }, rng);
  const batch = rollouts.flatMap((r, i) =>
    r.tokenIds.map((c, j) => ({ prompt: prompts[i], completion: c, advantage: j === 0 ? 1 : -1, oldLogProbs: r.logProbs[j] })),
  );
  return { stats: p.rlStep(batch, RELEASED, opt), tokens: rollouts.flatMap((r) => r.tokenIds) };
}

function sftIteration(p: TinyVlm): StepStats {
  return p.sftStep(
    prompts.map((x) => ({ prompt: x, target: [9, 10] })),
    'padding',
    opt,
  );
}

describe('tiny-vlm checkpoints', () => {
  beforeAll(useBackend);
  let dir: string;
  beforeEach(async () => {
    dir = await fs.mkdtemp(path.join(os.tmpdir(), 'videor1-policy-'));
  });
  afterEach(async () => {
    await fs.rm(dir, { recursive: true, force: true });
  });

  it('continuing after load gives exactly the numbers of never stopping', async () => {
    // run A: 2 SFT + 1 RL step, save, 3 more RL steps
    const a = tinyPolicy();
    const rngA = new Rng(99);
    sftIteration(a);
    sftIteration(a);
    a.snapshotReference();
    rlIteration(a, rngA);
    await a.save(dir, rngA);
    const tail = [rlIteration(a, rngA), rlIteration(a, rngA), rlIteration(a, rngA)];
    // run B: a differently seeded policy and rng, restored from the checkpoint
    const b = tinyPolicy({}, { seed: 1234 });
    const rngB = new Rng(5);
    await b.load(dir, rngB);
    expect(b.step).toBe(3);
    const resumed = [rlIteration(b, rngB), rlIteration(b, rngB), rlIteration(b, rngB)];
    expect(resumed).toEqual(tail);
    expect(b.step).toBe(6);
    for (const [k, v] of Object.entries(a.variables)) expect(Array.from(b.variables[k].dataSync())).toEqual(Array.from(v.dataSync()));
    expect(b.logProbs(prompts, [[4, 5], [6]], true)).toEqual(a.logProbs(prompts, [[4, 5], [6]], true));
    a.dispose();
    b.dispose();
  });

  it('writes weights, reference, optimizer moments and a state file with step, RNG and options', async () => {
    const a = tinyPolicy();
    sftIteration(a);
    const rng = new Rng(3);
    await a.save(dir, rng);
    expect((await fs.readdir(dir)).sort()).toEqual(['optimizer.bin', 'reference.bin', 'state.json', 'weights.bin']);
    const state = JSON.parse(await fs.readFile(path.join(dir, 'state.json'), 'utf8'));
    expect(state).toMatchObject({ format: 'videor1/tiny-vlm@1', step: 1, rng: rng.state(), options: { d_model: 32 } });
    expect((await fs.stat(path.join(dir, 'optimizer.bin'))).size).toBe(2 * (await fs.stat(path.join(dir, 'weights.bin'))).size);
    a.dispose();
  });

  it('loads into a fresh policy without leaking tensors, and rejects a mismatched one', async () => {
    const a = tinyPolicy();
    sftIteration(a);
    await a.save(dir, new Rng(1));
    const b = tinyPolicy();
    const before = tf.memory().numTensors;
    await b.load(dir, new Rng(2));
    // + the AdamW moments (2 per variable), nothing else
    expect(tf.memory().numTensors).toBe(before + 2 * Object.keys(b.variables).length);
    await b.load(dir, new Rng(2));
    expect(tf.memory().numTensors).toBe(before + 2 * Object.keys(b.variables).length);
    const wide = tinyPolicy({ d_model: 16 });
    await expect(wide.load(dir, new Rng(1))).rejects.toThrow(/does not fit this policy/);
    await expect(wide.load(path.join(dir, 'nope'), new Rng(1))).rejects.toThrow(/cannot read policy checkpoint/);
    [a, b, wide].forEach((p) => p.dispose());
  });
});

describe('tiny-vlm tensor hygiene', () => {
  beforeAll(useBackend);

  it.each([
    { why: 'SFT', run: (p: TinyVlm) => sftIteration(p) },
    { why: 'RL (sample, score, update with KL)', run: (p: TinyVlm, rng: Rng) => rlIteration(p, rng) },
  ])('keeps the tensor count equal after step 2 and step 20: $why', ({ run }) => {
    const p = tinyPolicy();
    const rng = new Rng(4);
    const counts: number[] = [];
    for (let i = 1; i <= 20; i++) {
      run(p, rng);
      counts.push(tf.memory().numTensors);
    }
    expect(counts[19]).toBe(counts[1]);
    p.dispose();
  });
});
