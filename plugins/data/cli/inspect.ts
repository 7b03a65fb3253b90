import * as path from 'node:path';
import { UserError } from '../../../core/errors';
import type { CliContext } from '../../../core/cli/command';
import { printTable } from '../../../core/cli/print';
import { categoryOf, mediaPath, readRecordFrames, readRecordsFile, writeContactSheet, type ParsedRecord } from './io';

/**
 * `videor1 data inspect <file.json>`: counts by problem type, modality and `modality/category`
 * (the keys mixers use) without decoding media; `--render <problem_id>` decodes one sample
 * exactly as `video-r1-json` would and draws its frames as a contact sheet PNG.
 */

export interface InspectArgs {
  target: string;
  render?: string;
  out?: string;
  root?: string;
  frames: number;
  size: number;
  json: boolean;
}

export interface RecordCounts {
  total: number;
  byProblemType: Record<string, number>;
  byModality: Record<string, number>;
  byCategory: Record<string, number>;
}

export function countRecords(records: readonly ParsedRecord[]): RecordCounts {
  const c: RecordCounts = { total: records.length, byProblemType: {}, byModality: {}, byCategory: {} };
  const inc = (m: Record<string, number>, k: string) => (m[k] = (m[k] ?? 0) + 1);
  for (const r of records) {
    inc(c.byProblemType, r.problem_type);
    inc(c.byModality, r.data_type);
    inc(c.byCategory, `${r.data_type}/${categoryOf(r)}`);
  }
  return c;
}

export async function inspect(a: InspectArgs, ctx: CliContext): Promise<number> {
  if (a.out !== undefined && a.render === undefined) {
    throw new UserError('--out names the contact sheet, which only --render draws', {
      where: '--out',
      expected: '--render <problem_id> with it',
      found: 'no --render',
    });
  }
  const file = path.resolve(ctx.cwd, a.target);
  const records = await readRecordsFile(file);
  const counts = countRecords(records);
  const rendered = a.render === undefined ? undefined : await render(a, a.render, file, records, ctx);

  if (a.json) {
    ctx.out(JSON.stringify({ file, ...counts, ...(rendered ? { rendered } : {}) }, null, 2));
    return 0;
  }
  ctx.out(`${file}: ${counts.total} records`);
  for (const [title, m] of [
    ['problem_type', counts.byProblemType],
    ['modality', counts.byModality],
    ['modality/category', counts.byCategory],
  ] as const) {
    ctx.out('');
    ctx.out(printTable(sorted(m), [title, 'count', 'share']));
  }
  if (rendered) ctx.out(`\nproblem_id ${rendered.problem_id}: ${rendered.frames} frame(s) of ${rendered.width}x${rendered.height} drawn to ${rendered.file}`);
  return 0;
}

async function render(a: InspectArgs, id: string, file: string, records: readonly ParsedRecord[], ctx: CliContext) {
  const record = records.find((r) => String(r.problem_id) === id);
  if (!record) {
    const some = records.slice(0, 3).map((r) => JSON.stringify(r.problem_id));
    throw new UserError(`no record with problem_id ${JSON.stringify(id)}`, {
      file,
      where: '--render',
      expected: `a problem_id in the file${some.length ? ` (e.g. ${some.join(', ')})` : ''}`,
      found: JSON.stringify(id),
    });
  }
  for (const [where, v] of [
    ['--frames', a.frames],
    ['--size', a.size],
  ] as const) {
    if (!Number.isInteger(v) || v < 2 || v > 256) throw new UserError('bad value', { where, expected: 'an integer from 2 to 256', found: String(v) });
  }
  const root = a.root ? path.resolve(ctx.cwd, a.root) : path.dirname(file);
  const media = mediaPath(root, record.path);
  const spec = { frames: a.frames, height: a.size, width: a.size, channels: 3 };
  const frames = await readRecordFrames(record, media, spec, { fps: 2, minFrames: 4, maxFrames: a.frames });
  if ('reason' in frames) {
    throw new UserError(`cannot render problem_id ${JSON.stringify(id)}: ${frames.reason}`, {
      file: media,
      expected: `a readable ${record.data_type}`,
      found: frames.reason,
    });
  }
  const out = path.resolve(ctx.cwd, a.out ?? `frames-${id.replace(/[^\w.-]+/g, '_')}.png`);
  await writeContactSheet(out, frames);
  return { problem_id: record.problem_id, file: out, frames: frames.t, height: frames.h, width: frames.w };
}

function sorted(m: Record<string, number>): string[][] {
  const total = Object.values(m).reduce((x, y) => x + y, 0);
  return Object.entries(m)
    .sort(([ka, a], [kb, b]) => b - a || (ka < kb ? -1 : 1))
    .map(([k, v]) => [k, String(v), `${((100 * v) / total).toFixed(1)}%`]);
}
