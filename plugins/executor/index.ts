/* eslint-disable @typescript-eslint/no-require-imports -- lazy loading: a plugin module loads only when a config names it (require keeps it synchronous under both tsx and jest) */
import type { PluginIndex } from '../../core/contracts/plugin';

/** Grid executors by registered name (alphabetical): `local` (worker processes) and `slurm` (job arrays). */
const executors: PluginIndex = {
  local: async () => require('./local'),
  slurm: async () => require('./slurm'),
};
export default executors;
