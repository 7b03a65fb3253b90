/**
 * `videor1 train` refuses a config whose plugins need reward components nobody computes, before
 * any stage runs: t-grpo reads its `accuracy_key` (paper Eq. 1-2), the length reward reads
 * accuracy. Exit 2, one line naming the key and the file, and no run started.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { cli, REPO } from '../support/cli';

const base = path.join(REPO, 'test', 'fixtures', 'broken', 'valid-base.yaml');

const table: { why: string; sets: string[]; says: RegExp[] }[] = [
  {
    why: "t-grpo's accuracy_key names a reward that is not configured",
    sets: ['advantage.options.accuracy_key=acc2'],
    says: [/advantage 't-grpo' reads the reward component 'acc2', which no reward produces/, /valid-base\.yaml/, /rewards/],
  },
  {
    why: 't-grpo (accuracy_key: accuracy) without the accuracy reward',
    sets: ['rewards=[format]'],
    says: [/reads the reward component 'accuracy'/, /valid-base\.yaml/, /found format/],
  },
  {
    why: 'the length reward without accuracy listed before it',
    sets: ['rewards=[format, length]', 'advantage=grpo'],
    says: [/reward 'length' needs reward 'accuracy' before it/, /rewards\[1\]/],
  },
];

describe('videor1 train: the config check on reward components', () => {
  it.each(table)('refuses before any stage runs when $why', async ({ sets, says }) => {
    const out = fs.mkdtempSync(path.join(os.tmpdir(), 'videor1-needs-'));
    const r = await cli(['train', base, '--json', '--backend', 'cpu', '--set', `output=${out}`, ...sets.flatMap((s) => ['--set', s])]);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    const lines = r.stderr.trim().split('\n');
    expect(lines).toHaveLength(1);
    for (const re of says) expect(lines[0]).toMatch(re);
    expect(fs.readdirSync(out)).toEqual([]); // no run, no checkpoint: nothing started
  });

  it('accepts t-grpo with a renamed accuracy component when a reward of that name exists', async () => {
    const r = await cli(['config', base, '--set', 'advantage.options.accuracy_key=format']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
  });
});
