/**
 * The paired RL gain: the same held-out questions scored before RL (the policy after SFT, or the
 * initial policy for `zero`) and after RL. Because both evaluations answer the same questions, the
 * difference is measured question by question, which removes the between-question variance that
 * dominates two independent accuracies (±0.09 at n = 96, p ≈ 0.3). The interval is a paired
 * bootstrap over questions, stratified by suite (core/stats pairedBootstrapCi95), of the headline
 * `eval/mean/acc` = the mean of suite accuracies; a suite scored by the VSI rule ((mean_acc +
 * mean_mra) / 2, see aggregateBench) weighs its two item kinds half each, exactly as its acc does.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { EvalOutcome, ScoredAnswer } from '../stages/eval';
import { mean, pairedBootstrapCi95 } from '../stats';
import { Rng } from '../rng';

export interface GainEstimate {
  before: number;
  after: number;
  diff: number;
  ci95: [number, number];
  n: number;
}

export interface RlGain extends GainEstimate {
  metric: 'eval/mean/acc';
  method: string;
  suites: Record<string, GainEstimate>;
}

const RESAMPLES = 2000;

/** The paired gain of `after` over `before`; both must have evaluated the same questions. */
export function rlGain(before: EvalOutcome, after: EvalOutcome, seed: number): RlGain {
  const suites = Object.keys(after.answers);
  const missing = suites.filter((s) => before.answers[s]?.length !== after.answers[s].length);
  if (missing.length > 0 || suites.length !== Object.keys(before.answers).length) {
    throw new Error(`rl_gain: the evaluations before and after RL did not answer the same questions (${missing.join(', ') || 'suite sets differ'})`);
  }
  const rng = new Rng(seed).fork('rl-gain');
  const all = estimate(
    suites.flatMap((s) => pairsOf(s, before.answers[s], after.answers[s])),
    suites.length,
    rng,
  );
  const perSuite = Object.fromEntries(suites.map((s) => [s, estimate(pairsOf(s, before.answers[s], after.answers[s]), 1, rng)]));
  return {
    metric: 'eval/mean/acc',
    method: `paired bootstrap over questions, stratified by suite, ${RESAMPLES} resamples, 95% percentile interval`,
    ...all,
    suites: perSuite,
  };
}

/** Metrics for the tracker: rl_gain/diff|ci_low|ci_high, and per suite rl_gain/<suite>/… */
export function rlGainMetrics(g: RlGain): Record<string, number> {
  const m: Record<string, number> = {
    'rl_gain/before': g.before,
    'rl_gain/after': g.after,
    'rl_gain/diff': g.diff,
    'rl_gain/ci_low': g.ci95[0],
    'rl_gain/ci_high': g.ci95[1],
  };
  for (const [s, e] of Object.entries(g.suites)) {
    m[`rl_gain/${s}/diff`] = e.diff;
    m[`rl_gain/${s}/ci_low`] = e.ci95[0];
    m[`rl_gain/${s}/ci_high`] = e.ci95[1];
  }
  return m;
}

/** One line for people: `rl_gain eval/mean/acc 0.301 → 0.345: +0.044 [+0.012, +0.077] (n 576, paired)`. */
export function rlGainLine(g: RlGain): string {
  const sign = (x: number) => (x >= 0 ? '+' : '') + x.toFixed(3);
  return `rl_gain ${g.metric} ${g.before.toFixed(3)} → ${g.after.toFixed(3)}: ${sign(g.diff)} 95% CI [${sign(g.ci95[0])}, ${sign(g.ci95[1])}] (n ${g.n} questions, paired)`;
}

interface Pair {
  stratum: string;
  before: number;
  after: number;
}

/** A suite's question pairs, split into the item kinds its accuracy averages (regression apart when mixed). */
function pairsOf(suite: string, before: readonly ScoredAnswer[], after: readonly ScoredAnswer[]): Pair[] {
  const mixed = new Set(after.map((a) => a.problemType === 'regression')).size > 1;
  return after.map((a, i) => ({ stratum: mixed ? `${suite}\u0000${a.problemType === 'regression'}` : suite, before: before[i].score, after: a.score }));
}

/** Weights: each suite 1 / suites; a mixed suite's two kinds half of that each. */
function estimate(pairs: readonly Pair[], suites: number, rng: Rng): GainEstimate {
  const strata = [...new Set(pairs.map((p) => p.stratum))];
  const suiteOf = (stratum: string) => stratum.split('\u0000')[0];
  const kindsPerSuite = new Map<string, number>();
  for (const st of strata) kindsPerSuite.set(suiteOf(st), (kindsPerSuite.get(suiteOf(st)) ?? 0) + 1);
  const weights = Object.fromEntries(strata.map((st) => [st, 1 / suites / kindsPerSuite.get(suiteOf(st))!]));
  const side = (pick: (p: Pair) => number) => strata.reduce((acc, st) => acc + weights[st] * mean(pairs.filter((p) => p.stratum === st).map(pick)), 0);
  const iv = pairedBootstrapCi95(pairs, rng, { resamples: RESAMPLES, weights });
  return { before: side((p) => p.before), after: side((p) => p.after), diff: iv.mean, ci95: [iv.lo, iv.hi], n: pairs.length };
}

const BEFORE_FILE = 'eval-before-rl.json';

/** Keep the before-RL evaluation with a checkpoint, so a resumed run still reports its paired gain. */
export function writeEvalBefore(dir: string, before: EvalOutcome): void {
  fs.writeFileSync(path.join(dir, BEFORE_FILE), JSON.stringify(before));
}

/** The before-RL evaluation a checkpoint carries, if any (checkpoints from before RL started have none). */
export function readEvalBefore(dir: string): EvalOutcome | undefined {
  const file = path.join(dir, BEFORE_FILE);
  return fs.existsSync(file) ? (JSON.parse(fs.readFileSync(file, 'utf8')) as EvalOutcome) : undefined;
}
