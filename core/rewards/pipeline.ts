import type { Completion, Group, GroupSample } from '../contracts/group';
import type { EstimatorPlugin } from '../contracts/advantage';
import type { RewardPlugin } from '../contracts/reward';
import { RunError, UserError } from '../errors';
import { meanInOrder as mean, sampleStdInOrder as sampleStd } from '../stats/in-order';

/** A reward as configured for a run: plugin, parsed options and its weight in the total. */
export interface ConfiguredReward {
  plugin: RewardPlugin;
  options: unknown;
  weight: number;
}

/** What the stage (or `videor1 score`) knows about one prompt before rewards run. */
export interface GroupInput {
  sample: GroupSample;
  completions: readonly Completion[];
  contrast?: readonly Completion[];
  /** Per transform, each ordered completion's log-prob drop (rewards with `frameScores` read it). */
  logpDrop?: Group['logpDrop'];
}

/** Check order-dependent rewards: every `needs` entry must come earlier in the list. */
export function checkRewardOrder(rewards: readonly ConfiguredReward[], file?: string): void {
  rewards.forEach((r, i) => {
    for (const need of r.plugin.needs ?? []) {
      if (!rewards.slice(0, i).some((q) => q.plugin.name === need)) {
        throw new UserError(`reward '${r.plugin.name}' needs reward '${need}' before it`, {
          file,
          where: `rewards[${i}]`,
          expected: `'${need}' listed earlier in rewards`,
          found: rewards.map((q) => q.plugin.name).join(', '),
        });
      }
    }
  });
}

/**
 * Check that every reward component the estimator reads (its `needs().components`, e.g. t-grpo's
 * `accuracy_key`) is a configured reward: refused here, before any stage runs.
 */
export function checkEstimatorNeeds(estimator: EstimatorPlugin, options: unknown, rewardNames: readonly string[], file?: string): void {
  for (const key of estimator.needs?.(options).components ?? []) {
    if (!rewardNames.includes(key)) {
      throw new UserError(`advantage '${estimator.name}' reads the reward component '${key}', which no reward produces`, {
        file,
        where: 'rewards',
        expected: `a reward named '${key}' (or change the estimator's option that names it)`,
        found: rewardNames.join(', ') || 'none',
      });
    }
  }
}

/**
 * Run the configured rewards over each group in order (docs/design.md §2), for the ordered and the
 * contrast completions alike (docs/released-code.md §1.2: every reward function also scores the shuffled
 * group), then total = Σ weight · component (docs/released-code.md §2.5, weights 1).
 */
export function scoreGroups(inputs: readonly GroupInput[], rewards: readonly ConfiguredReward[]): Group[] {
  return inputs.map((input) => {
    const components = runRewards(input.sample, input.completions, rewards, input.logpDrop);
    const contrastComponents = input.contrast ? runRewards(input.sample, input.contrast, rewards) : undefined;
    const totals = input.completions.map((_, i) => rewards.reduce((sum, r) => sum + r.weight * components[r.plugin.name][i], 0));
    return {
      sample: input.sample,
      completions: input.completions,
      contrast: input.contrast,
      components,
      contrastComponents,
      rewards: totals,
      logpDrop: input.logpDrop,
    };
  });
}

function runRewards(
  sample: GroupSample,
  completions: readonly Completion[],
  rewards: readonly ConfiguredReward[],
  logpDrop?: Group['logpDrop'],
): Record<string, number[]> {
  const components: Record<string, number[]> = {};
  for (const r of rewards) {
    const group: Group = { sample, completions, components, rewards: [], logpDrop };
    let values: unknown;
    try {
      values = r.plugin.score(group, r.options);
    } catch (e) {
      throw new RunError(`reward '${r.plugin.name}' threw (rewards must never throw on model output): ${(e as Error).message}`, { cause: e });
    }
    checkValues(r.plugin, values, completions.length);
    components[r.plugin.name] = values;
  }
  return components;
}

/** A reward that breaks its contract is a plugin bug: fail the run loudly, never substitute. */
function checkValues(plugin: RewardPlugin, values: unknown, n: number): asserts values is number[] {
  const [lo, hi] = plugin.range;
  if (!Array.isArray(values) || values.length !== n) {
    throw new RunError(`reward '${plugin.name}' returned ${Array.isArray(values) ? values.length : typeof values} values for ${n} completions`);
  }
  values.forEach((v, i) => {
    if (typeof v !== 'number' || !Number.isFinite(v) || v < lo || v > hi) {
      throw new RunError(`reward '${plugin.name}' returned ${String(v)} for completion ${i}; its meta promises a finite value in [${lo}, ${hi}]`);
    }
  });
}

/**
 * TRL-style reward metrics: `rewards/<name>/mean|std` on the raw components (the released code
 * logs them without the temporal bonus), and `reward` and `reward_std` (the mean of the groups'
 * sample stds, as TRL logs it) on the totals the advantages normalise (`totals[b][i]`, bonuses
 * included; defaults to the groups' own totals). `frac_reward_zero_std` is the screen's
 * (core/stages/screen.ts): over every group drawn, before filtering.
 */
export function rewardMetrics(
  groups: readonly Group[],
  rewards: readonly ConfiguredReward[],
  totals: readonly (readonly number[])[] = groups.map((g) => g.rewards),
): Record<string, number> {
  const metrics: Record<string, number> = {};
  for (const r of rewards) {
    const all = groups.flatMap((g) => g.components[r.plugin.name]);
    metrics[`rewards/${r.plugin.name}/mean`] = mean(all);
    metrics[`rewards/${r.plugin.name}/std`] = sampleStd(all);
  }
  metrics.reward = mean(totals.flat());
  metrics.reward_std = mean(totals.map((t) => sampleStd(t)));
  return metrics;
}

/** `rewards/<name>/<modality>/mean`: each reward's mean per modality (image, video) of the groups. */
export function modalityRewardMetrics(groups: readonly Group[], rewards: readonly ConfiguredReward[]): Record<string, number> {
  const m: Record<string, number> = {};
  for (const modality of [...new Set(groups.map((g) => g.sample.data_type))].sort()) {
    const of = groups.filter((g) => g.sample.data_type === modality);
    for (const r of rewards) m[`rewards/${r.plugin.name}/${modality}/mean`] = mean(of.flatMap((g) => g.components[r.plugin.name]));
  }
  return m;
}
