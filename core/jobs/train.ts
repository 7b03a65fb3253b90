/**
 * The training entry object: one tracked run = SFT cold start → RL (GRPO/T-GRPO) → evaluation →
 * checkpoint. Resolved from the run's child container (docs/style.md §5); the run always ends with a
 * status (FINISHED, FAILED, KILLED).
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { inject, injectable } from 'tsyringe';
import type { Tracker } from '../contracts/tracker';
import type { ResolvedConfig } from '../config/schema';
import { flattenConfig } from '../config/flatten';
import { runEval, type BenchmarkResult, type EvalOutcome } from '../stages/eval';
import { writeRunReport } from '../report/run-report';
import { readEvalBefore, rlGain, rlGainMetrics, writeEvalBefore, type RlGain } from './rl-gain';
import { runRl } from '../stages/rl';
import type { StageContext } from '../stages/context';
import { withTrackedRun } from '../tracking/run-lifecycle';
import { readRunState, type RunState, runStateOf, saveCheckpoint } from './run-state';
import { CONFIG, TRACKER } from '../tokens';
import { METRIC_SINK, STAGE_CONTEXT } from './tokens';
import type { MetricSink } from './metric-sink';
import { provenanceTags } from './provenance';
import { runSftShared } from './stage-cache';

export interface TrainResult {
  runId: string;
  final: Record<string, number>;
  eval: BenchmarkResult[];
  checkpoint: string;
  /** The paired eval gain of RL over the policy it started from (runs with an RL stage and eval). */
  rl_gain?: RlGain;
  seconds: { sft: number; rl: number; eval: number };
}

@injectable()
export class TrainJob {
  constructor(
    @inject(CONFIG) private readonly cfg: ResolvedConfig,
    @inject(TRACKER) private readonly tracker: Tracker,
    @inject(STAGE_CONTEXT) private readonly ctx: StageContext,
    @inject(METRIC_SINK) private readonly sink: MetricSink,
  ) {}

  /**
   * @param o.initFrom a checkpoint folder whose weights (and optimizer state) start the run, e.g.
   *   an SFT checkpoint for RL, or a trained policy for `videor1 eval`: a warm start.
   * @param o.resumeFrom a checkpoint folder of this config's run: stages done are skipped, RNG
   *   streams, RL step and schedule are restored, and the run goes on as if it had never stopped.
   */
  async run(
    o: { parentRunId?: string; tags?: Record<string, string>; runName?: string; initFrom?: string; resumeFrom?: string; sftCache?: string } = {},
  ): Promise<TrainResult> {
    const { cfg, ctx, tracker } = this;
    const tags = { ...provenanceTags(cfg, ctx.backend.name), 'videor1.source': cfg.source, ...o.tags };
    return withTrackedRun(
      tracker,
      { experiment: cfg.name, runName: o.runName ?? `${cfg.name}-s${cfg.seed}`, tags, parentRunId: o.parentRunId },
      async (runId) => {
        this.sink.runId = runId;
        // a grid child also carries its `variant` as a param (`seed` is one already), for MLflow's group-by and compare views
        await tracker.logParams(runId, {
          ...Object.fromEntries(flattenConfig(cfg)),
          ...(o.tags?.['ablation.variant'] ? { variant: o.tags['ablation.variant'] } : {}),
        });
        await tracker.setTags(runId, Object.fromEntries(Object.entries(ctx.backend.detail).map(([k, v]) => [`videor1.backend.${k}`, String(v)])));
        await tracker.setTags(runId, Object.fromEntries(flattenConfig(ctx.data.stats, 'videor1.data')));
        ctx.say(`run ${runId}: ${cfg.name} (seed ${cfg.seed}), policy ${ctx.policy.name} with ${ctx.policy.parameterCount} parameters`);
        if (o.initFrom) {
          await ctx.policy.load(o.initFrom, ctx.rng.policy);
          await tracker.setTags(runId, { 'videor1.init_from': o.initFrom });
        }
        const resumed = o.resumeFrom ? await this.resume(o.resumeFrom, runId) : undefined;
        const checkpoints = path.join(cfg.output, 'checkpoints', runId);
        let evalBefore: EvalOutcome | undefined = resumed ? readEvalBefore(o.resumeFrom!) : undefined;
        const saveAt = async (rlStep: number, rlStartStep: number) => {
          const dir = path.join(checkpoints, `step-${rlStep}`);
          await saveCheckpoint(ctx, dir, runStateOf(ctx, cfg, { sftDone: true, rlStep, rlStartStep }));
          if (evalBefore) writeEvalBefore(dir, evalBefore);
        };

        const t0 = Date.now();
        // o.sftCache: a cold-start cache folder shared by runs with identical SFT inputs (a grid's cells)
        const sftRun = resumed?.sft_done ? undefined : await runSftShared(ctx, o.sftCache);
        const sft = sftRun?.metrics ?? {};
        if (sftRun?.cache) await tracker.setTags(runId, { 'videor1.sft_cache': sftRun.cache.key, 'videor1.sft_cache.hit': String(sftRun.cache.hit) });
        const t1 = Date.now();
        const rlStart = resumed ? { firstStep: resumed.rl_step, rlStartStep: resumed.rl_start_step, resumed: true } : undefined;
        const runsRl = ctx.data.rl.length > 0 && cfg.rl.steps > (rlStart?.firstStep ?? 0);
        // the policy RL starts from, on the same questions as the final evaluation: the pairs of rl_gain
        if (runsRl && cfg.eval.enabled && !resumed) evalBefore = await runEval(ctx, 0);
        const rl = runsRl ? await runRl(ctx, rlStart, saveAt) : {};
        const t2 = Date.now();
        if (ctx.mixer && ctx.data.rl.length > 0 && cfg.rl.steps > 0) {
          await tracker.setTags(runId, Object.fromEntries(flattenConfig(ctx.mixer.report(), 'videor1.mix')));
        }
        const evaluation = cfg.eval.enabled ? await runEval(ctx, cfg.rl.steps) : { results: [], metrics: {}, answers: {} };
        const gain = evalBefore && cfg.eval.enabled ? rlGain(evalBefore, evaluation, cfg.seed) : undefined;
        if (gain) await ctx.log(cfg.rl.steps, rlGainMetrics(gain));
        const t3 = Date.now();

        const trained = cfg.sft.steps > 0 || (cfg.rl.steps > 0 && ctx.data.rl.length > 0);
        const checkpoint = trained ? checkpoints : (o.initFrom ?? '');
        if (trained) {
          const rlStartStep = resumed?.rl_start_step ?? ctx.policy.step - cfg.rl.steps * cfg.rl.policy_iterations;
          await saveCheckpoint(ctx, checkpoint, runStateOf(ctx, cfg, { sftDone: true, rlStep: cfg.rl.steps, rlStartStep: Math.max(0, rlStartStep) }));
        }
        fs.mkdirSync(cfg.output, { recursive: true });
        const report = {
          config: cfg,
          eval: evaluation.results,
          final: { ...sft, ...rl, ...evaluation.metrics, ...(gain ? rlGainMetrics(gain) : {}) },
          ...(gain ? { rl_gain: gain } : {}),
        };
        const reportDir = fs.mkdtempSync(path.join(cfg.output, '.report-'));
        fs.writeFileSync(path.join(reportDir, 'resolved.json'), JSON.stringify(cfg, null, 2));
        fs.writeFileSync(path.join(reportDir, 'report.json'), JSON.stringify(report, null, 2));
        if (Object.keys(ctx.data.skipped).length > 0) fs.writeFileSync(path.join(reportDir, 'data-skipped.json'), JSON.stringify(ctx.data.skipped, null, 2));
        fs.writeFileSync(path.join(reportDir, 'perf.json'), JSON.stringify({ sft_s: (t1 - t0) / 1000, rl_s: (t2 - t1) / 1000, eval_s: (t3 - t2) / 1000 }));
        await writeRunReport(reportDir, { runId, cfg, history: this.sink.history, eval: evaluation.results, final: report.final, rlGain: gain }); // report.md, curves.png
        await tracker.logArtifact(runId, reportDir, 'report');
        fs.rmSync(reportDir, { recursive: true, force: true });
        if (trained && evalBefore) writeEvalBefore(checkpoint, evalBefore);
        return {
          runId,
          final: report.final,
          eval: evaluation.results,
          checkpoint,
          ...(gain ? { rl_gain: gain } : {}),
          seconds: { sft: (t1 - t0) / 1000, rl: (t2 - t1) / 1000, eval: (t3 - t2) / 1000 },
        };
      },
    );
  }

  /** Restore a checkpoint of this config's run: policy state, then every RNG stream. */
  private async resume(dir: string, runId: string): Promise<RunState> {
    const state = readRunState(dir, this.cfg);
    await this.ctx.policy.load(dir, this.ctx.rng.policy);
    const { rng } = this.ctx;
    rng.data.setState(state.rng.data);
    rng.sample.setState(state.rng.sample);
    rng.shuffle.setState(state.rng.shuffle);
    rng.policy.setState(state.rng.policy);
    if (state.estimator_state !== undefined) this.ctx.scorer.estimatorState = state.estimator_state;
    await this.tracker.setTags(runId, { 'videor1.resumed_from': dir, 'videor1.resumed_at_rl_step': String(state.rl_step) });
    this.ctx.say(`resuming ${dir}: SFT ${state.sft_done ? 'done' : 'not done'}, RL step ${state.rl_step}`);
    return state;
  }
}
