import * as tf from '@tensorflow/tfjs';
import { Rng } from '../../core/rng';
import { selectBackend } from '../../plugins/backend/select';
import { BENCH_ADAM, referencePolicy, referenceSftBatch } from './fixtures';

/**
 * Kernel-time profile of one reference-shape training step (docs/tfjs.md §3 method):
 * `npx tsx bench/policy/profile-step.ts [backend]`. Prints the top kernels by total ms.
 */
export async function profileStep(backend: 'auto' | 'wasm' | 'cpu' | 'tensorflow' = 'auto'): Promise<Array<[string, number]>> {
  await selectBackend(backend);
  const policy = referencePolicy({}, { eosId: -1 });
  try {
    const batch = referenceSftBatch(new Rng(1));
    policy.sftStep(batch, 'padding', BENCH_ADAM);
    const info = await tf.profile(() => void policy.sftStep(batch, 'padding', BENCH_ADAM));
    const byKernel = new Map<string, number>();
    for (const k of info.kernels) byKernel.set(k.name, (byKernel.get(k.name) ?? 0) + Number(k.kernelTimeMs));
    return [...byKernel].sort((a, b) => b[1] - a[1]);
  } finally {
    policy.dispose();
  }
}

if (require.main === module) {
  profileStep((process.argv[2] as 'wasm') ?? 'auto').then((rows) => {
    const total = rows.reduce((a, r) => a + r[1], 0);
    console.log(`total kernel ms ${total.toFixed(1)}`);
    for (const [name, ms] of rows.slice(0, 15)) console.log(`${name.padEnd(24)} ${ms.toFixed(1)}`);
  });
}
