import type { PluginIndex } from '../../core/contracts/plugin';

/** Task sources by registered name (alphabetical). */
const sources: PluginIndex = {
  synthetic: () => import('./synthetic'),
  'video-r1-json': () => import('./video-r1-json'),
};
export default sources;
