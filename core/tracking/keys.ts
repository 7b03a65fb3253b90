/**
 * The one metric-, param- and tag-key rule (MLflow's, docs/mlflow.md §1.1): every key videor1
 * composes (eval metrics, grid roll-ups) and every key a tracker stores goes through `sanitizeKey`,
 * so a run's JSON output, its local store and its MLflow copy name a value alike.
 */

/** MLflow's limit on metric, param and tag keys. */
export const MAX_KEY_LENGTH = 250;

/** MLflow accepts ASCII alphanumerics and `_ - . / space :` (`:` everywhere but Windows servers). */
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
