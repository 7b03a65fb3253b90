import { pythonFloat } from './python/float';

/**
 * grpo.py and eval_bench.py `normalize_number`: drop every comma, then Python `float()`; null where
 * Python raises (docs/released-code.md §2.2). So '1,000' is 1000, '3,5' is 35 and '1e400' is
 * Infinity; 'twelve' is null.
 */
export function normalizeNumber(s: string): number | null {
  return pythonFloat(s.replace(/,/g, ''));
}
