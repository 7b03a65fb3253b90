/* eslint-disable @typescript-eslint/no-require-imports -- lazy loading: a plugin module loads only when a config names it (require keeps it synchronous under both tsx and jest) */
import type { PluginIndex } from '../../core/contracts/plugin';

/** Policies by registered name (alphabetical). */
const policies: PluginIndex = {
  'tiny-vlm': async () => require('./tiny-vlm'),
};
export default policies;
