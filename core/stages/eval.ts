/**
 * Evaluation on held-out benchmarks, after eval_bench.py (reference §5.5): near-greedy decoding,
 * one completion per question, the extracted answer scored; regression by MRA. Each benchmark
 * is also run with shuffled frames: `temporal_gap` = acc − acc_shuffled measures how much the
 * policy relies on frame order.
 */
import type { Group } from '../contracts/group';
import type { Prompt } from '../contracts/policy';
import { permuteFrames, type Sample } from '../contracts/sample';
import { toPrompt } from '../data/prompt';
import { fmt, printTable } from '../cli/print';
import { meanRelativeAccuracy } from '../eval/mra';
import type { StageContext } from './context';

export interface BenchmarkResult {
  benchmark: string;
  n: number;
  acc: number;
  acc_shuffled?: number;
  temporal_gap?: number;
}

/** Group eval samples by benchmark (their `data_source`). */
export function benchmarksOf(samples: readonly Sample[], limit: number): Map<string, Sample[]> {
  const byBench = new Map<string, Sample[]>();
  for (const s of samples) {
    const name = s.data_source.replace(/^bench\//, '');
    const list = byBench.get(name) ?? [];
    if (limit === 0 || list.length < limit) list.push(s);
    byBench.set(name, list);
  }
  return byBench;
}

/** The benchmark table people read after a run: acc, acc_shuffled and temporal_gap per benchmark. */
export function evalTable(results: readonly BenchmarkResult[]): string {
  return printTable(results.map((r) => [r.benchmark, String(r.n), fmt(r.acc), fmt(r.acc_shuffled), fmt(r.temporal_gap)]), ['benchmark', 'n', 'acc', 'acc_shuffled', 'temporal_gap']);
}

export async function runEval(ctx: StageContext, step: number): Promise<{ results: BenchmarkResult[]; metrics: Record<string, number> }> {
  const e = ctx.cfg.eval;
  const results: BenchmarkResult[] = [];
  const rng = ctx.rng.policy.fork(`eval-${step}`);
  for (const [benchmark, samples] of benchmarksOf(ctx.data.eval, e.limit)) {
    const ordered = samples.map((s) => toPrompt(s, ctx.tokenizer));
    const acc = score(ctx, samples, ordered, rng);
    const result: BenchmarkResult = { benchmark, n: samples.length, acc };
    if (e.shuffled) {
      const shuffled = ordered.map((p) => ({ ...p, frames: permuteFrames(p.frames, rng.permutation(p.frames.t)) }));
      result.acc_shuffled = score(ctx, samples, shuffled, rng);
      result.temporal_gap = acc - result.acc_shuffled;
    }
    results.push(result);
  }
  const metrics: Record<string, number> = {};
  for (const r of results) {
    const key = r.benchmark.replace(/[^A-Za-z0-9_\-./ ]/g, '_');
    metrics[`eval/${key}/acc`] = r.acc;
    if (r.acc_shuffled !== undefined) metrics[`eval/${key}/acc_shuffled`] = r.acc_shuffled;
    if (r.temporal_gap !== undefined) metrics[`eval/${key}/temporal_gap`] = r.temporal_gap;
  }
  if (results.length > 0) metrics['eval/mean/acc'] = results.reduce((a, r) => a + r.acc, 0) / results.length;
  await ctx.log(step, metrics);
  return { results, metrics };
}

/** Mean score of one completion per prompt: accuracy reward, or MRA for regression. */
function score(ctx: StageContext, samples: readonly Sample[], prompts: readonly Prompt[], rng: StageContext['rng']['policy']): number {
  const e = ctx.cfg.eval;
  const rollouts = ctx.policy.sample(prompts, { n: 1, temperature: e.temperature, topP: e.top_p, maxNewTokens: e.max_new_tokens }, rng);
  const accuracy = ctx.evalReward;
  let total = 0;
  samples.forEach((s, i) => {
    const text = ctx.tokenizer.decode(rollouts[i].tokenIds[0], { skipSpecial: true });
    if (s.problem_type === 'regression') total += meanRelativeAccuracy(answerNumber(text), answerNumber(s.solution));
    else {
      const group: Group = { sample: s, completions: [{ text, tokenLength: rollouts[i].lengths[0] }], components: {}, rewards: [] };
      total += accuracy.plugin.score(group, accuracy.options)[0];
    }
  });
  return total / Math.max(1, samples.length);
}

/** The number inside the first <answer> tag (or the whole text, as eval_bench.py falls back). */
function answerNumber(text: string): number {
  const m = /<answer>\s*([\s\S]*?)\s*<\/answer>/.exec(text);
  const s = (m ? m[1] : text).trim().replace(/,/g, '');
  return /^[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$/.test(s) ? Number(s) : NaN;
}
