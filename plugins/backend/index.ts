/* eslint-disable @typescript-eslint/no-require-imports -- lazy loading: a plugin module loads only when a config names it (require keeps it synchronous under both tsx and jest) */
import type { PluginIndex } from '../../core/contracts/plugin';

/** tfjs backends by registered name (alphabetical); `auto` picks the first of the others that starts. */
const backends: PluginIndex = {
  auto: async () => require('./auto'),
  cpu: async () => require('./cpu'),
  tensorflow: async () => require('./tensorflow'),
  wasm: async () => require('./wasm'),
};
export default backends;
