/* eslint-disable @typescript-eslint/no-require-imports -- lazy loading: a plugin module loads only when a config names it (require keeps it synchronous under both tsx and jest) */
import type { PluginIndex } from '../../core/contracts/plugin';

/** Task sources by registered name (alphabetical). */
const sources: PluginIndex = {
  synthetic: async () => require('./synthetic'),
  'video-r1-json': async () => require('./video-r1-json'),
};
export default sources;
