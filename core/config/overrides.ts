import { parse as parseYaml } from 'yaml';
import { UserError } from '../errors';
import { isPlainObject } from './merge';

/**
 * Apply `--set key.path=value` overrides. The value is read as a YAML scalar or flow value
 * (`0.3`, `true`, `[a, b]`, `{name: grpo}`); numeric path parts index arrays (`rewards.2.weight`).
 */
export function applyOverrides(doc: Record<string, unknown>, sets: readonly string[]): Record<string, unknown> {
  const out = structuredClone(doc);
  for (const set of sets) {
    const eq = set.indexOf('=');
    if (eq <= 0) throw new UserError('bad --set override', { where: `--set ${set}`, expected: 'key.path=value', found: JSON.stringify(set) });
    const keyPath = set.slice(0, eq).trim();
    const raw = set.slice(eq + 1);
    let value: unknown;
    try {
      value = raw === '' ? '' : parseYaml(raw);
    } catch (e) {
      throw new UserError(`cannot read the value of --set ${keyPath}: ${(e as Error).message.split('\n')[0]}`, { where: `--set ${set}` });
    }
    setPath(out, keyPath.split('.'), value, set);
  }
  return out;
}

function setPath(root: Record<string, unknown>, parts: string[], value: unknown, set: string): void {
  let node: unknown = root;
  for (let i = 0; i < parts.length; i++) {
    const key = parts[i];
    const last = i === parts.length - 1;
    if (Array.isArray(node)) {
      const idx = Number(key);
      if (!Number.isInteger(idx) || idx < 0 || idx >= node.length) {
        throw new UserError('bad --set path', {
          where: `--set ${set}`,
          expected: `an index 0..${node.length - 1} at '${parts.slice(0, i).join('.')}'`,
          found: JSON.stringify(key),
        });
      }
      if (last) node[idx] = value;
      else node = node[idx];
    } else if (isPlainObject(node)) {
      if (last) node[key] = value;
      else {
        if (node[key] === undefined) node[key] = {};
        node = node[key];
      }
    } else {
      throw new UserError('bad --set path', { where: `--set ${set}`, expected: `a mapping at '${parts.slice(0, i).join('.')}'`, found: JSON.stringify(node) });
    }
  }
}
