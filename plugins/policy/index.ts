import type { PluginIndex } from '../../core/contracts/plugin';

/** Policies by registered name (alphabetical). */
const policies: PluginIndex = {
  'tiny-vlm': () => import('./tiny-vlm'),
};
export default policies;
