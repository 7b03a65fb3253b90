import * as path from 'node:path';
import { cli, REPO } from '../support/cli';

// examples/groups/temporal.jsonl, scored with experiments/video-r1.yaml (accuracy, format, length; t-grpo):
//   line 1 (Video-R1 #51): 3 of 8 right, all formatted, 10 tokens (no length bonus) → rewards [2,2,2,1,1,1,1,1];
//     contrast 1 of 4 right: p .375 ≥ p~ .25 → +.3 to the three right.
//     GRPO: mean 1.375, ss 1.875, std √(1.875/7) = .517549 → (.625, −.375) / (.517549 + 1e-4)
//   line 2 (numerical): acc [1,1,1,0], format [1,1,0,1] → [2,2,1,1]; p .75 ≥ p~ 0 → +.3 to the first three
const groups = path.join(REPO, 'examples', 'groups', 'temporal.jsonl');
const config = path.join(REPO, 'experiments', 'video-r1.yaml');
const sd8 = Math.sqrt(1.875 / 7) + 1e-4;
const grpo8 = [0.625, 0.625, 0.625, -0.375, -0.375, -0.375, -0.375, -0.375].map((d) => d / sd8);
// line 2 without the bonus: [2,2,1,1], mean 1.5, std √(1/3)
const grpo4 = [0.5, 0.5, -0.5, -0.5].map((d) => d / (Math.sqrt(1 / 3) + 1e-4));

async function advantages(sets: string[]): Promise<number[][]> {
  const r = await cli(['score', groups, '--config', config, ...sets.flatMap((s) => ['--set', s])]);
  expect(r.stderr).toBe('');
  expect(r.code).toBe(0);
  return r.stdout
    .trim()
    .split('\n')
    .map((l) => (JSON.parse(l) as { advantages: number[] }).advantages);
}

const close = (got: number[], want: number[], digits = 9) => want.forEach((w, i) => expect(got[i]).toBeCloseTo(w, digits));

describe('videor1 score shows what each T-GRPO option does to hand-written groups', () => {
  it('grpo: the plain z-scores', async () => {
    const [a1, a2] = await advantages(['advantage=grpo']);
    close(a1, grpo8);
    close(a2, grpo4);
  });

  it('t-grpo, bonus to reward (paper): line 1 equals GRPO within 1e-4, the bonus cancels', async () => {
    const [a1] = await advantages([]);
    a1.forEach((a, i) => expect(Math.abs(a - grpo8[i])).toBeLessThan(1e-4));
  });

  it('t-grpo, bonus to advantage: GRPO plus .3 on each right completion', async () => {
    const [a1, a2] = await advantages(['advantage.options.bonus_to=advantage']);
    close(
      a1,
      grpo8.map((a, i) => a + (i < 3 ? 0.3 : 0)),
    );
    close(
      a2,
      grpo4.map((a, i) => a + (i < 3 ? 0.3 : 0)),
    );
  });

  it('t-grpo, scale none: centred totals with the bonus, undivided', async () => {
    const [a1, a2] = await advantages(['advantage.options.scale=none']);
    close(a1, [0.8125, 0.8125, 0.8125, -0.4875, -0.4875, -0.4875, -0.4875, -0.4875]);
    close(a2, [0.575, 0.575, -0.425, -0.725]); // [2.3,2.3,1.3,1] − 1.725
  });

  it('refuses an estimator whose accuracy_key no reward produces, before scoring (exit 2, naming the key)', async () => {
    const r = await cli(['score', groups, '--config', config, '--set', 'advantage.options.accuracy_key=acc']);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(/reads the reward component 'acc', which no reward produces/);
  });
});
