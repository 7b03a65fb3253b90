/**
 * Evaluation on held-out benchmarks, after eval_bench.py (docs/released-code.md §5.5): near-greedy decoding,
 * one completion per question, every answer scored by the configured reward (`eval.scorer`,
 * the EVAL_REWARD token; eval_bench.py's rule is the `eval-bench` reward), then aggregated per benchmark
 * as eval_bench.py does (`aggregateBench`). Each benchmark is also run under each transform of
 * `eval.transforms` (shuffled, reversed, one frame repeated): `temporal_gap_<t>` = acc − acc_<t>
 * measures how much the policy's answers rely on the frames' order, and `logp_drop_<t>` how much
 * the log-probability of its ordered-frame answers falls under the transformed frames (TaRO).
 * The shuffle transform also writes `acc_shuffled`, `temporal_gap` and `logp_drop`. Each benchmark
 * also gets its answer-prior baseline (`acc_prior`, `acc_above_prior`: prior-baseline.ts), what its
 * answers score against random questions of their kind.
 */
import { inject, injectable } from 'tsyringe';
import type { LoadedData } from '../contracts/data';
import type { Completion, Group } from '../contracts/group';
import type { Policy, Prompt } from '../contracts/policy';
import { type FrameTransform, type Sample, transformFrames } from '../contracts/sample';
import { logpDrops } from '../rewards/logp-drop';
import { priorScores } from './prior-baseline';
import { toPrompt } from '../data/prompt';
import { fmt, printTable } from '../cli/print';
import { meanInOrder as mean } from '../stats/in-order';
import { sanitizeKey } from '../tracking/keys';
import type { Tokenizer } from '../contracts/tokenizer';
import type { ResolvedConfig } from '../config/schema';
import type { MetricSink } from '../jobs/metric-sink';
import type { ConfiguredReward } from '../rewards/pipeline';
import type { Rng } from '../rng';
import type { RngStreams } from '../run/streams';
import { CONFIG, DATA, EVAL_REWARD, METRICS, POLICY, RNG, TOKENIZER } from '../tokens';

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
  /** The score of the answers against random questions of their kind (prior-baseline.ts), aggregated as acc. */
  acc_prior?: number;
  /** acc − acc_prior: the part of the accuracy that depends on the question. */
  acc_above_prior?: number;
  /** The shuffle transform's numbers under their original names. */
  acc_shuffled?: number;
  temporal_gap?: number;
  logp_drop?: number;
  /** Per transform evaluated: accuracy, acc − that accuracy, and the mean log-prob drop of the ordered answers. */
  transforms?: Partial<Record<FrameTransform, { acc: number; temporal_gap: number; logp_drop: number }>>;
}

/** One scored answer: the sample's problem type and the eval reward's score. */
export interface ScoredAnswer {
  problemType: string;
  score: number;
}

/**
 * eval_bench.py's aggregation (docs/released-code.md §5.5 step 8): mean_acc = mean score over non-regression
 * items, mean_mra = mean over regression items. A benchmark with both reports
 * acc = (mean_acc + mean_mra) / 2, VSI-Bench's number (Video-R1 #121), and returns both means; otherwise acc
 * is the mean that exists (0 for no items). Example: scores 1, 0 (multiple choice) and 0.8
 * (regression) give mean_acc 0.5, mean_mra 0.8, acc 0.65.
 */
export function aggregateBench(answers: readonly ScoredAnswer[]): BenchAccuracy {
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

/**
 * The benchmark table people read after a run: acc, acc_prior (when measured), acc_shuffled and temporal_gap per benchmark,
 * then logp_drop and each other transform's acc_<t> and temporal_gap_<t> when some row has them.
 */
export function evalTable(results: readonly BenchmarkResult[]): string {
  const others = [...new Set(results.flatMap((r) => Object.keys(r.transforms ?? {}) as FrameTransform[]))].filter((t) => t !== 'shuffle');
  const drop = results.some((r) => r.logp_drop !== undefined);
  const prior = results.some((r) => r.acc_prior !== undefined);
  const header = [
    'benchmark',
    'n',
    'acc',
    ...(prior ? ['acc_prior'] : []),
    'acc_shuffled',
    'temporal_gap',
    ...(drop ? ['logp_drop'] : []),
    ...others.flatMap((t) => [`acc_${t}`, `temporal_gap_${t}`]),
  ];
  const rows = results.map((r) => [
    r.benchmark,
    String(r.n),
    fmt(r.acc),
    ...(prior ? [fmt(r.acc_prior)] : []),
    fmt(r.acc_shuffled),
    fmt(r.temporal_gap),
    ...(drop ? [fmt(r.logp_drop)] : []),
    ...others.flatMap((t) => [fmt(r.transforms?.[t]?.acc), fmt(r.transforms?.[t]?.temporal_gap)]),
  ]);
  return printTable(rows, header);
}

/**
 * An evaluation's metrics per benchmark: `eval/<benchmark>/acc` (and `mean_acc`, `mean_mra`,
 * `acc_prior`, `acc_above_prior`, `acc_shuffled`, `temporal_gap`, `logp_drop` when set; `acc_<t>`, `temporal_gap_<t>`,
 * `logp_drop_<t>` per transform), keys as the trackers store them (`sanitizeKey`), and
 * `eval/mean/acc`, the mean of the benchmarks' acc (and `eval/mean/acc_above_prior` when every benchmark has it).
 */
export function evalMetrics(results: readonly BenchmarkResult[]): Record<string, number> {
  const metrics: Record<string, number> = {};
  for (const r of results) {
    const put = (field: string, value: number | undefined) => {
      if (value !== undefined) metrics[sanitizeKey(`eval/${r.benchmark}/${field}`)] = value;
    };
    put('acc', r.acc);
    put('mean_acc', r.mean_acc);
    put('mean_mra', r.mean_mra);
    put('acc_prior', r.acc_prior);
    put('acc_above_prior', r.acc_above_prior);
    put('acc_shuffled', r.acc_shuffled);
    put('temporal_gap', r.temporal_gap);
    put('logp_drop', r.logp_drop);
    for (const [t, row] of Object.entries(r.transforms ?? {})) {
      put(`acc_${t}`, row.acc);
      put(`temporal_gap_${t}`, row.temporal_gap);
      put(`logp_drop_${t}`, row.logp_drop);
    }
  }
  if (results.length > 0) metrics['eval/mean/acc'] = mean(results.map((r) => r.acc));
  if (results.length > 0 && results.every((r) => r.acc_above_prior !== undefined))
    metrics['eval/mean/acc_above_prior'] = mean(results.map((r) => r.acc_above_prior!));
  return metrics;
}

/** One evaluation: the table, its metrics, and per benchmark the ordered-frame score of each question in sample order (pairs two evaluations question by question). */
export interface EvalOutcome {
  results: BenchmarkResult[];
  metrics: Record<string, number>;
  answers: Record<string, ScoredAnswer[]>;
}

/** Evaluation as a stage (docs/style.md §5): the eval split's benchmarks, scored by the eval reward. */
@injectable()
export class EvalStage {
  constructor(
    @inject(CONFIG) private readonly cfg: ResolvedConfig,
    @inject(DATA) private readonly data: LoadedData,
    @inject(TOKENIZER) private readonly tokenizer: Tokenizer,
    @inject(POLICY) private readonly policy: Policy,
    @inject(EVAL_REWARD) private readonly evalReward: ConfiguredReward,
    @inject(RNG) private readonly rng: RngStreams,
    @inject(METRICS) private readonly metrics: MetricSink,
  ) {}

  /** Evaluate every benchmark (ordered frames, then each transform) and log the metrics at `step`. */
  async run(step: number): Promise<EvalOutcome> {
    const e = this.cfg.eval;
    const results: BenchmarkResult[] = [];
    const answersBy: Record<string, ScoredAnswer[]> = {};
    const rng = this.rng.policy.fork(`eval-${step}`);
    for (const [benchmark, samples] of benchmarksOf(this.data.eval, e.limit)) {
      const ordered = samples.map((s) => toPrompt(s, this.tokenizer));
      const { answers, completions, decoded } = this.score(samples, ordered, rng);
      const result: BenchmarkResult = { benchmark, n: samples.length, ...aggregateBench(answers) };
      const prior = priorScores(samples, decoded, this.evalReward);
      result.acc_prior = aggregateBench(prior.map((score, i) => ({ problemType: samples[i].problem_type, score }))).acc;
      result.acc_above_prior = result.acc - result.acc_prior;
      answersBy[benchmark] = answers;
      for (const t of new Set(e.transforms)) {
        // shuffle draws one permutation per prompt from the eval stream, then the transformed answers
        const transformed = ordered.map((p) => ({ ...p, frames: transformFrames(p.frames, t, rng) }));
        const acc = aggregateBench(this.score(samples, transformed, rng).answers).acc;
        const drops = logpDrops(
          this.policy,
          ordered.map((p, i) => ({ ordered: p, transformed: transformed[i], completion: completions[i] })),
        );
        const row = { acc, temporal_gap: result.acc - acc, logp_drop: drops.length > 0 ? mean(drops) : 0 };
        result.transforms = { ...result.transforms, [t]: row };
        if (t === 'shuffle') Object.assign(result, { acc_shuffled: row.acc, temporal_gap: row.temporal_gap, logp_drop: row.logp_drop });
      }
      results.push(result);
    }
    const metrics = evalMetrics(results);
    await this.metrics.log(step, metrics);
    return { results, metrics, answers: answersBy };
  }

  /** Score one completion per prompt with the eval reward (aggregate them with `aggregateBench`); also returns the completions' tokens and decoded completions. */
  private score(samples: readonly Sample[], prompts: readonly Prompt[], rng: Rng): { answers: ScoredAnswer[]; completions: number[][]; decoded: Completion[] } {
    const e = this.cfg.eval;
    const rollouts = this.policy.sample(prompts, { n: 1, temperature: e.temperature, topP: e.top_p, maxNewTokens: e.max_new_tokens }, rng);
    const { plugin, options } = this.evalReward;
    const decoded = rollouts.map((r) => ({ text: this.tokenizer.decode(r.tokenIds[0], { skipSpecial: true }), tokenLength: r.lengths[0] }));
    const answers = samples.map((s, i) => {
      const group: Group = { sample: s, completions: [decoded[i]], components: {}, rewards: [] };
      return { problemType: s.problem_type, score: plugin.score(group, options)[0] };
    });
    return { answers, completions: rollouts.map((r) => r.tokenIds[0]), decoded };
  }
}
