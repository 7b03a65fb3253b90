import * as tf from '@tensorflow/tfjs';
import { autoEmbedding } from '../../../plugins/policy/model';
import { ADAM, prompt, tinyPolicy, useBackend } from './helpers';

describe('token embedding choice', () => {
  // cpu has the gather gradient kernel (UnsortedSegmentSum), so both modes can train there
  beforeAll(() => useBackend('cpu'));

  it('picks oneHot·E on cpu, where the gather gradient is slower (docs/tfjs.md §2)', () => {
    expect(tf.getKernel('UnsortedSegmentSum', 'cpu')).toBeDefined();
    expect(autoEmbedding()).toBe('one-hot');
  });

  it('trains to the same numbers with gather and with oneHot·E', () => {
    const batch = [
      { prompt: prompt([5, 6, 7]), target: [9, 10] },
      { prompt: prompt([8]), target: [11] },
    ];
    const [g, h] = [tinyPolicy({ embedding: 'gather' }), tinyPolicy({ embedding: 'one-hot' })];
    const sg = [g.sftStep(batch, 'padding', ADAM), g.sftStep(batch, 'padding', ADAM)];
    const sh = [h.sftStep(batch, 'padding', ADAM), h.sftStep(batch, 'padding', ADAM)];
    sg.forEach((s, i) => {
      expect(s.loss).toBeCloseTo(sh[i].loss, 5);
      expect(s.gradNorm).toBeCloseTo(sh[i].gradNorm, 4);
    });
    const a = g.variables.tok_emb.dataSync();
    const b = h.variables.tok_emb.dataSync();
    a.forEach((x, i) => expect(Math.abs(x - b[i])).toBeLessThan(1e-5));
    g.dispose();
    h.dispose();
  });
});
