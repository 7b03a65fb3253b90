import type { Modality } from '../../core/contracts/sample';
import { UserError } from '../../core/errors';

/**
 * Turn configured shares (`modality/category` → weight; `modality/*` = that modality's pool
 * categories not named) into the probability of drawing each pool category. Pure and reported:
 *
 * 1. Category names match case-insensitively; a pool category no key matches gets no share and
 *    is listed in `unmatched` (never drawn).
 * 2. A key with no samples in the pool gives its share to the present keys of the same modality,
 *    in proportion to their shares; if that modality has none, to all present keys. Each move is
 *    listed in `redistributed` and `notes`.
 * 3. A `modality/*` share is split over its categories in proportion to their pool counts.
 */

export interface ResolvedShares {
  /** Configured shares normalised to sum 1 (lower-cased keys). */
  configured: Record<string, number>;
  /** Probability of drawing each pool category, keyed `modality/Category` (pool case). Sums to 1. */
  effective: Record<string, number>;
  redistributed: { from: string; share: number; to: 'same modality' | 'all present' }[];
  /** Pool categories no key matches: never drawn. */
  unmatched: string[];
  /** One line per redistribution or unmatched category, for people. */
  notes: string[];
}

const KEY = /^(image|video)\/(.+)$/;

/** `pool` maps `modality/Category` (pool case) to its sample count. */
export function resolveShares(shares: Readonly<Record<string, number>>, pool: Readonly<Record<string, number>>): ResolvedShares {
  const total = Object.values(shares).reduce((a, b) => a + b, 0);
  if (!(total > 0))
    throw new UserError('mixer shares must not all be zero', {
      where: 'mixer.options.shares',
      expected: 'at least one positive share',
      found: JSON.stringify(shares),
    });
  const configured: Record<string, number> = {};
  for (const [key, v] of Object.entries(shares)) {
    const k = key.toLowerCase();
    if (!KEY.test(k))
      throw new UserError('bad mixer share key', {
        where: `mixer.options.shares.${key}`,
        expected: "'image/<category>', 'video/<category>' or '<modality>/*'",
        found: JSON.stringify(key),
      });
    if (k in configured)
      throw new UserError('mixer share named twice (names are case-insensitive)', {
        where: `mixer.options.shares.${key}`,
        expected: 'each category once',
        found: JSON.stringify(key),
      });
    configured[k] = v / total;
  }

  // Which pool categories each configured key covers.
  const members: Record<string, string[]> = Object.fromEntries(Object.keys(configured).map((k) => [k, []]));
  const unmatched: string[] = [];
  for (const poolKey of Object.keys(pool).sort()) {
    const lower = poolKey.toLowerCase();
    const wildcard = `${lower.split('/')[0]}/*`;
    if (lower in members) members[lower].push(poolKey);
    else if (wildcard in members) members[wildcard].push(poolKey);
    else unmatched.push(poolKey);
  }

  // Move the shares of keys with no samples (step 2).
  const share = { ...configured };
  const redistributed: ResolvedShares['redistributed'] = [];
  const notes: string[] = [];
  const present = (k: string) => members[k].length > 0 && share[k] > 0;
  for (const k of Object.keys(configured).sort()) {
    if (members[k].length > 0 || configured[k] === 0) continue;
    const modality = k.split('/')[0] as Modality;
    let targets = Object.keys(share).filter((t) => t.startsWith(`${modality}/`) && present(t));
    let to: 'same modality' | 'all present' = 'same modality';
    if (targets.length === 0) {
      targets = Object.keys(share).filter(present);
      to = 'all present';
    }
    const mass = targets.reduce((a, t) => a + share[t], 0);
    if (mass > 0) for (const t of targets) share[t] += (share[k] * share[t]) / mass;
    redistributed.push({ from: k, share: configured[k], to });
    notes.push(
      `${k}: no samples in the pool; its share ${configured[k].toFixed(4)} went to ${to === 'same modality' ? `the other ${modality} categories` : 'every present category'}`,
    );
    share[k] = 0;
  }
  for (const u of unmatched) notes.push(`${u}: no share configured for it, so it is never drawn`);

  // Expand keys to pool categories (step 3).
  const effective: Record<string, number> = {};
  for (const [k, cats] of Object.entries(members)) {
    const size = cats.reduce((a, c) => a + pool[c], 0);
    for (const c of cats) effective[c] = share[k] * (pool[c] / size);
  }
  for (const u of unmatched) effective[u] = 0;
  const sum = Object.values(effective).reduce((a, b) => a + b, 0);
  if (!(sum > 0)) {
    throw new UserError('no sample in the pool matches a positive mixer share', {
      where: 'mixer.options.shares',
      expected: `a share for one of ${Object.keys(pool).sort().join(', ') || '(empty pool)'}`,
      found: JSON.stringify(shares),
    });
  }
  for (const c of Object.keys(effective)) effective[c] /= sum;
  return { configured, effective, redistributed, unmatched, notes };
}
