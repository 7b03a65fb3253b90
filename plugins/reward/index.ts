import type { PluginIndex } from '../../core/contracts/plugin';

/** Built-in reward plugins by name (= file name = config key), lazy and alphabetical (style.md §4). */
const rewards: PluginIndex = {
  accuracy: () => import('./accuracy'),
  format: () => import('./format'),
  length: () => import('./length'),
};

export default rewards;
