import type { PluginIndex } from '../../core/contracts/plugin';

/** tfjs backends by registered name (alphabetical). `auto` is selectBackend's, not a plugin. */
const backends: PluginIndex = {
  cpu: () => import('./cpu'),
  tensorflow: () => import('./tensorflow'),
  wasm: () => import('./wasm'),
};
export default backends;
