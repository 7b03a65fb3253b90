import * as fs from 'node:fs';
import * as path from 'node:path';
import { initWasm } from '../../../plugins/backend/init';
import * as policy from '../../../plugins/policy/tiny-vlm';
import { decodeCases, rolloutDigest } from './fixtures/decode-cases';

/**
 * Decode speed-ups must not change what the policy samples on wasm: these rollouts (tokens and
 * the float32 bits of every log-prob) were recorded on wasm with videor1's kernels before the
 * decode step was restructured (fixtures/decode-record.ts), and must come out bit-identical.
 */
describe('decode on wasm is bit-identical to the recorded rollouts', () => {
  beforeAll(() => initWasm({ kernels: true }));
  const recorded = JSON.parse(fs.readFileSync(path.join(__dirname, 'fixtures', 'decode-wasm.json'), 'utf8')) as {
    name: string;
    rollouts: ReturnType<typeof rolloutDigest>;
  }[];

  test('every recorded case is still defined', () => {
    expect(decodeCases().map((c) => c.name)).toEqual(recorded.map((r) => r.name));
  });

  test.each(decodeCases().map((c) => [c.name, c] as const))('%s', (name, c) => {
    const want = recorded.find((r) => r.name === name)!;
    expect(rolloutDigest(c.run(policy))).toEqual(want.rollouts);
  });
});
