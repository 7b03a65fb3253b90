/**
 * Where a KV-cached decode spends its time: the whole decode, and tfjs's per-kernel totals from
 * tf.profile, at the bench's decode shape (48 rows, 64 new tokens, reference policy).
 * Run: `npx tsx bench/policy/profile-decode.ts [wasm|tensorflow|cpu] [rows] [tokens]`.
 */
import * as tf from '@tensorflow/tfjs';
import { Rng } from '../../core/rng';
import { selectBackend } from '../../plugins/backend/select';
import { medianMs, randomPrompts, referencePolicy } from './fixtures';

async function main(): Promise<void> {
  const [backend = 'wasm', rowsArg = '48', tokensArg = '64', positions = 'learned'] = process.argv.slice(2);
  await selectBackend(backend as 'wasm');
  const rows = Number(rowsArg);
  const tokens = Number(tokensArg);
  const policy = referencePolicy({ positions: positions as 'learned' | 'rope' }, { eosId: -1 });
  const prompts = randomPrompts(rows, 32, new Rng(1));
  const o = { n: 1, temperature: 1, topP: 0.95, maxNewTokens: tokens };
  const ms = medianMs(() => void policy.sample(prompts, o, new Rng(2)), 3, 1);
  console.log(`${backend}: ${rows}x${tokens} tokens in ${ms.toFixed(0)} ms = ${((rows * tokens) / (ms / 1000)).toFixed(0)} tokens/s`);
  const info = await tf.profile(() => void policy.sample(prompts, o, new Rng(2)));
  const byKernel = new Map<string, { n: number; ms: number }>();
  for (const k of info.kernels) {
    const e = byKernel.get(k.name) ?? { n: 0, ms: 0 };
    e.n++;
    e.ms += typeof k.kernelTimeMs === 'number' ? k.kernelTimeMs : 0;
    byKernel.set(k.name, e);
  }
  const sorted = [...byKernel.entries()].sort((a, b) => b[1].ms - a[1].ms);
  console.log(`kernels: ${info.kernels.length} calls`);
  for (const [name, e] of sorted.slice(0, 25)) console.log(`${name.padEnd(22)} ${String(e.n).padStart(6)} calls ${e.ms.toFixed(1).padStart(8)} ms`);
  policy.dispose();
}

void main();
