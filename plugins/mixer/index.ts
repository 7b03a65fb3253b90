import type { PluginIndex } from '../../core/contracts/plugin';

/** Data mixers by registered name (alphabetical). */
const mixers: PluginIndex = {
  'image-video': () => import('./image-video'),
  'video-only': () => import('./video-only'),
};
export default mixers;
