/* eslint-disable @typescript-eslint/no-require-imports -- lazy loading: a plugin module loads only when a config names it (require keeps it synchronous under both tsx and jest) */
import type { PluginIndex } from '../../core/contracts/plugin';

/** Tokenizers by registered name (alphabetical). */
const tokenizers: PluginIndex = {
  bytes: async () => require('./bytes'),
  words: async () => require('./words'),
};
export default tokenizers;
