import type { PluginIndex } from '../../core/contracts/plugin';

/** Tokenizers by registered name (alphabetical). */
const tokenizers: PluginIndex = {
  bytes: () => import('./bytes'),
  words: () => import('./words'),
};
export default tokenizers;
