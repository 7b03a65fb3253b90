import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { cli, REPO, spawnCli } from '../support/cli';

/** A scratch project: .videor1rc.json naming one plugin file, an experiment naming another. */
function project(files: Record<string, string>): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'videor1-plugins-'));
  for (const [name, text] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
    fs.writeFileSync(path.join(dir, name), text);
  }
  return dir;
}

const PUBLIC = path.join(REPO, 'core', 'public');
const reward = (name: string, body = 'group.completions.map(() => 1)', from = PUBLIC) => `import { defineReward, z } from '${from}';
export default defineReward({
  name: '${name}',
  description: 'Score every completion ${name}',
  range: [0, 1],
  options: z.object({ k: z.number().default(3) }),
  score: (group) => ${body},
});
`;

const files = {
  '.videor1rc.json': JSON.stringify({ plugins: ['./shared/team.ts'] }),
  'shared/team.ts': reward('team'),
  'exp/mine.ts': reward('mine'),
  'exp/exp.yaml': 'plugins: [./mine.ts]\nrewards: [accuracy, team, mine]\n',
  'exp/dup.yaml': 'plugins: [./mine.ts, ./again.ts]\n',
  'exp/again.ts': reward('mine'),
  'exp/unknown.yaml': 'rewards: [accuracy, brevty]\n',
  'exp/shadow.yaml': 'plugins: [./format.ts]\n',
  'exp/format.ts': reward('format'),
};

describe('videor1 plugins', () => {
  const dir = project(files);
  const json = async (args: string[]) => {
    const r = await cli(['plugins', ...args, '--json'], dir);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    return JSON.parse(r.stdout) as { kind: string; name: string; source: string; options: Record<string, unknown> }[];
  };

  it('lists built-ins as built-in and the project config plugins with their file', async () => {
    const all = await json([]);
    expect(all.find((p) => p.name === 'accuracy')?.source).toBe('built-in');
    expect(all.find((p) => p.name === 'team')).toMatchObject({ kind: 'reward', source: path.join(dir, 'shared', 'team.ts'), options: { k: 3 } });
    expect(all.find((p) => p.name === 'mine')).toBeUndefined();
  });

  it("adds the experiment's plugin files with --config", async () => {
    const all = await json(['--config', 'exp/exp.yaml']);
    expect(all.find((p) => p.name === 'mine')?.source).toBe(path.join(dir, 'exp', 'mine.ts'));
    expect(all.find((p) => p.name === 'team')?.source).toBe(path.join(dir, 'shared', 'team.ts'));
    expect(Object.keys(all[0])).toEqual(['kind', 'name', 'description', 'options', 'schema', 'metrics', 'reference', 'source', 'display']);
  });

  it('prints a table with a source column', async () => {
    const r = await cli(['plugins', '--config', 'exp/exp.yaml'], dir);
    expect(r.code).toBe(0);
    expect(r.stdout.split('\n')[0]).toMatch(/^kind +name +description +options \(defaults\) +source$/);
    expect(r.stdout).toMatch(/reward +mine .* exp\/mine\.ts$/m);
    expect(r.stdout).toMatch(/reward +accuracy .* built-in$/m);
  });

  // invocation → exit code and the one line it prints
  const errors: { why: string; args: string[]; says: RegExp[] }[] = [
    { why: 'a positional that is not an action', args: ['plugins', 'my.yaml'], says: [/Invalid values/, /my\.yaml/] },
    { why: 'a file given to list', args: ['plugins', 'list', 'exp/exp.yaml'], says: [/--config/, /found "exp\/exp\.yaml"/] },
    { why: 'check without a file', args: ['plugins', 'check'], says: [/plugins check needs a file/] },
    { why: 'check of a missing file', args: ['plugins', 'check', 'nope.ts'], says: [/nope\.ts: plugin file not found/] },
    {
      why: 'unknown reward names the YAML file',
      args: ['config', 'exp/unknown.yaml'],
      says: [/exp\/unknown\.yaml: rewards\[1\]: unknown reward plugin 'brevty'/, /expected one of .*accuracy/],
    },
    {
      why: 'duplicate plugin name names the YAML file and both modules',
      args: ['config', 'exp/dup.yaml'],
      says: [/exp\/dup\.yaml: plugins\[1\]: duplicate reward plugin name 'mine' in .*again\.ts/, /already registered by .*exp\/mine\.ts/],
    },
    {
      why: 'a user plugin shadowing a built-in',
      args: ['config', 'exp/shadow.yaml'],
      says: [/shadow\.yaml: plugins\[0\]: duplicate reward plugin name 'format'/, /already registered by built-in/],
    },
    {
      why: '--set blamed on the --set',
      args: ['config', 'exp/exp.yaml', '--set', 'rl.steps=ten'],
      says: [/^videor1: --set rl\.steps=ten: invalid experiment \(applied to .*exp\.yaml\): rl\.steps/, /found "ten"/],
    },
  ];
  it.each(errors)('$why: exit 2, one line', async ({ args, says }) => {
    const r = await cli(args, dir);
    expect(r.code).toBe(2);
    const lines = r.stderr.trim().split('\n');
    expect(lines).toHaveLength(1);
    for (const re of says) expect(lines[0]).toMatch(re);
  });
});

describe('videor1 plugins check (the real executable, TypeScript loader)', () => {
  const dir = project({
    'ok.ts': reward('ok', 'group.completions.map(() => 1)', 'videor1'),
    'typo.ts': reward('typo', 'group.completions.map((c) => c.txt.length)', 'videor1'),
    'syntax.ts': reward('syntax', 'group.completions.map((c) => c.text.length,, 1)', 'videor1'),
    'exp.yaml': 'plugins: [./syntax.ts]\n',
  });

  it('passes a plugin file outside the repository that imports videor1', () => {
    const r = spawnCli(['plugins', 'check', path.join(dir, 'ok.ts')]);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^ok: reward plugin 'ok' .*options \{"k":3\}$/m);
  });

  // line 7 is `  score: (group) => group.completions.map((c) => c.txt.length),`: `txt` starts at column 52
  it('names file:line:column and the compiler message of a type error', () => {
    const r = spawnCli(['plugins', 'check', path.join(dir, 'typo.ts')]);
    expect(r.code).toBe(2);
    expect(r.stderr.trim()).toBe(
      `videor1: ${path.join(dir, 'typo.ts')}:7:52: TS2551: Property 'txt' does not exist on type 'Completion'. Did you mean 'text'?`,
    );
  });

  // the second comma of `c.text.length,, 1` is column 64 (1-based, as tsc and editors count)
  it('names file:line:column and the message when a config loads a plugin that does not compile', () => {
    const r = spawnCli(['config', path.join(dir, 'exp.yaml')]);
    expect(r.code).toBe(2);
    expect(r.stderr.trim()).toBe(
      `videor1: ${path.join(dir, 'exp.yaml')}: plugins[0]: cannot compile plugin module ${path.join(dir, 'syntax.ts')}:7:64: Unexpected ","`,
    );
  });
});
