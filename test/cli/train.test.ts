import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { cli, REPO } from '../support/cli';

const smoke = path.join(REPO, 'experiments', 'smoke.yaml');

function workdir(): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), 'videor1-train-'));
}

function metricsOf(dir: string, runId: string): { key: string; step: number; value: unknown }[] {
  return fs
    .readFileSync(path.join(dir, 'runs', runId, 'metrics.jsonl'), 'utf8')
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l));
}

describe('videor1 train (smoke experiment, local tracker)', () => {
  it('runs SFT, T-GRPO and evaluation, tracks the run and writes a checkpoint', async () => {
    const dir = workdir();
    const r = await cli(['train', smoke, '--json', '--backend', 'wasm'], dir);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const result = JSON.parse(r.stdout);
    expect(fs.existsSync(path.join(result.checkpoint, 'tokenizer.json'))).toBe(true);
    const meta = JSON.parse(fs.readFileSync(path.join(dir, 'runs', result.runId, 'meta.json'), 'utf8'));
    expect(meta.status).toBe('FINISHED');
    const keys = new Set(metricsOf(dir, result.runId).map((m) => m.key));
    for (const k of [
      'sft/loss',
      'reward',
      'reward_std',
      'rewards/accuracy/mean',
      'rewards/format/mean',
      'frac_reward_zero_std',
      'kl',
      'policy_loss',
      'grad_norm',
      'lr',
      'completions/mean_length',
      'eval/temporal/acc',
      'eval/temporal/acc_shuffled',
      'eval/temporal/temporal_gap',
    ]) {
      expect(keys).toContain(k);
    }
    const params = JSON.parse(fs.readFileSync(path.join(dir, 'runs', result.runId, 'params.json'), 'utf8'));
    expect(params['advantage.name']).toBe('t-grpo');
    expect(params['rl.group_size']).toBe('4');
    expect(result.eval.map((e: { benchmark: string }) => e.benchmark).sort()).toEqual(['general', 'knowledge', 'long', 'reasoning', 'spatial', 'temporal']);
  });

  it('runs RL on its own schedule and optimizer after SFT: every RL step updates the policy', async () => {
    const dir = workdir();
    // more SFT steps than RL steps: a schedule counted from the first SFT step would end before RL.
    // The text-length fixture reward gives every group a reward spread, so every step has non-zero
    // advantages and a gradient (the smoke rewards are all 0 this early in training).
    const spread = [
      '--set',
      `plugins=[${path.join(REPO, 'test', 'fixtures', 'plugins', 'text-length.ts')}]`,
      '--set',
      'rewards=[accuracy, format, text-length]',
    ];
    // no warmup here: a transformers-style warmup starts at lr 0, so its first step would not move the policy
    const r = await cli(
      [
        'train',
        smoke,
        '--json',
        '--set',
        'sft.steps=6',
        '--set',
        'rl.steps=3',
        '--set',
        'rl.optimizer.warmup_steps=0',
        '--set',
        'eval.enabled=false',
        ...spread,
      ],
      dir,
    );
    expect(r.code).toBe(0);
    const metrics = metricsOf(dir, JSON.parse(r.stdout).runId);
    const rl = (key: string) => metrics.filter((m) => m.key === key).map((m) => m.value as number);
    expect(rl('lr')).toHaveLength(3);
    expect(rl('lr')[0]).toBeCloseTo(5e-4, 12); // cosine starts at the configured peak (video-r1.yaml rl.optimizer.lr)
    for (const lr of rl('lr')) expect(lr).toBeGreaterThan(0);
    expect(rl('reward_std')).toHaveLength(3);
    for (const std of rl('reward_std')) expect(std).toBeGreaterThan(0);
    for (const g of rl('grad_norm')) expect(g).toBeGreaterThan(0);
    // step 0 samples from the reference policy (KL 0); its update moves the policy, so later steps see KL > 0
    expect(rl('kl')[0]).toBe(0);
    for (const kl of rl('kl').slice(1)) expect(kl).toBeGreaterThan(0);
  });

  it('replays the cold-start data during RL with rl.ptx_coef: ptx_loss is logged and the RL prompts are drawn as without it', async () => {
    const run = async (sets: string[]) => {
      const dir = workdir();
      const r = await cli(['train', smoke, '--json', '--set', 'rl.steps=3', '--set', 'eval.enabled=false', ...sets.flatMap((x) => ['--set', x])], dir);
      expect(r.code).toBe(0);
      const metrics = metricsOf(dir, JSON.parse(r.stdout).runId);
      return (key: string) => metrics.filter((m) => m.key === key).map((m) => m.value as number);
    };
    const plain = await run([]);
    const ptx = await run(['rl.ptx_coef=0.5', 'rl.ptx_batch_size=3']);
    expect(plain('ptx_loss')).toEqual([]);
    expect(ptx('ptx_loss')).toHaveLength(3);
    for (const l of ptx('ptx_loss')) expect(l).toBeGreaterThan(0);
    // the replay draws from its own stream: the mixer's batches (here their video share) are the same
    expect(ptx('batch/video_frac')).toEqual(plain('batch/video_frac'));
    expect(ptx('kl').slice(1)).not.toEqual(plain('kl').slice(1)); // the replay moved the policy
  });

  it('measures the gradient noise scale with rl.noise_scale: per-step estimates and B_simple at the last step', async () => {
    const dir = workdir();
    const spread = [`plugins=[${path.join(REPO, 'test', 'fixtures', 'plugins', 'text-length.ts')}]`, 'rewards=[accuracy, format, text-length]'];
    const sets = ['rl.steps=3', 'rl.prompts_per_step=4', 'rl.noise_scale=true', 'eval.enabled=false', ...spread];
    const r = await cli(['train', smoke, '--json', ...sets.flatMap((x) => ['--set', x])], dir);
    expect(r.code).toBe(0);
    const metrics = metricsOf(dir, JSON.parse(r.stdout).runId);
    const of = (key: string) => metrics.filter((m) => m.key === key);
    expect(of('noise_scale/trace')).toHaveLength(3);
    for (const m of of('noise_scale/trace')) expect(Number.isFinite(m.value)).toBe(true);
    const traces = of('noise_scale/trace').map((m) => m.value as number);
    const gradSqs = of('noise_scale/grad_sq').map((m) => m.value as number);
    const b = of('noise_scale/b_simple');
    expect(b.map((m) => m.step)).toEqual([3]);
    expect(b[0].value).toBeCloseTo(traces.reduce((x, y) => x + y) / gradSqs.reduce((x, y) => x + y), 10);
  });

  it('rejects rl.ptx_coef without cold-start data (the sft split is loaded for the replay), with exit code 2', async () => {
    const r = await cli(
      ['train', smoke, '--json', '--set', 'sft.steps=0', '--set', 'data.source.options.sft_samples=0', '--set', 'rl.ptx_coef=1', '--set', 'eval.enabled=false'],
      workdir(),
    );
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/gave no samples for split 'sft'/);
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });

  it('builds the same vocabulary whichever stages run (the zero ablation keeps its tokenizer and init)', async () => {
    const vocab = async (sets: string[]) => {
      const dir = workdir();
      const r = await cli(['train', smoke, '--json', ...sets.flatMap((x) => ['--set', x])], dir);
      expect(r.code).toBe(0);
      return fs.readFileSync(path.join(JSON.parse(r.stdout).checkpoint, 'tokenizer.json'), 'utf8');
    };
    const full = await vocab(['rl.steps=1']);
    expect(await vocab(['rl.steps=1', 'sft.steps=0', 'eval.enabled=false'])).toBe(full);
  });

  it('gives identical metrics for the same seed on the same backend', async () => {
    const runs = [];
    for (let i = 0; i < 2; i++) {
      const dir = workdir();
      const r = await cli(['train', smoke, '--json', '--backend', 'wasm', '--set', 'eval.enabled=false'], dir);
      expect(r.code).toBe(0);
      runs.push(metricsOf(dir, JSON.parse(r.stdout).runId).map(({ key, step, value }) => ({ key, step, value })));
    }
    expect(runs[0].length).toBeGreaterThan(10);
    expect(runs[1]).toEqual(runs[0]);
  });

  it('resumes from a mid-run checkpoint and goes on exactly as if the run had never stopped', async () => {
    const budget = ['--set', 'rl.steps=4', '--set', 'rl.checkpoint_every=2', '--set', 'eval.enabled=false'];
    const dir = workdir();
    const whole = await cli(['train', smoke, '--json', ...budget], dir);
    expect(whole.code).toBe(0);
    const { runId, checkpoint } = JSON.parse(whole.stdout);
    const rlOf = (d: string, id: string) =>
      metricsOf(d, id)
        .filter((m) => m.step > 2 && !m.key.startsWith('sft/')) // RL metrics are logged at the count of steps done: 3, 4
        .map(({ key, step, value }) => ({ key, step, value }));

    const again = workdir();
    const resumed = await cli(['train', smoke, '--json', ...budget, '--resume', path.join(checkpoint, 'step-2')], again);
    expect(resumed.stderr).toBe('');
    expect(resumed.code).toBe(0);
    const resumedId = JSON.parse(resumed.stdout).runId;
    expect(metricsOf(again, resumedId).some((m) => m.key.startsWith('sft/') || m.step <= 2)).toBe(false); // SFT and the first two steps are not redone
    expect(rlOf(again, resumedId).length).toBeGreaterThan(10);
    expect(rlOf(again, resumedId)).toEqual(rlOf(dir, runId));
  });

  it('refuses to resume with a changed config, naming the keys', async () => {
    const dir = workdir();
    const t = await cli(['train', smoke, '--json', '--set', 'rl.steps=2', '--set', 'eval.enabled=false'], dir);
    const { checkpoint } = JSON.parse(t.stdout);
    const r = await cli(['train', smoke, '--set', 'rl.steps=3', '--set', 'rl.beta=0.1', '--resume', checkpoint], dir);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/cannot resume with a different config.*rl\.beta: 0\.04 -> 0\.1/);
  });

  it('evaluates a checkpoint with videor1 eval', async () => {
    const dir = workdir();
    const t = await cli(['train', smoke, '--json', '--set', 'rl.steps=0', '--set', 'eval.enabled=false'], dir);
    expect(t.code).toBe(0);
    const { checkpoint } = JSON.parse(t.stdout);
    const e = await cli(['eval', smoke, '--checkpoint', checkpoint, '--json'], dir);
    expect(e.code).toBe(0);
    const out = JSON.parse(e.stdout);
    expect(out.eval).toHaveLength(6);
    for (const b of out.eval) {
      expect(b.acc).toBeGreaterThanOrEqual(0);
      expect(b.acc).toBeLessThanOrEqual(1);
      expect(b.temporal_gap).toBeCloseTo(b.acc - b.acc_shuffled, 12);
    }
  });

  it.each(['video-r1.yaml', 'video-r1-reference.yaml', 'grpo.yaml'])('trains %s end to end on a tiny budget', async (file) => {
    const dir = workdir();
    const tiny = [
      'sft.steps=1',
      'rl.steps=1',
      'rl.max_new_tokens=8',
      'eval.limit=1',
      'eval.max_new_tokens=8',
      'data.source.options.rl_samples=16',
      'data.source.options.sft_samples=16',
      'data.source.options.eval_samples=1',
    ];
    const r = await cli(['train', path.join(REPO, 'experiments', file), '--json', ...tiny.flatMap((t) => ['--set', t])], dir);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const keys = new Set(metricsOf(dir, JSON.parse(r.stdout).runId).map((m) => m.key));
    expect(keys).toContain('reward');
    expect(keys).toContain('eval/mean/acc');
  });

  it('rejects a checkpoint folder that is not one, with exit code 2', async () => {
    const dir = workdir();
    const e = await cli(['eval', smoke, '--checkpoint', dir], dir);
    expect(e.code).toBe(2);
    expect(e.stderr).toMatch(/not a videor1 checkpoint folder/);
  });
});
