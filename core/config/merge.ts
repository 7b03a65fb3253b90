/** Plain-object test used by the merge (arrays and scalars replace, objects merge). */
export function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/**
 * Deep merge for `extends:` and grid variants (Hydra/OmegaConf-style): mappings merge key by key,
 * everything else (arrays included) is replaced by the child's value. A plugin reference that
 * names another plugin (`{ name: grpo }` over `{ name: t-grpo, options: ... }`) replaces the base
 * whole: one plugin's options mean nothing to another.
 */
export function deepMerge(base: unknown, child: unknown): unknown {
  if (!isPlainObject(base) || !isPlainObject(child)) return child === undefined ? base : child;
  if (isPluginRef(base) && isPluginRef(child) && base.name !== child.name) return child;
  const out: Record<string, unknown> = { ...base };
  for (const [k, v] of Object.entries(child)) out[k] = k in base ? deepMerge(base[k], v) : v;
  return out;
}

/** `{ name, options?, weight? }`: a plugin named in a config. */
function isPluginRef(v: Record<string, unknown>): boolean {
  return typeof v.name === 'string' && Object.keys(v).every((k) => k === 'name' || k === 'options' || k === 'weight');
}
