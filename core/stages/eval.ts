/**
 * Evaluation on held-out benchmarks, after eval_bench.py (reference §5.5): near-greedy decoding,
 * one completion per question, every answer scored by the configured reward (`eval.scorer`,
 * `ctx.evalReward`; eval_bench.py's rule is the `eval-bench` reward), then aggregated per benchmark
 * as eval_bench.py does (`aggregateBench`). Each benchmark is also run with shuffled frames:
 * `temporal_gap` = acc − acc_shuffled measures how much the policy relies on frame order.
 */
import type { Group } from '../contracts/group';
import type { Prompt } from '../contracts/policy';
import { permuteFrames, type Sample } from '../contracts/sample';
import { toPrompt } from '../data/prompt';
import { fmt, printTable } from '../cli/print';
import type { StageContext } from './context';

/** A benchmark's score, aggregated as eval_bench.py does (see `aggregateBench`). */
export interface BenchAccuracy {
  acc: number;
  /** Mean score over non-regression items; set when the benchmark also has regression items. */
  mean_acc?: number;
  /** Mean score over regression items; set when the benchmark also has other items. */
  mean_mra?: number;
}

export interface BenchmarkResult extends BenchAccuracy {
  benchmark: string;
  n: number;
  acc_shuffled?: number;
  temporal_gap?: number;
}

/** One scored answer: the sample's problem type and the eval reward's score. */
export interface ScoredAnswer {
  problemType: string;
  score: number;
}

/**
 * eval_bench.py's aggregation (reference §5.5 step 8): mean_acc = mean score over non-regression
 * items, mean_mra = mean over regression items. A benchmark with both reports
 * acc = (mean_acc + mean_mra) / 2, VSI-Bench's number (#121), and returns both means; otherwise acc
 * is the mean that exists (0 for no items). Example: scores 1, 0 (multiple choice) and 0.8
 * (regression) give mean_acc 0.5, mean_mra 0.8, acc 0.65.
 */
export function aggregateBench(answers: readonly ScoredAnswer[]): BenchAccuracy {
  const mean = (xs: readonly number[]): number => xs.reduce((a, b) => a + b, 0) / xs.length;
  const mra = answers.filter((a) => a.problemType === 'regression').map((a) => a.score);
  const other = answers.filter((a) => a.problemType !== 'regression').map((a) => a.score);
  if (mra.length === 0) return { acc: other.length > 0 ? mean(other) : 0 };
  if (other.length === 0) return { acc: mean(mra) };
  const [meanAcc, meanMra] = [mean(other), mean(mra)];
  return { acc: (meanAcc + meanMra) / 2, mean_acc: meanAcc, mean_mra: meanMra };
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
    const result: BenchmarkResult = { benchmark, n: samples.length, ...score(ctx, samples, ordered, rng) };
    if (e.shuffled) {
      const shuffled = ordered.map((p) => ({ ...p, frames: permuteFrames(p.frames, rng.permutation(p.frames.t)) }));
      result.acc_shuffled = score(ctx, samples, shuffled, rng).acc;
      result.temporal_gap = result.acc - result.acc_shuffled;
    }
    results.push(result);
  }
  const metrics: Record<string, number> = {};
  for (const r of results) {
    const key = r.benchmark.replace(/[^A-Za-z0-9_\-./ ]/g, '_');
    metrics[`eval/${key}/acc`] = r.acc;
    if (r.mean_acc !== undefined) metrics[`eval/${key}/mean_acc`] = r.mean_acc;
    if (r.mean_mra !== undefined) metrics[`eval/${key}/mean_mra`] = r.mean_mra;
    if (r.acc_shuffled !== undefined) metrics[`eval/${key}/acc_shuffled`] = r.acc_shuffled;
    if (r.temporal_gap !== undefined) metrics[`eval/${key}/temporal_gap`] = r.temporal_gap;
  }
  if (results.length > 0) metrics['eval/mean/acc'] = results.reduce((a, r) => a + r.acc, 0) / results.length;
  await ctx.log(step, metrics);
  return { results, metrics };
}

/** Score one completion per prompt with the eval reward and aggregate them (`aggregateBench`). */
function score(ctx: StageContext, samples: readonly Sample[], prompts: readonly Prompt[], rng: StageContext['rng']['policy']): BenchAccuracy {
  const e = ctx.cfg.eval;
  const rollouts = ctx.policy.sample(prompts, { n: 1, temperature: e.temperature, topP: e.top_p, maxNewTokens: e.max_new_tokens }, rng);
  const { plugin, options } = ctx.evalReward;
  return aggregateBench(
    samples.map((s, i) => {
      const text = ctx.tokenizer.decode(rollouts[i].tokenIds[0], { skipSpecial: true });
      const group: Group = { sample: s, completions: [{ text, tokenLength: rollouts[i].lengths[0] }], components: {}, rewards: [] };
      return { problemType: s.problem_type, score: plugin.score(group, options)[0] };
    }),
  );
}
