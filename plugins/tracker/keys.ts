/**
 * Key and value rules shared by the local store and MLflow (mlflow.md §1.1, §1.4), applied when a
 * value enters the local store so that the local run and its MLflow copy hold the same keys.
 */

/** MLflow's limit on metric, param and tag keys. */
export const MAX_KEY_LENGTH = 250;
/** Param values longer than this are truncated by the server; we reject them instead. */
export const MAX_PARAM_VALUE_LENGTH = 6000;
/** Portable cap for run tag values (5000 in 2.x-era servers, 8000 now). */
export const MAX_TAG_VALUE_LENGTH = 5000;

const BAD_CHAR = /[^A-Za-z0-9_\-./ :]/g;

/**
 * Make a key MLflow accepts: characters other than ASCII alphanumerics and `_ - . / space :` become
 * `_`; path segments that normalisation would change (empty, `.`, `..`) are dropped or replaced,
 * so the key never starts with `/` nor contains `//`; at most 250 characters.
 *
 * Example: `rewards[0].name` → `rewards_0_.name`; `/train//loss/` → `train/loss`.
 */
export function sanitizeKey(key: string): string {
  const segments = key
    .replace(BAD_CHAR, '_')
    .split('/')
    .filter((s) => s !== '' && s !== '.')
    .map((s) => (s === '..' ? '__' : s));
  let out = segments.join('/');
  if (out.length > MAX_KEY_LENGTH) out = out.slice(0, MAX_KEY_LENGTH).replace(/\/+$/, '');
  return out === '' ? '_' : out;
}
