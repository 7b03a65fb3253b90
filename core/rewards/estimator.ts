import type { EstimateResult, EstimatorNeeds, EstimatorPlugin } from '../contracts/advantage';
import type { Group } from '../contracts/group';
import type { ResolvedConfig } from '../config/schema';
import type { PluginRegistry } from '../registry/registry';
import { checkEstimatorNeeds } from './pipeline';

/**
 * The run's advantage estimator (the ESTIMATOR token) with its state: a stateful estimator
 * (EMA-GRPO's moments) advances `state` on each batch; checkpoints save it and resuming restores it.
 */
export class Estimator {
  /** JSON; undefined for stateless estimators. */
  state: unknown;

  constructor(
    readonly plugin: EstimatorPlugin,
    readonly options: unknown,
  ) {
    this.state = plugin.initialState?.(options);
  }

  /** What the estimator asks the stage for (a contrast group, reward components). */
  needs(): EstimatorNeeds {
    return this.plugin.needs?.(this.options) ?? {};
  }

  /** Advantages `[B][G]` of scored groups (the RL step's advantages banner). */
  estimate(groups: readonly Group[]): EstimateResult {
    const estimate = this.plugin.estimate(groups, this.options, this.state);
    if (estimate.state !== undefined) this.state = estimate.state;
    return estimate;
  }
}

/** The estimator a config names; refuses one that reads a reward component no reward produces. */
export async function loadEstimator(cfg: ResolvedConfig, registry: PluginRegistry, rewardNames: readonly string[]): Promise<Estimator> {
  const plugin = await registry.load<EstimatorPlugin>('advantage', cfg.advantage.name, 'advantage');
  checkEstimatorNeeds(plugin, cfg.advantage.options, rewardNames, cfg.source);
  return new Estimator(plugin, cfg.advantage.options);
}
