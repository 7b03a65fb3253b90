/* eslint-disable @typescript-eslint/no-require-imports -- lazy loading: a plugin module loads only when a config names it (require keeps it synchronous under both tsx and jest) */
import type { PluginIndex } from '../../core/contracts/plugin';

/** Built-in reward plugins by name (= file name = config key), lazy and alphabetical (docs/style.md §4). */
const rewards: PluginIndex = {
  accuracy: async () => require('./accuracy'),
  'eval-bench': async () => require('./eval-bench'),
  format: async () => require('./format'),
  length: async () => require('./length'),
  rationale: async () => require('./rationale'),
  'temporal-logp': async () => require('./temporal-logp'),
};

export default rewards;
