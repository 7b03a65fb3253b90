/**
 * The report every training run leaves among its artifacts (`report/`): `curves.png` (+ `.svg`),
 * the training curves like the paper's Figure 5 (accuracy reward, temporal reward, response length
 * over steps), and `report.md`, for a person: the config in brief, the evaluation table (ordered,
 * shuffled, gap) and the paired RL gain when the run measured one.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { ResolvedConfig } from '../config/schema';
import type { BenchmarkResult } from '../stages/eval';
import { verdictOf } from '../stats';
import { mdTable, num, signed } from './markdown';
import { renderChart } from './render';
import { curvesSpec } from './specs';

/** The paired gain of RL over the policy it started from, as the train job reports it. */
export interface GainLike {
  before?: number;
  after?: number;
  diff: number;
  ci95: readonly [number, number];
  n?: number;
  metric?: string;
  method?: string;
}

export interface RunReportInput {
  runId: string;
  cfg: ResolvedConfig;
  history: readonly { step: number; metrics: Record<string, number> }[];
  eval: readonly BenchmarkResult[];
  final: Record<string, number>;
  /** The train result's `rl_gain`, when the run has one (else read from `rl_gain/*` metrics). */
  rlGain?: GainLike;
}

/** Write `curves.png`, `curves.svg` and `report.md` into `dir`; returns the files written. */
export async function writeRunReport(dir: string, r: RunReportInput): Promise<string[]> {
  const written: string[] = [];
  const spec = curvesSpec(`${r.cfg.name} (seed ${r.cfg.seed}): training curves`, r.history);
  if (spec) {
    const { svg, png } = await renderChart(spec);
    fs.writeFileSync(path.join(dir, 'curves.png'), png);
    fs.writeFileSync(path.join(dir, 'curves.svg'), svg);
    written.push('curves.png', 'curves.svg');
  }
  fs.writeFileSync(path.join(dir, 'report.md'), runMarkdown(r, spec !== undefined));
  written.push('report.md');
  return written;
}

/** The Markdown report (pure: a test reads it line by line). */
export function runMarkdown(r: RunReportInput, withCurves: boolean): string {
  const { cfg } = r;
  const rewards = cfg.rewards.map((x) => (x.weight === 1 ? x.name : `${x.weight}·${x.name}`)).join(' + ');
  const opts = (o: Record<string, unknown>) => (Object.keys(o).length ? ` ${JSON.stringify(o)}` : '');
  const config = mdTable(
    ['key', 'value'],
    [
      ['experiment', `${cfg.name} (${path.basename(cfg.source)})`],
      ['seed / backend', `${cfg.seed} / ${cfg.backend}`],
      ['policy', `${cfg.policy.name}${opts(cfg.policy.options)}`],
      ['rewards', rewards],
      ['advantage', `${cfg.advantage.name}${opts(cfg.advantage.options)}`],
      ['SFT', `${cfg.sft.steps} steps × batch ${cfg.sft.batch_size}, lr ${cfg.sft.optimizer.lr}`],
      ['RL', `${cfg.rl.steps} steps × ${cfg.rl.prompts_per_step} prompts × G ${cfg.rl.group_size}, β ${cfg.rl.beta}, lr ${cfg.rl.optimizer.lr}`],
      ['eval', cfg.eval.enabled ? `${cfg.eval.limit || 'all'} per benchmark; frame transforms ${cfg.eval.transforms.join(', ') || 'none'}` : 'off'],
    ],
  );
  const out = [`# ${cfg.name}: run ${r.runId}`, '', cfg.description, '', '## Config', '', config, ''];
  if (r.eval.length > 0) {
    out.push('## Evaluation', '', 'Accuracy with the frames in order, with the frames shuffled, and the temporal gap (ordered − shuffled).', '');
    out.push(
      mdTable(
        ['benchmark', 'n', 'acc (ordered)', 'acc (shuffled)', 'temporal gap'],
        r.eval.map((b) => [b.benchmark, String(b.n), num(b.acc), num(b.acc_shuffled), b.temporal_gap === undefined ? '' : signed(b.temporal_gap)]),
      ),
      '',
    );
  }
  const gain = r.rlGain ?? gainFromMetrics(r.final);
  if (gain) {
    const iv = { lo: gain.ci95[0], hi: gain.ci95[1] };
    out.push('## RL gain (paired)', '');
    out.push(
      `${gain.metric ?? 'eval/mean/acc'}: ${gain.before !== undefined ? `${num(gain.before)} → ${num(gain.after)}, ` : ''}difference ${signed(gain.diff)}, 95% CI [${signed(iv.lo)}, ${signed(iv.hi)}]${gain.n ? `, n ${gain.n}` : ''}: **${verdictOf(iv)}**.`,
    );
    if (gain.method) out.push('', `Interval: ${gain.method}.`);
    out.push('');
  }
  if (withCurves) out.push('## Training curves', '', '![training curves](curves.png)', '');
  const last = Object.entries(r.final)
    .filter(([k]) => !k.startsWith('eval/') && !k.startsWith('rl_gain/'))
    .sort(([a], [b]) => a.localeCompare(b));
  if (last.length > 0)
    out.push(
      '## Last logged values',
      '',
      mdTable(
        ['metric', 'value'],
        last.map(([k, v]) => [k, num(v)]),
      ),
      '',
    );
  return out.join('\n');
}

/** `rl_gain/diff|ci_low|ci_high` metrics, when the run logged them and no object came. */
function gainFromMetrics(m: Record<string, number>): GainLike | undefined {
  const [diff, lo, hi] = [m['rl_gain/diff'], m['rl_gain/ci_low'], m['rl_gain/ci_high']];
  if (![diff, lo, hi].every((x) => Number.isFinite(x))) return undefined;
  return { diff, ci95: [lo, hi], before: m['rl_gain/before'], after: m['rl_gain/after'] };
}
