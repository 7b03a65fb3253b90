/* eslint-disable @typescript-eslint/no-require-imports -- lazy loading: a plugin module loads only when a config names it (require keeps it synchronous under both tsx and jest) */
import type { PluginIndex } from '../../core/contracts/plugin';

/** Trackers by registered name (alphabetical): `local` (default) and `mlflow` (local + REST push). */
const trackers: PluginIndex = {
  local: async () => require('./local'),
  mlflow: async () => require('./mlflow'),
};
export default trackers;
