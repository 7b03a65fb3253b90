import type { EstimatorPlugin } from '../../core/contracts/advantage';
import type { Group } from '../../core/contracts/group';

export interface EstimatorCase {
  why: string;
  groups: Group[];
  options?: Record<string, unknown>;
  /** Expected advantages `[B][G]` (toBeCloseTo, 9 digits). */
  advantages?: number[][];
  /** Expected bonuses by name, `[B][G]`. */
  bonuses?: Record<string, number[][]>;
  /** Expected metrics (subset). */
  metrics?: Record<string, number>;
  /** Estimator state passed in (stateful estimators). */
  state?: unknown;
  /** Expected state returned (toEqual). */
  nextState?: unknown;
  only?: boolean;
}

/**
 * The shared tester for advantage estimators (docs/style.md §4, after ESLint's RuleTester): a table
 * of hand-worked cases plus meta checks: defaults parse, every metric a case emits is declared in
 * `plugin.metrics`, and every declared metric is emitted by some case.
 */
export function estimatorTable(plugin: EstimatorPlugin, table: { cases: EstimatorCase[] }): void {
  describe(`advantage estimator '${plugin.name}'`, () => {
    it('has meta: a kebab-case name, a description and options whose defaults parse', () => {
      expect(plugin.name).toMatch(/^[a-z0-9]+(-[a-z0-9]+)*$/);
      expect(plugin.description.length).toBeGreaterThan(10);
      expect(() => plugin.options.parse({})).not.toThrow();
    });
    it('has no duplicate rows', () => {
      const whys = table.cases.map((c) => c.why);
      expect(new Set(whys).size).toBe(whys.length);
    });
    const focused = table.cases.some((c) => c.only);
    it('emits every declared metric in some case', () => {
      const seen = new Set(
        table.cases.flatMap((c) =>
          Object.keys(
            plugin.estimate(c.groups, plugin.options.parse(c.options ?? {}), c.state ?? plugin.initialState?.(plugin.options.parse(c.options ?? {}))).metrics,
          ),
        ),
      );
      expect(plugin.metrics.filter((k) => !seen.has(k))).toEqual([]);
    });
    for (const c of table.cases) {
      (focused && !c.only ? it.skip : it)(c.why, () => {
        const options = plugin.options.parse(c.options ?? {});
        const result = plugin.estimate(c.groups, options, c.state ?? plugin.initialState?.(options));
        expect(result.advantages).toHaveLength(c.groups.length);
        result.advantages.forEach((row, b) => expect(row).toHaveLength(c.groups[b].completions.length));
        for (const a of result.advantages.flat()) expect(Number.isFinite(a)).toBe(true);
        if (c.advantages) c.advantages.forEach((row, b) => row.forEach((a, i) => expect(result.advantages[b][i]).toBeCloseTo(a, 9)));
        if (c.bonuses) {
          for (const [name, rows] of Object.entries(c.bonuses))
            rows.forEach((row, b) => row.forEach((v, i) => expect(result.bonuses[name][b][i]).toBeCloseTo(v, 12)));
        }
        if (c.metrics) for (const [k, v] of Object.entries(c.metrics)) expect(result.metrics[k]).toBeCloseTo(v, 9);
        expect(Object.keys(result.metrics).filter((k) => !plugin.metrics.includes(k))).toEqual([]);
        if (c.nextState !== undefined) expect(result.state).toEqual(c.nextState);
      });
    }
  });
}
