import * as tf from '@tensorflow/tfjs';
import { Rng } from '../../../core/rng';
import { decodeBatches } from '../../../plugins/policy/decode';
import { prompt, tinyPolicy, useBackend } from './helpers';

/** `sampleBatches`: an RL step's ordered and contrast rollouts in one batched decode. */
describe('tiny-vlm sampleBatches', () => {
  beforeAll(useBackend);

  const ordered = [prompt([5, 6, 7]), prompt([8], [0.9], 'image'), prompt([9, 10, 11, 12, 13])];
  const contrast = [prompt([5, 6, 7], [0.1, 0.9, 0.5, 0.3]), prompt([9, 10, 11, 12, 13], [0.7, 0.2, 0.4, 0.6])];
  const opts = { n: 3, temperature: 1, topP: 0.95, maxNewTokens: 10 };

  it('one batch is `sample` with the same seed', () => {
    const p = tinyPolicy({}, { eosId: 3 });
    expect(p.sampleBatches([{ prompts: ordered, options: opts }], new Rng(4))).toEqual([p.sample(ordered, opts, new Rng(4))]);
    p.dispose();
  });

  it('two batches that differ only in n: one decode with n rows per prompt of each, seeded, equal to recomputing, no tensor left', () => {
    const p = tinyPolicy({ positions: 'rope' }, { eosId: 3 });
    const batches = [
      { prompts: ordered, options: opts },
      { prompts: contrast, options: { ...opts, n: 2 } },
    ];
    const before = tf.memory().numTensors;
    const [a, b] = p.sampleBatches(batches, new Rng(6));
    expect(tf.memory().numTensors).toBe(before);
    expect(a.map((r) => r.tokenIds.length)).toEqual([3, 3, 3]);
    expect(b.map((r) => r.tokenIds.length)).toEqual([2, 2]);
    [...a, ...b].forEach((r) => r.tokenIds.forEach((ids, j) => expect(r.lengths[j]).toBe(ids.length)));
    expect(p.sampleBatches(batches, new Rng(6))).toEqual([a, b]);
    const setup = { weights: p.variables, config: p.config, padId: 0, eosId: 3, kvCache: false };
    const recomputed = decodeBatches(setup, batches, new Rng(6));
    expect(recomputed.map((x) => x.map((r) => r.tokenIds))).toEqual([a, b].map((x) => x.map((r) => r.tokenIds)));
    p.dispose();
  });

  it('batches with other sampling options are decoded one after the other from the same stream', () => {
    const p = tinyPolicy({}, { eosId: 3 });
    const other = { ...opts, n: 2, maxNewTokens: 6 };
    const got = p.sampleBatches(
      [
        { prompts: ordered, options: opts },
        { prompts: contrast, options: other },
      ],
      new Rng(8),
    );
    const rng = new Rng(8);
    expect(got).toEqual([p.sample(ordered, opts, rng), p.sample(contrast, other, rng)]);
    p.dispose();
  });
});
