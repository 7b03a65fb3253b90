import { cli, spawnCli } from '../support/cli';

/** The CLI as a table of invocations → exit code and what the output must hold (docs/style.md §4). */
const table: { why: string; argv: string[]; code: number; stdout?: RegExp; stderr?: RegExp }[] = [
  {
    why: '--help lists every subcommand',
    argv: ['--help'],
    code: 0,
    stdout:
      /^(?=[\s\S]*videor1 train)(?=[\s\S]*videor1 grid)(?=[\s\S]*videor1 compare)(?=[\s\S]*videor1 eval)(?=[\s\S]*videor1 score)(?=[\s\S]*videor1 bench)(?=[\s\S]*videor1 plugins)(?=[\s\S]*videor1 config)(?=[\s\S]*videor1 data)(?=[\s\S]*videor1 sync)/,
  },
  { why: 'no command is a usage error', argv: [], code: 2, stderr: /name a command/ },
  { why: 'an unknown command is a usage error', argv: ['trian'], code: 2, stderr: /Unknown argument: trian|Did you mean train/ },
  { why: 'an unknown option is a usage error', argv: ['plugins', '--jsno'], code: 2, stderr: /Unknown argument/ },
  { why: 'a missing experiment file exits 2', argv: ['train', 'nope.yaml'], code: 2, stderr: /nope\.yaml: experiment file not found/ },
  { why: 'a missing groups file exits 2', argv: ['score', 'nope.jsonl'], code: 2, stderr: /groups file not found/ },
  { why: 'a missing grid file exits 2', argv: ['grid', 'nope.yaml'], code: 2, stderr: /grid file not found/ },
  { why: 'a bad backend choice exits 2', argv: ['train', 'x.yaml', '--backend', 'tpu'], code: 2, stderr: /Invalid values/ },
];

describe('videor1 CLI', () => {
  it.each(table)('$why', async ({ argv, code, stdout, stderr }) => {
    const r = await cli(argv);
    expect(r.code).toBe(code);
    if (stdout) expect(r.stdout).toMatch(stdout);
    if (stderr) expect(r.stderr).toMatch(stderr);
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });

  it('plugins --json lists every plugin the design names, with parsed defaults and metrics', async () => {
    const r = await cli(['plugins', '--json']);
    expect(r.code).toBe(0);
    const plugins: { kind: string; name: string; description: string; options: Record<string, unknown>; metrics: string[] }[] = JSON.parse(r.stdout);
    const names = plugins.map((p) => `${p.kind}/${p.name}`).sort();
    expect(names).toEqual([
      'advantage/dr-grpo',
      'advantage/ema-grpo',
      'advantage/grpo',
      'advantage/rloo',
      'advantage/t-grpo',
      'backend/auto',
      'backend/cpu',
      'backend/tensorflow',
      'backend/wasm',
      'data/synthetic',
      'data/video-r1-json',
      'executor/local',
      'executor/slurm',
      'mixer/image-video',
      'mixer/video-only',
      'policy/tiny-vlm',
      'reward/accuracy',
      'reward/eval-bench',
      'reward/format',
      'reward/length',
      'reward/rationale',
      'reward/temporal-logp',
      'tokenizer/bytes',
      'tokenizer/words',
      'tracker/local',
      'tracker/mlflow',
    ]);
    for (const p of plugins) expect(p.description.length).toBeGreaterThan(10);
    expect(plugins.find((p) => p.name === 't-grpo')).toMatchObject({
      options: { alpha: 0.3, mu: 1, contrast_size: 4, threshold: 0.1 },
      metrics: expect.arrayContaining(['temporal/p', 'temporal/p_contrast', 'temporal/granted']),
    });
    expect(plugins.find((p) => p.name === 'length')?.options).toEqual({ omega: 0.2, l_min: 320, l_max: 512, min_correct: 2, threshold: 0.1 });
  });

  it('the installed executable prints bad input as one line with exit code 2 and no stack trace', () => {
    const r = spawnCli(['config', 'missing.yaml']);
    expect(r.code).toBe(2);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toMatch(/^videor1: .*missing\.yaml: experiment file not found/);
  });
});
