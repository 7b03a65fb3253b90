/**
 * rewardTable: our "RuleTester" for reward plugins (docs/style.md §4). One call registers, under
 * `describe('reward <name>')`:
 *
 * - meta tests: kebab-case name, one-line description, finite range, defaults parse
 *   (`plugin.options.parse({})`), the table's options parse, metrics declared, unique and
 *   MLflow-safe, `needs` unique and not itself, no duplicate rows (same `why` or same input);
 * - one test per `cases` row: the scores equal `expect` exactly (-0 counts as 0; `digits` asks for
 *   `toBeCloseTo` instead), and are finite and inside `plugin.range`;
 * - one test per `robust` row: no throw, one finite score per completion, inside `plugin.range`;
 * - a fast-check property (unless `fuzz: false`): the same on arbitrary groups (any strings, any
 *   problem type, any reference rationale, any token length, arbitrary values for every component in `plugin.needs`).
 *
 * A row describes one Group. Give its completions as `text` (one), `texts` (several) or
 * `completions` (objects, for `tokenLength` or `tokenIds`); `sample` overrides the table's sample,
 * which overrides a multiple-choice default with solution `<answer>A</answer>`. `tokenLength`
 * defaults to the completion's word count (a stand-in: set it when the reward reads it). `rewards`
 * defaults to the element-wise sum of `components`. `only: true` focuses rows (jest `test.only`).
 *
 * ```ts
 * rewardTable(format, {
 *   cases: [{ why: 'both tags', text: '<think>a</think><answer>b</answer>', expect: 1 }],
 *   robust: [{ why: 'empty', text: '' }],
 * });
 * ```
 */
import fc from 'fast-check';
import type { z } from 'zod';
import type { Completion, Group, GroupSample } from '../../core/contracts/group';
import type { RewardPlugin } from '../../core/contracts/reward';
import { PROBLEM_TYPES } from '../../core/contracts/sample';

/** One completion of a row: its text, or the completion fields to set. */
export type CompletionInput = string | Partial<Completion>;

/** The Group-ish input shared by `cases` and `robust` rows. */
export interface RowInput {
  /** Why the row exists; cite the paper Eq., released-code line or issue for regressions. Unique. */
  readonly why: string;
  /** A single completion text. */
  readonly text?: string;
  /** Several completion texts. */
  readonly texts?: readonly string[];
  /** Several completions with explicit fields (tokenLength, tokenIds). */
  readonly completions?: readonly CompletionInput[];
  /** Reward components computed before this one, e.g. `{ accuracy: [1, 0] }`. */
  readonly components?: Readonly<Record<string, readonly number[]>>;
  /** Contrast (shuffled-frame) completions and their components, for T-GRPO-aware rewards. */
  readonly contrast?: readonly CompletionInput[];
  readonly contrastComponents?: Readonly<Record<string, readonly number[]>>;
  /** Sample fields (problem_type, solution, ...) overriding the table's. */
  readonly sample?: Partial<GroupSample>;
  /** Options for this row, merged over the table's options. */
  readonly options?: Readonly<Record<string, unknown>>;
  /** Focus this row (and other focused rows) with `test.only`. */
  readonly only?: boolean;
}

/** A row with an exact expected result: one number for one completion, or one per completion. */
export interface CaseRow extends RowInput {
  readonly expect: number | readonly number[];
  /** Compare with `toBeCloseTo(value, digits)` instead of exactly. */
  readonly digits?: number;
}

/** A malformed, empty or adversarial row: the reward must stay finite, in range and not throw. */
export type RobustRow = RowInput;

export interface RewardTableSpec {
  readonly cases: readonly CaseRow[];
  readonly robust: readonly RobustRow[];
  /** Options for every row (parsed by the plugin's schema, defaults filled). */
  readonly options?: Readonly<Record<string, unknown>>;
  /** Sample fields for every row. */
  readonly sample?: Partial<GroupSample>;
  /** Property test settings; `false` turns it off. Default 200 runs. */
  readonly fuzz?: false | { readonly runs?: number };
}

const DEFAULT_SAMPLE: GroupSample = { problem_type: 'multiple choice', solution: '<answer>A</answer>', data_type: 'video' };
const MLFLOW_SAFE = /^[A-Za-z0-9_\-./ ]+$/;
const KEBAB = /^[a-z][a-z0-9]*(?:-[a-z0-9]+)*$/;

const wordCount = (text: string): number => text.split(/\s+/).filter((w) => w !== '').length;

function toCompletion(input: CompletionInput): Completion {
  const c = typeof input === 'string' ? { text: input } : input;
  const text = c.text ?? '';
  return { ...c, text, tokenLength: c.tokenLength ?? wordCount(text) };
}

function sumComponents(components: Readonly<Record<string, readonly number[]>>, n: number): number[] {
  return Array.from({ length: n }, (_, i) => Object.values(components).reduce((s, v) => s + (v[i] ?? 0), 0));
}

function rowCompletions(row: RowInput): readonly CompletionInput[] {
  return row.completions ?? row.texts ?? (row.text !== undefined ? [row.text] : []);
}

/** Build the Group a row describes. */
export function groupOf(row: RowInput, tableSample: Partial<GroupSample> = {}): Group {
  const completions = rowCompletions(row).map(toCompletion);
  const components = row.components ?? {};
  return {
    sample: { ...DEFAULT_SAMPLE, ...tableSample, ...row.sample } as GroupSample,
    completions,
    ...(row.contrast ? { contrast: row.contrast.map(toCompletion) } : {}),
    components,
    ...(row.contrastComponents ? { contrastComponents: row.contrastComponents } : {}),
    rewards: sumComponents(components, completions.length),
  };
}

/** Assert the reward contract on one result: one finite value per completion, inside the range. */
export function expectValidScores(plugin: RewardPlugin, group: Group, scores: unknown): void {
  const [lo, hi] = plugin.range;
  expect(Array.isArray(scores)).toBe(true);
  const values = scores as number[];
  expect(values).toHaveLength(group.completions.length);
  const bad = values.filter((v) => typeof v !== 'number' || !Number.isFinite(v) || v < lo || v > hi);
  expect(bad).toEqual([]);
}

const inputKey = (row: RowInput): string =>
  JSON.stringify([rowCompletions(row), row.components, row.contrast, row.contrastComponents, row.sample, row.options]);

const duplicates = (keys: readonly string[]): string[] => keys.filter((k, i) => keys.indexOf(k) !== i);

/** Arbitrary text a model might emit: plain, tagged, numeric-looking, any code points. */
const arbText: fc.Arbitrary<string> = fc.oneof(
  fc.string(),
  fc.string({ unit: 'binary' }),
  fc.tuple(fc.string(), fc.string()).map(([t, a]) => `<think>${t}</think><answer>${a}</answer>`),
  fc
    .oneof(fc.double().map(String), fc.integer().map(String), fc.constantFrom('inf', '-nan', '1_000', '1,000', ' 3.0 ', '0x10'))
    .map((a) => `<think>x</think><answer>${a}</answer>`),
);

function arbGroup(needs: readonly string[]): fc.Arbitrary<Group> {
  const completion = fc.record({ text: arbText, tokenLength: fc.oneof(fc.nat(1024), fc.integer()) });
  const component = fc.oneof(fc.double({ min: -1, max: 3, noNaN: true }), fc.constantFrom(0, 0.1, 1));
  return fc
    .record({
      problemType: fc.oneof(fc.constantFrom(...PROBLEM_TYPES), fc.string()),
      solution: fc.oneof(
        arbText,
        arbText.map((a) => `<answer>${a}</answer>`),
      ),
      dataType: fc.constantFrom('image' as const, 'video' as const),
      // a reference rationale (reward rationale reads it; a missing one is an input error, not model output)
      process: fc.oneof(
        arbText,
        arbText.map((a) => `<think>${a}</think>`),
      ),
      completions: fc.array(completion, { minLength: 1, maxLength: 8 }),
    })
    .chain((g) =>
      fc.tuple(...needs.map(() => fc.array(component, { minLength: g.completions.length, maxLength: g.completions.length }))).map((values): Group => {
        const components = Object.fromEntries(needs.map((name, i) => [name, values[i]]));
        return {
          sample: { problem_type: g.problemType as GroupSample['problem_type'], solution: g.solution, data_type: g.dataType, process: g.process },
          completions: g.completions,
          components,
          rewards: sumComponents(components, g.completions.length),
        };
      }),
    );
}

/** Register the meta, case, robust and property tests of one reward plugin. */
export function rewardTable<O extends z.ZodTypeAny>(plugin: RewardPlugin<O>, spec: RewardTableSpec): void {
  const parse = (row?: RowInput): z.infer<O> => plugin.options.parse({ ...spec.options, ...row?.options });
  const rows: readonly RowInput[] = [...spec.cases, ...spec.robust];
  const [lo, hi] = plugin.range;

  describe(`reward ${plugin.name}`, () => {
    describe('meta', () => {
      test('is a reward with a kebab-case name and a one-line description', () => {
        expect(plugin.kind).toBe('reward');
        expect(plugin.name).toMatch(KEBAB);
        expect(plugin.description.trim()).not.toBe('');
        expect(plugin.description).not.toContain('\n');
      });
      test('declares a finite range', () => {
        expect(Number.isFinite(lo) && Number.isFinite(hi) && lo <= hi).toBe(true);
      });
      test('default options parse, and so do the table options', () => {
        expect(() => plugin.options.parse({})).not.toThrow();
        expect(() => parse()).not.toThrow();
      });
      test('declares unique, MLflow-safe metrics', () => {
        expect(plugin.metrics.length).toBeGreaterThan(0);
        expect(duplicates(plugin.metrics)).toEqual([]);
        expect(plugin.metrics.filter((m) => !MLFLOW_SAFE.test(m))).toEqual([]);
      });
      test('needs only other components, each once', () => {
        const needs = plugin.needs ?? [];
        expect(duplicates(needs)).toEqual([]);
        expect(needs).not.toContain(plugin.name);
      });
      test('has no duplicate rows and one completion source per row', () => {
        expect(duplicates(rows.map((r) => r.why))).toEqual([]);
        expect(duplicates(rows.map(inputKey))).toEqual([]);
        const sources = (r: RowInput): number => [r.text, r.texts, r.completions].filter((s) => s !== undefined).length;
        expect(rows.filter((r) => sources(r) !== 1).map((r) => r.why)).toEqual([]);
        expect(rows.length).toBeGreaterThan(0);
      });
    });

    describe('cases', () => {
      for (const row of spec.cases) {
        (row.only ? test.only : test)(row.why, () => {
          const group = groupOf(row, spec.sample);
          const scores = plugin.score(group, parse(row));
          const want = typeof row.expect === 'number' ? [row.expect] : [...row.expect];
          expect(scores).toHaveLength(want.length);
          if (row.digits === undefined) {
            expect(scores.map((v) => v + 0)).toEqual(want.map((v) => v + 0));
          } else {
            want.forEach((v, i) => expect(scores[i]).toBeCloseTo(v, row.digits));
          }
          expectValidScores(plugin, group, scores);
        });
      }
    });

    describe('robust', () => {
      for (const row of spec.robust) {
        (row.only ? test.only : test)(row.why, () => {
          const group = groupOf(row, spec.sample);
          let scores: unknown;
          expect(() => {
            scores = plugin.score(group, parse(row));
          }).not.toThrow();
          expectValidScores(plugin, group, scores);
        });
      }
    });

    const fuzz = spec.fuzz;
    if (fuzz !== false) {
      test('property: finite, in range, never throws on arbitrary groups', () => {
        const options = parse();
        fc.assert(
          fc.property(arbGroup(plugin.needs ?? []), (group) => {
            const scores = plugin.score(group, options);
            return scores.length === group.completions.length && scores.every((v) => Number.isFinite(v) && v >= lo && v <= hi);
          }),
          { numRuns: fuzz?.runs ?? 200 },
        );
      });
    }
  });
}
