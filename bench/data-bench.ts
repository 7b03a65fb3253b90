/**
 * Data generation speed of the synthetic task source: samples per second for 16-frame videos at
 * the default training frame size (TRAIN_FRAME_SPEC, 16 x 32 x 32 x 3), video families only, after
 * a warm-up. Target: >= 2000 samples/s. Run: `npx tsx bench/data-bench.ts`.
 */
import { SyntheticOptions, SyntheticSource } from '../plugins/data/synthetic';
import { VIDEO_FAMILIES } from '../plugins/data/synthetic/types';
import { TRAIN_FRAME_SPEC } from '../plugins/data/synthetic/world';

const videoOnly = Object.fromEntries(['general', 'chart', 'ocr', 'math', 'knowledge', 'spatial'].map((f) => [f, 0]));

/** Median rate of `rounds` timed loads of `samples` RL samples each (seed changes per round). */
export async function runDataBench(samples = 2000, rounds = 5): Promise<{ data_gen_samples_per_s: number }> {
  const load = async (seed: number, n: number): Promise<number> => {
    const source = new SyntheticSource(SyntheticOptions.parse({ seed, rl_samples: n, family_weights: videoOnly }));
    const t0 = performance.now();
    const { samples: out } = await source.load('rl', { ...TRAIN_FRAME_SPEC });
    const seconds = (performance.now() - t0) / 1000;
    if (out.length !== n || out.some((s) => s.frames.t !== TRAIN_FRAME_SPEC.frames || !VIDEO_FAMILIES.includes(s.category as never))) {
      throw new Error('data bench: unexpected samples');
    }
    return n / seconds;
  };
  await load(1_000, Math.min(samples, 500)); // warm-up (JIT)
  const rates: number[] = [];
  for (let r = 0; r < rounds; r++) rates.push(await load(r, samples));
  rates.sort((a, b) => a - b);
  return { data_gen_samples_per_s: Math.round(rates[Math.floor(rounds / 2)]) };
}

if (require.main === module) {
  runDataBench().then((r) => console.log(JSON.stringify(r)));
}
