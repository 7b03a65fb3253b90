import * as path from 'node:path';
import { cli, REPO } from '../support/cli';

const broken = (f: string) => path.join(REPO, 'test', 'fixtures', 'broken', f);

/** Each deliberately broken experiment: the file, then what the one error line must say. */
const table: { file: string; args?: string[]; says: RegExp[] }[] = [
  { file: 'wrong-type.yaml', says: [/rl\.steps/, /expected number/, /found "ten"/] },
  { file: 'unknown-key.yaml', says: [/rl/, /Unrecognized key: "stpes"/] },
  { file: 'unknown-plugin.yaml', says: [/unknown advantage plugin 't-grop'/, /expected one of dr-grpo, ema-grpo, grpo, rloo, t-grpo/] },
  { file: 'missing-extends.yaml', says: [/missing-extends\.yaml: extends/, /expected an existing YAML file/, /does-not-exist\.yaml/] },
  { file: 'yaml-syntax.yaml', says: [/yaml-syntax\.yaml: line \d+, column \d+: YAML syntax error/] },
  { file: 'bad-plugin-option.yaml', says: [/advantage\.options\.alpha/, /expected number/, /found "high"/] },
  { file: 'unknown-plugin-option.yaml', says: [/advantage\.options/, /Unrecognized key: "alpah"/] },
  { file: 'cycle-a.yaml', says: [/extends cycle/, /cycle-a\.yaml -> .*cycle-b\.yaml -> .*cycle-a\.yaml/] },
  { file: 'not-a-mapping.yaml', says: [/must be a YAML mapping/, /found an array of 2/] },
  { file: 'group-too-small.yaml', says: [/rl\.group_size/, />=2/, /found number 1/] },
  { file: 'reward-order.yaml', says: [/rewards\[0\]/, /reward 'length' needs reward 'accuracy' before it/] },
  { file: 'no-rewards.yaml', says: [/rewards/, /found an array of 0/] },
  { file: 'missing-user-plugin.yaml', says: [/plugins\[0\]/, /cannot load plugin module .*no-such-plugin\.ts/] },
  { file: 'wrong-type.yaml', args: ['--set', 'rl.steps'], says: [/--set rl\.steps/, /expected key\.path=value/] },
  // a bad plugin name or option that came from the command line is blamed on that --set, not on the file
  { file: 'valid-base.yaml', args: ['--set', 'advantage.options.alpha=oops'], says: [/^videor1: --set advantage\.options\.alpha=oops: /, /expected number/] },
  { file: 'valid-base.yaml', args: ['--set', 'advantage.options.alhpa=1'], says: [/^videor1: --set advantage\.options\.alhpa=1: /, /did you mean "alpha"/] },
  { file: 'valid-base.yaml', args: ['--set', 'advantage=nosuch'], says: [/^videor1: --set advantage=nosuch: /, /unknown advantage plugin 'nosuch'/] },
  {
    file: 'valid-base.yaml',
    args: ['--set', 'rewards=[accuracy, nosuch]'],
    says: [/^videor1: --set rewards=\[accuracy, nosuch\]: /, /unknown reward plugin 'nosuch'/],
  },
  {
    file: 'valid-base.yaml',
    args: ['--set', 'data.source.options.teacher_confusion.words=[left, rigth]'],
    says: [/teacher_confusion\.words\[1\]/, /expected a word of the synthetic world/, /found "rigth"/],
  },
  {
    file: 'valid-base.yaml',
    args: ['--set', 'data.source.options.teacher_confusion.words=[up, up]'],
    says: [/teacher_confusion\.words/, /expected two different words/],
  },
  // and one written by the YAML file is blamed on the file
  { file: 'bad-plugin-option.yaml', says: [/^videor1: .*bad-plugin-option\.yaml: /] },
];

describe('videor1 config on broken experiment files', () => {
  it.each(table)('$file $args: one clear error, exit code 2, no stack trace', async ({ file, args, says }) => {
    const r = await cli(['config', broken(file), ...(args ?? [])]);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    const lines = r.stderr.trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^videor1: /);
    for (const re of says) expect(lines[0]).toMatch(re);
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });
});
