import 'reflect-metadata';
import { container } from 'tsyringe';
import type { Group } from '../../core/contracts/group';
import type { Prompt, Rollout } from '../../core/contracts/policy';
import type { FrameTransform, Frames, Sample } from '../../core/contracts/sample';
import { RngStreams } from '../../core/run/streams';
import { EvalStage, evalTable } from '../../core/stages/eval';
import * as T from '../../core/tokens';

const A = 10;
const B = 11;
const EOS = 0;
const clip = (t: number): Frames => ({ data: Float32Array.from({ length: t }, (_, i) => i), t, h: 1, w: 1, c: 1 });
const inOrder = (f: Frames) => Array.from(f.data).every((v, i) => v === i);

/** Answers A exactly when the frames come in order; token k's log-prob is −(1 + |frame k − k|), or −1 when blind. */
function fakePolicy(blind: boolean) {
  return {
    sample: (ps: readonly Prompt[]): Rollout[] => ps.map((p) => ({ tokenIds: [[inOrder(p.frames) ? A : B, EOS]], logProbs: [[-1, -1]], lengths: [2] })),
    logProbs: (ps: readonly Prompt[], cs: readonly number[][]) => cs.map((c, i) => c.map((_, k) => (blind ? -1 : -(1 + Math.abs(ps[i].frames.data[k] - k))))),
  };
}

function stageOf(blind: boolean, transforms: FrameTransform[]): { stage: EvalStage; logged: Record<string, number>[] } {
  const samples = [1, 2].map(
    (id) =>
      ({
        problem_id: id,
        problem: 'which way?',
        data_type: 'video',
        problem_type: 'multiple choice',
        options: [],
        solution: '<answer>A</answer>',
        path: '',
        data_source: 'bench/temporal',
        frames: clip(4),
        category: 'x',
        temporal: true,
      }) as Sample,
  );
  const logged: Record<string, number>[] = [];
  // a child container with fakes under the tokens the eval stage injects
  const run = container.createChildContainer();
  run.register(T.CONFIG, { useValue: { eval: { limit: 0, transforms, temperature: 0.1, top_p: 0.001, max_new_tokens: 4 } } as never });
  run.register(T.DATA, { useValue: { eval: samples } as never });
  run.register(T.TOKENIZER, {
    useValue: { encode: () => [1, 2], decode: (ids: number[]) => (ids[0] === A ? '<answer>A</answer>' : '<answer>B</answer>') } as never,
  });
  run.register(T.POLICY, { useValue: fakePolicy(blind) as never });
  const score = (g: Group) => g.completions.map((c) => (c.text === g.sample.solution ? 1 : 0));
  run.register(T.EVAL_REWARD, { useValue: { plugin: { score } as never, options: {}, weight: 1 } });
  run.register(T.RNG, { useValue: new RngStreams(0) });
  run.register(T.METRICS, { useValue: { log: async (_step: number, m: Record<string, number>) => void logged.push(m) } as never });
  return { stage: run.resolve(EvalStage), logged };
}

describe('the eval stage under frame transforms', () => {
  it('reports acc, temporal_gap and logp_drop per transform, with the shuffle ones also under their old names', async () => {
    const { stage, logged } = stageOf(false, ['shuffle', 'reverse', 'static']);
    const { metrics, results } = await stage.run(3);
    expect(logged).toEqual([metrics]);
    // ordered frames: both answers A (acc 1). Reversed [3,2,1,0] and static [2,2,2,2]: both B (acc 0, gap 1).
    expect(metrics['eval/temporal/acc']).toBe(1);
    expect(metrics['eval/temporal/acc_reverse']).toBe(0);
    expect(metrics['eval/temporal/temporal_gap_reverse']).toBe(1);
    expect(metrics['eval/temporal/acc_static']).toBe(0);
    // answer [A, eos]: ordered log-probs −1, −1 (mean −1); reversed −4, −2 (mean −3): drop 2; static −3, −2: drop 1.5
    expect(metrics['eval/temporal/logp_drop_reverse']).toBe(2);
    expect(metrics['eval/temporal/logp_drop_static']).toBe(1.5);
    expect(metrics['eval/temporal/acc_shuffled']).toBe(metrics['eval/temporal/acc_shuffle']);
    expect(metrics['eval/temporal/temporal_gap']).toBe(1 - metrics['eval/temporal/acc_shuffled']);
    expect(metrics['eval/temporal/logp_drop']).toBe(metrics['eval/temporal/logp_drop_shuffle']);
    expect(results[0].transforms?.reverse).toEqual({ acc: 0, temporal_gap: 1, logp_drop: 2 });
  });

  it('logp_drop is 0 for a policy whose output ignores the frames', async () => {
    const { metrics } = await stageOf(true, ['shuffle', 'reverse', 'static']).stage.run(0);
    for (const t of ['shuffle', 'reverse', 'static']) expect(metrics[`eval/temporal/logp_drop_${t}`]).toBe(0);
    expect(metrics['eval/temporal/logp_drop']).toBe(0);
  });

  it('transforms [] runs no counterfactual; the default [shuffle] writes only shuffle keys', async () => {
    const none = await stageOf(false, []).stage.run(0);
    expect(Object.keys(none.metrics).sort()).toEqual([
      'eval/mean/acc',
      'eval/mean/acc_above_prior',
      'eval/temporal/acc',
      'eval/temporal/acc_above_prior',
      'eval/temporal/acc_prior',
    ]);
    // both truths are A and both answers A: the answers score as well against the other question
    expect(none.metrics['eval/temporal/acc_prior']).toBe(1);
    expect(none.metrics['eval/temporal/acc_above_prior']).toBe(0);
    const shuffle = await stageOf(false, ['shuffle']).stage.run(0);
    expect(Object.keys(shuffle.metrics).filter((k) => /reverse|static/.test(k))).toEqual([]);
    expect(shuffle.metrics).toHaveProperty(['eval/temporal/temporal_gap']);
  });

  it("the table adds logp_drop and the other transforms' columns when present", () => {
    const table = evalTable([
      {
        benchmark: 't',
        n: 2,
        acc: 1,
        acc_shuffled: 0.5,
        temporal_gap: 0.5,
        logp_drop: 0.25,
        transforms: { shuffle: { acc: 0.5, temporal_gap: 0.5, logp_drop: 0.25 }, reverse: { acc: 0, temporal_gap: 1, logp_drop: 2 } },
      },
    ]);
    expect(table.split('\n')).toEqual([
      'benchmark  n  acc  acc_shuffled  temporal_gap  logp_drop  acc_reverse  temporal_gap_reverse',
      '---------  -  ---  ------------  ------------  ---------  -----------  --------------------',
      't          2  1    0.5000        0.5000        0.2500     0            1',
    ]);
  });
});
