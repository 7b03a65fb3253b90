import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { PNG } from 'pngjs';
import { cli, spawnCli } from '../support/cli';

/**
 * experiments/smoke-learn.yaml end to end with the real executable (the README's plugin example,
 * examples/rewards/brevity.ts, loaded by the TypeScript loader): the new reward scores non-zero,
 * and the run's artifacts hold a PNG chart and a Markdown report.
 */
describe('smoke-learn: a user reward plugin scoring non-zero in a short run', () => {
  const out = fs.mkdtempSync(path.join(os.tmpdir(), 'videor1-smoke-learn-'));
  let run = '';

  beforeAll(() => {
    const r = spawnCli(['train', 'experiments/smoke-learn.yaml', '--tracker', 'local', '--set', `output=${out}`, '--json'], { timeout: 500_000 }); // ~50 s alone; far more beside other jobs
    if (r.code !== 0) throw new Error(`train exited ${r.code}: ${r.stderr.slice(-2000)}`);
    run = JSON.parse(r.stdout).runId;
  }, 520_000);

  it('logs rewards/brevity/mean above 0 at some RL step', () => {
    const points = fs
      .readFileSync(path.join(out, run, 'metrics.jsonl'), 'utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as { key: string; value: number });
    const brevity = points.filter((p) => p.key === 'rewards/brevity/mean').map((p) => p.value);
    expect(brevity.length).toBeGreaterThan(0);
    expect(Math.max(...brevity)).toBeGreaterThan(0);
  });

  it('leaves curves.png (with the brevity panel) and report.md among the artifacts', () => {
    const dir = path.join(out, run, 'artifacts', 'report');
    expect(PNG.sync.read(fs.readFileSync(path.join(dir, 'curves.png'))).width).toBeGreaterThan(300);
    expect(fs.readFileSync(path.join(dir, 'curves.svg'), 'utf8')).toMatch(/brevity reward/);
    const md = fs.readFileSync(path.join(dir, 'report.md'), 'utf8');
    expect(md).toMatch(/^# smoke-learn: run /);
    expect(md).toMatch(/\| rewards \| accuracy \+ format \+ brevity \|/);
    expect(md).toMatch(/## Evaluation[\s\S]*\| knowledge \| 8 \|/);
  });
});

describe('--tracker on train and grid', () => {
  const table: { args: string[]; code: number; says?: RegExp }[] = [
    { args: ['train', 'experiments/smoke.yaml', '--tracker', 'wandb'], code: 2, says: /Invalid values:.*tracker.*"wandb".*Choices: "local", "mlflow"/ },
    { args: ['grid', 'ablations/smoke.yaml', '--tracker', 'wandb'], code: 2, says: /Invalid values:.*tracker.*"wandb"/ },
    { args: ['grid', 'ablations/smoke.yaml', '--tracker', 'mlflow', '--dry-run'], code: 0 },
  ];
  it.each(table)('$args → exit $code', async ({ args, code, says }) => {
    const r = await cli(args);
    expect(r.code).toBe(code);
    if (says) expect(r.stderr).toMatch(says);
  });
});
