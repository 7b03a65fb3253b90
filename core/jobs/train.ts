/**
 * The training entry object: one tracked run = SFT cold start → RL (GRPO/T-GRPO) → evaluation →
 * checkpoint. Resolved from the run's child container (docs/style.md §5); the run always ends with a
 * status (FINISHED, FAILED, KILLED).
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { inject, injectable } from 'tsyringe';
import type { Backend } from '../contracts/backend';
import type { DataMixer, LoadedData } from '../contracts/data';
import type { Policy } from '../contracts/policy';
import type { Tracker } from '../contracts/tracker';
import type { ResolvedConfig } from '../config/schema';
import { flattenConfig } from '../config/flatten';
import { writeRunReport } from '../report/run-report';
import type { Reporter } from '../run/reporter';
import type { RngStreams } from '../run/streams';
import { EvalStage, type BenchmarkResult, type EvalOutcome } from '../stages/eval';
import { RlStage } from '../stages/rl';
import { BACKEND, CONFIG, DATA, METRICS, MIXER, POLICY, REPORTER, RNG, TRACKER } from '../tokens';
import { withTrackedRun } from '../tracking/run-lifecycle';
import type { MetricSink } from './metric-sink';
import { provenanceTags } from './provenance';
import { readEvalBefore, rlGain, rlGainMetrics, writeEvalBefore, type RlGain } from './rl-gain';
import { RunCheckpoints, type RunState } from './run-state';
import { SftColdStart } from './stage-cache';

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
    @inject(BACKEND) private readonly backend: Backend,
    @inject(POLICY) private readonly policy: Policy,
    @inject(DATA) private readonly data: LoadedData,
    @inject(MIXER) private readonly mixer: DataMixer,
    @inject(RNG) private readonly rng: RngStreams,
    @inject(METRICS) private readonly sink: MetricSink,
    @inject(REPORTER) private readonly reporter: Reporter,
    @inject(SftColdStart) private readonly sft: SftColdStart,
    @inject(RlStage) private readonly rl: RlStage,
    @inject(EvalStage) private readonly evaluation: EvalStage,
    @inject(RunCheckpoints) private readonly checkpoints: RunCheckpoints,
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
    const { cfg, tracker, data } = this;
    const tags = { ...provenanceTags(cfg, this.backend.name), 'videor1.source': cfg.source, ...o.tags };
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
        await tracker.setTags(runId, Object.fromEntries(Object.entries(this.backend.detail).map(([k, v]) => [`videor1.backend.${k}`, String(v)])));
        await tracker.setTags(runId, Object.fromEntries(flattenConfig(data.stats, 'videor1.data')));
        this.reporter.say(`run ${runId}: ${cfg.name} (seed ${cfg.seed}), policy ${this.policy.name} with ${this.policy.parameterCount} parameters`);
        if (o.initFrom) {
          await this.policy.load(o.initFrom, this.rng.policy);
          await tracker.setTags(runId, { 'videor1.init_from': o.initFrom });
        }
        const resumed = o.resumeFrom ? await this.resume(o.resumeFrom, runId) : undefined;
        const checkpoints = path.join(cfg.output, 'checkpoints', runId);
        let evalBefore: EvalOutcome | undefined = resumed ? readEvalBefore(o.resumeFrom!) : undefined;
        const saveAt = async (rlStep: number, rlStartStep: number) => {
          const dir = path.join(checkpoints, `step-${rlStep}`);
          await this.checkpoints.save(dir, { sftDone: true, rlStep, rlStartStep });
          if (evalBefore) writeEvalBefore(dir, evalBefore);
        };

        const t0 = Date.now();
        // o.sftCache: a cold-start cache folder shared by runs with identical SFT inputs (a grid's cells)
        const sftRun = resumed?.sft_done ? undefined : await this.sft.run(o.sftCache);
        const sft = sftRun?.metrics ?? {};
        if (sftRun?.cache) await tracker.setTags(runId, { 'videor1.sft_cache': sftRun.cache.key, 'videor1.sft_cache.hit': String(sftRun.cache.hit) });
        const t1 = Date.now();
        const rlStart = resumed ? { firstStep: resumed.rl_step, rlStartStep: resumed.rl_start_step, resumed: true } : undefined;
        const runsRl = data.rl.length > 0 && cfg.rl.steps > (rlStart?.firstStep ?? 0);
        // the policy RL starts from, on the same questions as the final evaluation: the pairs of rl_gain
        if (runsRl && cfg.eval.enabled && !resumed) evalBefore = await this.evaluation.run(0);
        const rl = runsRl ? await this.rl.run(rlStart, saveAt) : {};
        const t2 = Date.now();
        if (data.rl.length > 0 && cfg.rl.steps > 0) {
          await tracker.setTags(runId, Object.fromEntries(flattenConfig(this.mixer.report(), 'videor1.mix')));
        }
        const evaluation = cfg.eval.enabled ? await this.evaluation.run(cfg.rl.steps) : { results: [], metrics: {}, answers: {} };
        const gain = evalBefore && cfg.eval.enabled ? rlGain(evalBefore, evaluation, cfg.seed) : undefined;
        if (gain) await this.sink.log(cfg.rl.steps, rlGainMetrics(gain));
        const t3 = Date.now();

        const trained = cfg.sft.steps > 0 || (cfg.rl.steps > 0 && data.rl.length > 0);
        const checkpoint = trained ? checkpoints : (o.initFrom ?? '');
        if (trained) {
          const rlStartStep = resumed?.rl_start_step ?? this.policy.step - cfg.rl.steps * cfg.rl.policy_iterations;
          await this.checkpoints.save(checkpoint, { sftDone: true, rlStep: cfg.rl.steps, rlStartStep: Math.max(0, rlStartStep) });
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
        if (Object.keys(data.skipped).length > 0) fs.writeFileSync(path.join(reportDir, 'data-skipped.json'), JSON.stringify(data.skipped, null, 2));
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

  /** Restore a checkpoint of this config's run (policy state, every RNG stream, the estimator's state) and tag the run. */
  private async resume(dir: string, runId: string): Promise<RunState> {
    const state = await this.checkpoints.restore(dir);
    await this.tracker.setTags(runId, { 'videor1.resumed_from': dir, 'videor1.resumed_at_rl_step': String(state.rl_step) });
    this.reporter.say(`resuming ${dir}: SFT ${state.sft_done ? 'done' : 'not done'}, RL step ${state.rl_step}`);
    return state;
  }
}
