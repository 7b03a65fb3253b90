import { promises as fs } from 'node:fs';
import { parse as parseJsonc, printParseErrorCode, type ParseError } from 'jsonc-parser';
import { z } from 'zod';
import { MODALITIES, PROBLEM_TYPES, type VideoR1Record } from '../../../core/contracts/sample';
import { describeValue, UserError } from '../../../core/errors';

/**
 * Video-R1's JSON files (docs/released-code.md §5.1-5.3): a JSON array of flat records. Parsing
 * is strict about what training reads (types, the five problem types, the two modalities) and
 * lenient elsewhere: unknown keys are ignored; `problem_id` (absent in some eval files) defaults
 * to the record's index; `data_source` defaults to "".
 */

/** A record as read, with the two optional videor1 extension keys that `data generate` writes. */
export interface ParsedRecord extends VideoR1Record {
  /** Mixing category, when the file states it (else derived, see category.ts). */
  category?: string;
  /** Whether the answer depends on frame order, when the file states it. */
  temporal?: boolean;
}

export const RecordSchema = z.object({
  problem_id: z.union([z.number().int(), z.string().min(1)]).optional(),
  problem: z.string(),
  data_type: z.enum(MODALITIES),
  problem_type: z.enum(PROBLEM_TYPES),
  options: z.array(z.string()),
  solution: z.string(),
  path: z.string().min(1),
  data_source: z.string().default(''),
  process: z.string().optional(),
  category: z.string().min(1).optional(),
  temporal: z.boolean().optional(),
});

/** What each key should hold, in words, for error messages. */
const EXPECTED: Record<string, string> = {
  problem_id: 'an integer or a non-empty string',
  problem: 'a string (the question)',
  data_type: `one of ${MODALITIES.map((m) => JSON.stringify(m)).join(', ')}`,
  problem_type: `one of ${PROBLEM_TYPES.map((m) => JSON.stringify(m)).join(', ')} (case-sensitive)`,
  options: 'an array of strings ([] unless multiple choice)',
  solution: 'a string like "<answer>A</answer>"',
  path: 'a non-empty media path like "./Chart/x.png"',
  data_source: 'a string',
  process: 'a string "<think>…</think>"',
  category: 'a non-empty string',
  temporal: 'true or false',
};

/** Read and validate a Video-R1 JSON file. Bad JSON, a non-array or bad records → UserError. */
export async function readRecordsFile(file: string): Promise<ParsedRecord[]> {
  let text: string;
  try {
    text = await fs.readFile(file, 'utf8');
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    throw new UserError(code === 'ENOENT' ? 'no such file' : `cannot read the file (${code ?? (e as Error).message})`, {
      file,
      expected: 'a Video-R1 JSON file (a JSON array of records)',
    });
  }
  return parseRecords(text, file);
}

/** Parse and validate the text of a Video-R1 JSON file (`file` names it in errors). */
export function parseRecords(text: string, file: string): ParsedRecord[] {
  const body = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  let data: unknown;
  try {
    data = JSON.parse(body);
  } catch (e) {
    throw jsonSyntaxError(body, file, e);
  }
  if (!Array.isArray(data)) throw new UserError('not a Video-R1 data file', { file, expected: 'a JSON array of records', found: describeValue(data) });

  const records: ParsedRecord[] = [];
  const problems: { where: string; expected: string; found: string }[] = [];
  data.forEach((raw: unknown, index) => {
    const id = raw && typeof raw === 'object' ? (raw as Record<string, unknown>).problem_id : undefined;
    const label = `record ${index}${typeof id === 'number' || typeof id === 'string' ? ` (problem_id ${JSON.stringify(id)})` : ''}`;
    if (!raw || typeof raw !== 'object' || Array.isArray(raw)) {
      problems.push({ where: label, expected: 'an object (one record)', found: describeValue(raw) });
      return;
    }
    const r = RecordSchema.safeParse(raw);
    if (!r.success) {
      for (const issue of r.error.issues) {
        const key = issue.path
          .map((p) => (typeof p === 'number' ? `[${p}]` : String(p)))
          .join('.')
          .replace(/\.\[/g, '[');
        const top = String(issue.path[0] ?? '');
        problems.push({ where: `${label}, key ${key}`, expected: EXPECTED[top] ?? issue.message, found: describeValue(valueAt(raw, issue.path)) });
      }
      return;
    }
    const { problem_id, ...rest } = r.data;
    records.push({ problem_id: problem_id ?? index, ...rest });
  });
  if (problems.length > 0) {
    const [first, ...more] = problems;
    const tail = more.length
      ? ` (and ${more.length} more: ${more
          .slice(0, 4)
          .map((p) => `${p.where}: found ${p.found}`)
          .join('; ')}${more.length > 4 ? '; …' : ''})`
      : '';
    throw new UserError(`bad record${problems.length > 1 ? 's' : ''}${tail}`, { file, where: first.where, expected: first.expected, found: first.found });
  }
  return records;
}

function valueAt(obj: unknown, keyPath: readonly PropertyKey[]): unknown {
  let v: unknown = obj;
  for (const k of keyPath) v = v && typeof v === 'object' ? (v as Record<PropertyKey, unknown>)[k] : undefined;
  return v;
}

/**
 * Where JSON text first breaks, from jsonc-parser (VS Code's JSON parser) in strict mode (no
 * comments, no trailing commas): the first error's offset (the start of the offending token, or
 * the end of the text) as a 1-based line and column, the parser's reason, and the text found there.
 */
function jsonSyntaxError(body: string, file: string, parseError: unknown): UserError {
  const errors: ParseError[] = [];
  parseJsonc(body, errors, { disallowComments: true, allowTrailingComma: false, allowEmptyContent: false });
  // should jsonc-parser accept text JSON.parse refused, JSON.parse's own message is the reason (at line 1, column 1)
  const first = errors[0] as ParseError | undefined;
  const at = first ? first.offset : 0;
  const reason = first
    ? printParseErrorCode(first.error)
        .replace(/(?<=[a-z])(?=[A-Z])/g, ' ')
        .toLowerCase()
    : (parseError as Error).message;
  const before = body.slice(0, at).split('\n');
  const where = `line ${before.length}, column ${before[before.length - 1].length + 1}`;
  const found = at >= body.length ? 'the end of the file' : JSON.stringify(body.slice(at, at + 12));
  return new UserError(`not valid JSON (${reason})`, { file, where, expected: 'valid JSON (a JSON array of records)', found });
}
