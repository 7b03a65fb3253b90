import type { PluginIndex } from '../../core/contracts/plugin';

/** Advantage estimators by registered name (alphabetical). */
const estimators: PluginIndex = {
  'dr-grpo': () => import('./dr-grpo'),
  grpo: () => import('./grpo'),
  rloo: () => import('./rloo'),
  't-grpo': () => import('./t-grpo'),
};
export default estimators;
