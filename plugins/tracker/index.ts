import type { PluginIndex } from '../../core/contracts/plugin';

/** Trackers by registered name (alphabetical): `local` (default) and `mlflow` (local + REST push). */
const trackers: PluginIndex = {
  local: () => import('./local'),
  mlflow: () => import('./mlflow'),
};
export default trackers;
