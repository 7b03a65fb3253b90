import * as path from 'node:path';
import { isUserError, type UserError } from '../../../../core/errors';
import { categoryOf } from '../../../../plugins/data/video-r1-json/category';
import { parseRecords, readRecordsFile } from '../../../../plugins/data/video-r1-json/records';
import { record } from '../../../support/media';

const FILE = '/data/rl.json';
const good = (over: Record<string, unknown> = {}) => ({ ...record({ problem_id: 1, path: './Chart/a.png', data_type: 'image' }), ...over });

function userError(f: () => unknown): UserError {
  try {
    f();
  } catch (e) {
    if (isUserError(e)) return e;
    throw e;
  }
  throw new Error('expected a UserError');
}

describe('Video-R1 JSON records', () => {
  it('parses the reference fields, keeps process, ignores unknown keys', () => {
    const [r] = parseRecords(JSON.stringify([good({ process: '<think>x</think>', extra: 5 })]), FILE);
    expect(r).toEqual({ ...good({ process: '<think>x</think>' }) });
  });

  it('defaults a missing problem_id to the index and data_source to ""', () => {
    const { problem_id: _p, data_source: _d, ...rest } = good();
    const rs = parseRecords(JSON.stringify([good(), rest]), FILE);
    expect(rs[1].problem_id).toBe(1);
    expect(rs[1].data_source).toBe('');
  });

  const bad: { why: string; text: string; where: RegExp; expected?: RegExp; found?: RegExp }[] = [
    { why: 'trailing comma: line and column', text: '[\n  {"a": 1,}\n]', where: /line 2, column 11/, found: /"}/ },
    { why: 'unexpected token without a position from V8', text: '[1,\n2,\n x]', where: /line 3, column 2/, found: /"x]"/ },
    { why: 'truncated file', text: '[{"problem": "q"', where: /line 1, column 17/, found: /end of the file/ },
    { why: 'not an array', text: '{"problem": "q"}', where: /^/, expected: /a JSON array of records/, found: /an object/ },
    {
      why: 'a wrong type names key and problem_id',
      text: JSON.stringify([good(), good({ problem_id: 7, options: 'A. x' })]),
      where: /record 1 \(problem_id 7\), key options/,
      expected: /an array of strings/,
      found: /"A. x"/,
    },
    {
      why: 'unknown problem_type',
      text: JSON.stringify([good({ problem_id: 'p9', problem_type: 'Multiple Choice' })]),
      where: /record 0 \(problem_id "p9"\), key problem_type/,
      expected: /"multiple choice"/,
      found: /"Multiple Choice"/,
    },
    { why: 'bad data_type', text: JSON.stringify([good({ data_type: 'audio' })]), where: /key data_type/, expected: /"image", "video"/, found: /"audio"/ },
    { why: 'nested key path', text: JSON.stringify([good({ options: ['A. x', 3] })]), where: /key options\[1\]/, found: /number 3/ },
    { why: 'a record that is not an object', text: JSON.stringify([good(), 'oops']), where: /record 1/, expected: /an object/, found: /"oops"/ },
    { why: 'missing solution', text: JSON.stringify([{ ...good(), solution: undefined }]), where: /key solution/, found: /nothing/ },
  ];
  it.each(bad)('rejects: $why', ({ text, where, expected, found }) => {
    const e = userError(() => parseRecords(text, FILE));
    expect(e.details.file).toBe(FILE);
    expect(e.details.where ?? '').toMatch(where);
    if (expected) expect(e.details.expected).toMatch(expected);
    if (found) expect(e.details.found).toMatch(found);
    expect(e.message.startsWith(FILE)).toBe(true);
  });

  it('lists further bad records in one error', () => {
    const e = userError(() =>
      parseRecords(JSON.stringify([good({ problem_type: 'x' }), good({ problem_id: 2, solution: 3 }), good({ problem_id: 3, path: '' })]), FILE),
    );
    expect(e.message).toMatch(/and 2 more: record 1 \(problem_id 2\), key solution: found number 3; record 2 \(problem_id 3\), key path/);
  });

  it('names a missing file', async () => {
    const file = path.join(__dirname, 'no-such.json');
    await expect(readRecordsFile(file)).rejects.toMatchObject({ exitCode: 2, details: { file } });
  });

  it.each([
    {
      why: 'a bad \\u escape: the string that holds it',
      text: '[{"a": "\\u12g4"}]',
      reason: 'invalid unicode',
      where: 'line 1, column 8',
      found: '"\\u12g4"}]',
    },
    { why: 'a leading zero: the digit after it', text: '[01]', reason: 'comma expected', where: 'line 1, column 3', found: '1]' },
    { why: 'text after the array', text: '[1] x', reason: 'invalid symbol', where: 'line 1, column 5', found: 'x' },
    { why: 'a raw line break inside a string', text: '["a\nb"]', reason: 'unexpected end of string', where: 'line 1, column 2', found: '"a\nb"]' },
    { why: 'a comment (strict JSON has none)', text: '[1]\r\n// note', reason: 'invalid comment token', where: 'line 2, column 1', found: '// note' },
    { why: 'an empty file', text: '', reason: 'value expected', where: 'line 1, column 1', found: undefined },
  ])('names the first syntax error, its line and column and what was there: $why', ({ text, reason, where, found }) => {
    expect(() => JSON.parse(text)).toThrow(); // each case is invalid JSON
    const e = userError(() => parseRecords(text, FILE));
    expect(e.message).toContain(`not valid JSON (${reason})`);
    expect(e.details.where).toBe(where);
    expect(e.details.found).toBe(found === undefined ? 'the end of the file' : JSON.stringify(found));
  });
});

describe('categories', () => {
  it.each([
    ['./Knowledge/ArxivQA/images/1702.jpg', 'Multimath-300k', undefined, 'Knowledge'],
    ['./LLaVA-Video-178K/liwei_youtube_videos/videos/x.mp4', 'LLaVA-Video-178K/30_60_s', undefined, 'LLaVA-Video-178K'],
    ['./x.png', 'Multimath-300k/sub', undefined, 'Multimath-300k'],
    ['./x.png', '', undefined, 'uncategorised'],
    ['./Chart/x.png', '', 'count', 'count'],
  ])('%s (%s, stated %s) → %s', (p, source, stated, want) => {
    expect(categoryOf({ path: p, data_source: source, category: stated })).toBe(want);
  });
});
