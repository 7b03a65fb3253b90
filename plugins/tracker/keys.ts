/**
 * Key and value rules shared by the local store and MLflow (docs/mlflow.md §1.1, §1.4), applied
 * when a value enters the local store so that the local run and its MLflow copy hold the same keys.
 * The key rule is core's (core/tracking/keys.ts), which also names eval and grid metrics.
 */

export { MAX_KEY_LENGTH, sanitizeKey } from '../../core/tracking/keys';

/** Param values longer than this are truncated by the server; we reject them instead. */
export const MAX_PARAM_VALUE_LENGTH = 6000;
/** Portable cap for run tag values (5000 in 2.x-era servers, 8000 now). */
export const MAX_TAG_VALUE_LENGTH = 5000;
