/* eslint-disable @typescript-eslint/no-require-imports -- lazy loading: a plugin module loads only when a config names it (require keeps it synchronous under both tsx and jest) */
import type { PluginIndex } from '../../core/contracts/plugin';

/** Data mixers by registered name (alphabetical). */
const mixers: PluginIndex = {
  'image-video': async () => require('./image-video'),
  'video-only': async () => require('./video-only'),
};
export default mixers;
