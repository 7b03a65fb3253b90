import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { cli } from '../support/cli';

function tmpExperiments(files: Record<string, string>): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'videor1-config-'));
  for (const [name, text] of Object.entries(files)) fs.writeFileSync(path.join(dir, name), text);
  return dir;
}

describe('videor1 config', () => {
  it('deep-merges extends, applies --set last and fills plugin defaults', async () => {
    const dir = tmpExperiments({
      'base.yaml': 'seed: 3\nrl:\n  steps: 5\n  group_size: 6\nadvantage:\n  name: t-grpo\n  options:\n    mu: 0.8\n',
      'child.yaml': 'extends: ./base.yaml\nrl:\n  steps: 7\n',
    });
    const r = await cli(['config', path.join(dir, 'child.yaml'), '--set', 'advantage.options.alpha=0.5', '--json']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const cfg = JSON.parse(r.stdout);
    expect(cfg.name).toBe('child');
    expect(cfg.seed).toBe(3);
    expect(cfg.rl.steps).toBe(7);
    expect(cfg.rl.group_size).toBe(6);
    expect(cfg.advantage).toEqual({
      name: 't-grpo',
      options: {
        std: 'sample',
        eps: 1e-4,
        scale: 'group',
        alpha: 0.5,
        mu: 0.8,
        contrast_size: 4,
        threshold: 0.1,
        accuracy_key: 'accuracy',
        bonus_to: 'reward',
        transform: 'shuffle',
      },
    });
  });

  it('reads project defaults from a cosmiconfig file (.videor1rc)', async () => {
    const dir = tmpExperiments({ '.videor1rc.json': '{"output": "elsewhere", "backend": "cpu"}', 'e.yaml': 'seed: 1\n' });
    const r = await cli(['config', 'e.yaml', '--json'], dir);
    expect(r.code).toBe(0);
    const cfg = JSON.parse(r.stdout);
    expect(cfg.backend).toBe('cpu');
    expect(cfg.output).toBe(path.join(dir, 'elsewhere'));
  });

  it('names the project config file when it is invalid', async () => {
    const dir = tmpExperiments({ '.videor1rc.json': '{"backend": "tpu"}', 'e.yaml': 'seed: 1\n' });
    const r = await cli(['config', 'e.yaml'], dir);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/\.videor1rc\.json: invalid project config: backend/);
  });

  it('names the file that wrote a bad key, not only the experiment that extends it', async () => {
    const dir = tmpExperiments({ 'base.yaml': 'rl:\n  steps: ten\n', 'child.yaml': 'extends: ./base.yaml\nseed: 2\n' });
    const r = await cli(['config', path.join(dir, 'child.yaml')]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(`${path.join(dir, 'base.yaml')}: invalid experiment (merged into ${path.join(dir, 'child.yaml')}): rl.steps`);
  });

  it('names the --set override that wrote a bad value', async () => {
    const dir = tmpExperiments({ 'e.yaml': 'seed: 1\n' });
    const r = await cli(['config', path.join(dir, 'e.yaml'), '--set', 'rl.top_p=2']);
    expect(r.code).toBe(2);
    // the --set is the source, not the YAML file it was applied to
    expect(r.stderr).toMatch(/^videor1: --set rl\.top_p=2: invalid experiment \(applied to .*e\.yaml\): rl\.top_p: .*found number 2/);
  });

  it('lists the keys expected where an unknown one was found, with the closest one', async () => {
    const dir = tmpExperiments({ 'e.yaml': 'rl:\n  temprature: 0.7\nadvantage:\n  name: t-grpo\n  options: { aplha: 0.5 }\n' });
    const r = await cli(['config', path.join(dir, 'e.yaml')]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(
      /rl: Unrecognized key: "temprature" \(did you mean "temperature"\?\); expected one of steps, prompts_per_step, group_size, temperature/,
    );
    const o = await cli(['config', path.join(dir, 'e.yaml'), '--set', 'rl.temperature=0.7', '--set', 'rl.temprature=0.7']);
    expect(o.stderr).toMatch(/rl: Unrecognized key/);
    fs.writeFileSync(path.join(dir, 'f.yaml'), 'advantage:\n  name: t-grpo\n  options: { aplha: 0.5 }\n');
    const p = await cli(['config', path.join(dir, 'f.yaml')]);
    expect(p.stderr).toMatch(/advantage\.options: Unrecognized key: "aplha" \(did you mean "alpha"\?\); expected one of std, eps, scale, alpha, mu/);
  });

  it('prints a flat key = value table without --json', async () => {
    const dir = tmpExperiments({ 'e.yaml': 'seed: 9\n' });
    const r = await cli(['config', path.join(dir, 'e.yaml')]);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^seed\s+9$/m);
    expect(r.stdout).toMatch(/^rl\.group_size\s+8$/m);
  });
});
