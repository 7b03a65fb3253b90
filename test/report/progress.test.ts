import { PassThrough } from 'node:stream';
import { progressBars } from '../../core/cli/progress';
import { progressLine, Reporter, type StageProgress } from '../../core/run/reporter';

const p: StageProgress = { stage: 'rl', step: 3, total: 60, values: { reward: '1.423', acc: '0.316', loss: '0.0123' } };

describe('stage progress', () => {
  it('is the plain line of old when stderr is not a terminal', () => {
    const said: string[] = [];
    new Reporter((t) => said.push(t)).progress(p);
    expect(said).toEqual(['rl step 3/60  reward 1.423  acc 0.316  loss 0.0123']);
    expect(progressLine({ stage: 'sft', step: 10, total: 1600, values: { loss: '0.0830' } })).toBe('sft step 10/1600  loss 0.0830');
  });

  it('goes to the progress bar, not to say, when the run has one', () => {
    const said: string[] = [];
    const got: StageProgress[] = [];
    new Reporter(
      (t) => said.push(t),
      (x) => got.push(x),
    ).progress(p);
    expect(said).toEqual([]);
    expect(got).toEqual([p]);
  });

  it('draws one bar per stage with step/total, ETA and the headline numbers on a terminal', async () => {
    const stream = Object.assign(new PassThrough(), { isTTY: true, columns: 120, cursorTo: () => true, clearLine: () => true, moveCursor: () => true });
    let text = '';
    stream.on('data', (d: Buffer) => (text += d.toString()));
    const bars = progressBars(stream as unknown as NodeJS.WriteStream);
    bars.progress({ stage: 'sft', step: 1600, total: 1600, values: { loss: '0.0830' } });
    bars.say('a line above the bars');
    bars.progress(p);
    await new Promise((r) => setTimeout(r, 600)); // cli-progress redraws on a timer (5 fps)
    bars.stop();
    expect(text).toMatch(/sft \[[^\]]*\] 1600\/1600 \| ETA \d+s \| loss 0\.0830/);
    expect(text).toMatch(/rl {2}\[[^\]]*\] 3\/60 \| ETA [^|]+ \| reward 1\.423 {2}acc 0\.316 {2}loss 0\.0123/);
    expect(text).toContain('a line above the bars');
  });
});
