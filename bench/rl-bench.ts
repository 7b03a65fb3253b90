import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { BackendName } from '../core/contracts/backend';
import { resolveConfig } from '../core/config/load';
import { resolvePlugins } from '../core/config/plugins';
import type { PluginRegistry } from '../core/registry/registry';
import { createRoot, withTrainJob } from '../core/root';

/** TRL's GRPO shape in the peer benchmark: prompts × completions × new tokens, d 128, 2 layers. */
export const RL_SHAPE = { prompts: 4, completions: 8, contrast: 4, tokens: 32, dModel: 128, heads: 4, layers: 2 };

/**
 * The RL stage itself, timed: `experiments/video-r1.yaml` (T-GRPO with 4 contrast rollouts per
 * video prompt, accuracy/format/length rewards, k3 KL to the reference policy, AdamW) at TRL's
 * shape, run through the composition root and the training job like `videor1 train`, with no
 * SFT and no evaluation. A one-step run warms the kernels up first; `rl_step_ms` is the second
 * run's RL seconds per step (its report's `seconds.rl`). `rl_completions_per_s` counts the
 * trained completions (4 × 8 per step), as TRL does; the contrast rollouts are extra work.
 */
export async function runRlBench(registry: PluginRegistry, backend: BackendName, steps: number): Promise<Record<string, number | string>> {
  const out = fs.mkdtempSync(path.join(os.tmpdir(), 'videor1-rl-bench-'));
  const experiment = path.join(__dirname, '..', 'experiments', 'video-r1.yaml');
  const s = RL_SHAPE;
  const sets = [
    `backend=${backend}`,
    `output=${out}`,
    'sft.steps=0',
    'eval.enabled=false',
    `rl.prompts_per_step=${s.prompts}`,
    `rl.group_size=${s.completions}`,
    `rl.max_new_tokens=${s.tokens}`,
    `advantage.options.contrast_size=${s.contrast}`,
    `policy.options.d_model=${s.dModel}`,
    `policy.options.heads=${s.heads}`,
    `policy.options.layers=${s.layers}`,
    'data.source.options.rl_samples=64',
    'data.source.options.sft_samples=0',
    'data.source.options.eval_samples=1',
  ];
  const quiet = { say: () => undefined, warn: () => undefined };
  try {
    const time = async (n: number): Promise<number> => {
      const cfg = await resolvePlugins(await resolveConfig(experiment, [...sets, `rl.steps=${n}`]), registry);
      return withTrainJob(createRoot(registry), cfg, quiet, async (job) => (await job.run()).seconds.rl);
    };
    await time(1);
    const seconds = await time(steps);
    const stepMs = (seconds * 1000) / steps;
    return {
      rl_shape: `${s.prompts}x(${s.completions}+${s.contrast}) x${s.tokens} tokens, d${s.dModel} L${s.layers}, t-grpo, beta 0.04`,
      rl_step_ms: Math.round(stepMs),
      rl_completions_per_s: Math.round(((s.prompts * s.completions) / (stepMs / 1000)) * 10) / 10,
    };
  } finally {
    fs.rmSync(out, { recursive: true, force: true });
  }
}
