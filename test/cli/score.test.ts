import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { cli, REPO, spawnCli } from '../support/cli';

const reference = path.join(REPO, 'experiments', 'video-r1-reference.yaml');

function jsonl(lines: (object | string)[]): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'videor1-score-'));
  const file = path.join(dir, 'groups.jsonl');
  fs.writeFileSync(file, lines.map((l) => (typeof l === 'string' ? l : JSON.stringify(l))).join('\n') + '\n');
  return file;
}

// A video group scored with the released code's constants, worked by hand:
//   c1 right, formatted, 400 tokens   acc 1 fmt 1
//   c2 wrong, formatted               acc 0 fmt 1
//   c3 right, no think, 330 tokens    acc 1 fmt 0
//   c4 right, trailing text, 50 tok.  acc 1 fmt 0 (anything after </answer> fails format)
// p = .75 ≥ 0.8 · p~ (= .8 · .5) → +.3 to c1, c3, c4; 3 correct ≥ 2 → +.2 to c1 (400) and c3 (330).
// totals 2.5, 1, 1.5, 1.3; mean 1.575; sample var 1.2675/3 = .4225 → std .65; A = dev / (.65 + 1e-4).
const group = {
  problem_type: 'multiple choice',
  data_type: 'video',
  solution: '<answer>B</answer>',
  completions: [
    '<think>x</think><answer>B</answer>',
    '<think>x</think><answer>A</answer>',
    '<answer>B</answer>',
    '<think>y</think> <answer>B</answer> trailing',
  ],
  completion_tokens: [400, 100, 330, 50],
  contrast_completions: ['<answer>A</answer>', '<answer>B</answer>'],
};

describe('videor1 score', () => {
  it('scores a group exactly as the released code would (video-r1-reference.yaml)', async () => {
    const r = await cli(['score', jsonl([group]), '--config', reference]);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout.trim());
    expect(Object.keys(out)).toEqual(['line', 'rewards', 'advantages']);
    expect(out.line).toBe(1);
    expect(out.rewards.map((x: Record<string, number>) => Object.keys(x))).toEqual(Array(4).fill(['accuracy', 'format', 'length', 'temporal', 'total']));
    expect(out.rewards.map((x: Record<string, number>) => x.accuracy)).toEqual([1, 0, 1, 1]);
    expect(out.rewards.map((x: Record<string, number>) => x.format)).toEqual([1, 1, 0, 0]);
    expect(out.rewards.map((x: Record<string, number>) => x.temporal)).toEqual([0.3, 0, 0.3, 0.3]);
    expect(out.rewards.map((x: Record<string, number>) => x.length)).toEqual([0.2, 0, 0.2, 0]);
    [2.5, 1, 1.5, 1.3].forEach((t, i) => expect(out.rewards[i].total).toBeCloseTo(t, 12));
    [0.925, -0.575, -0.075, -0.275].forEach((d, i) => expect(out.advantages[i]).toBeCloseTo(d / 0.6501, 9));
  });

  // the README's worked example of `needs`: length (Eq. 5) reads components.accuracy; 2 correct ≥
  // min_correct, so the correct 60-token completion (48 ≤ 60 ≤ 112) gets ω 0.2, the 30-token one
  // (too short) and the wrong one 0; --set applies without --config too
  it('scores the README example of a reward that needs accuracy', async () => {
    const file = jsonl([
      {
        problem_type: 'multiple choice',
        data_type: 'image',
        solution: '<answer>B</answer>',
        completions: ['<answer>B</answer>', '<answer>B</answer>', '<answer>A</answer>'],
        completion_tokens: [60, 30, 90],
      },
    ]);
    const r = await cli([
      'score',
      file,
      '--set',
      'rewards=[accuracy, {name: length, options: {omega: 0.2, l_min: 48, l_max: 112, min_correct: 2, threshold: 0.1}}]',
    ]);
    expect(r.stderr).toBe('');
    const out = JSON.parse(r.stdout.trim());
    expect(out.line).toBe(1);
    expect(out.rewards.map((x: Record<string, number>) => x.length)).toEqual([0.2, 0, 0]);
  });

  it('uses accuracy + format and GRPO without a config', async () => {
    const r = await cli(['score', jsonl([{ ...group, completion_tokens: undefined, contrast_completions: undefined }])]);
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout.trim());
    expect(out.rewards.map((x: Record<string, number>) => x.total)).toEqual([2, 1, 1, 1]);
  });

  it('reports a malformed line with its number, scores the others, exits 2', async () => {
    const file = jsonl([group, '{"problem_type": "multiple choice"', { ...group, problem_type: 'essay' }, group]);
    const r = await cli(['score', file, '--config', reference]);
    expect(r.code).toBe(2);
    expect(r.stdout.trim().split('\n')).toHaveLength(2);
    expect(r.stderr).toMatch(/line 2: not valid JSON/);
    expect(r.stderr).toMatch(/line 3: problem_type: .*found "essay"/);
    expect(r.stderr).not.toMatch(/\n\s+at /);
    // each output names the input line it answers: 1 and 4, lines 2 and 3 were skipped
    expect(
      r.stdout
        .trim()
        .split('\n')
        .map((l) => JSON.parse(l).line),
    ).toEqual([1, 4]);
  });

  it('asks for completion_tokens when a configured reward reads token lengths', async () => {
    const r = await cli(['score', jsonl([{ ...group, completion_tokens: undefined }]), '--config', reference]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/line 1: completion_tokens: required by reward 'length'/);
  });

  it('treats a reward that breaks its contract as a plugin bug: exit 1, the line named', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'videor1-plugin-'));
    fs.writeFileSync(
      path.join(dir, 'broken.ts'),
      `import { defineReward, z } from '${path.join(REPO, 'core', 'public')}';\nexport default defineReward({ name: 'broken', description: 'Return a value outside its range', range: [0, 1], options: z.object({}), score: (g) => g.completions.map(() => 7) });\n`,
    );
    fs.writeFileSync(path.join(dir, 'e.yaml'), 'plugins: [./broken.ts]\nrewards: [accuracy, broken]\n');
    const r = spawnCli(['score', jsonl([{ ...group, completion_tokens: undefined, contrast_completions: undefined }]), '--config', path.join(dir, 'e.yaml')]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/line 1: reward 'broken' returned 7 for completion 0; its meta promises a finite value in \[0, 1\]/);
  });

  it('runs a user reward plugin written in TypeScript, kept outside core/ and plugins/, with no build step', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'videor1-plugin-'));
    const exp = path.join(dir, 'brevity.yaml');
    fs.writeFileSync(
      exp,
      `plugins:\n  - ${path.join(REPO, 'examples', 'rewards', 'brevity.ts')}\nrewards:\n  - accuracy\n  - name: brevity\n    options: { max_words: 10 }\n`,
    );
    const file = jsonl([
      {
        problem_type: 'multiple choice',
        data_type: 'image',
        solution: '<answer>B</answer>',
        completions: ['<think>a b c d</think><answer>B</answer>', '<answer>B</answer>'],
      },
    ]);
    const r = spawnCli(['score', file, '--config', exp]);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout.trim());
    expect(out.rewards).toEqual([
      { accuracy: 1, brevity: 0.6, total: 1.6 },
      { accuracy: 1, brevity: 0, total: 1 },
    ]);
  });
});
