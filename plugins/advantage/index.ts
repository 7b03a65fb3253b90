/* eslint-disable @typescript-eslint/no-require-imports -- lazy loading: a plugin module loads only when a config names it (require keeps it synchronous under both tsx and jest) */
import type { PluginIndex } from '../../core/contracts/plugin';

/** Advantage estimators by registered name (alphabetical). */
const estimators: PluginIndex = {
  'dr-grpo': async () => require('./dr-grpo'),
  'ema-grpo': async () => require('./ema-grpo'),
  grpo: async () => require('./grpo'),
  rloo: async () => require('./rloo'),
  't-grpo': async () => require('./t-grpo'),
};
export default estimators;
