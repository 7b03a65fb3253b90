import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import type { FrameSpec, TaskSourceResult } from '../../../core/contracts/data';
import type { Frames, Sample } from '../../../core/contracts/sample';
import { UserError } from '../../../core/errors';
import { mapLimit, MediaError, readImageFrames, readVideoFrames, type SamplingRule } from '../media';
import { categoryOf } from './category';
import { readRecordsFile, type ParsedRecord } from './records';

/**
 * Load one Video-R1 JSON file with its media. Every record's media is decoded (images: T = 1;
 * videos: the reference sampling rule); a missing or corrupt file is skipped and reported with
 * its path and problem_id, or stops the load with on_missing 'error'. It is never replaced by
 * other media (docs/released-code.md §0.13: the released code substitutes a fixed image/video).
 */

export interface LoadSettings {
  rule: SamplingRule;
  onMissing: 'skip' | 'error';
  concurrency: number;
  /** Read only the first `limit` records. */
  limit?: number;
}

export type Skip = TaskSourceResult['skipped'][number];

export interface LoadedFile extends TaskSourceResult {
  /** Records in the file (after `limit`). */
  total: number;
}

export async function loadFile(file: string, root: string, spec: FrameSpec, s: LoadSettings): Promise<LoadedFile> {
  const all = await readRecordsFile(file);
  const records = s.limit === undefined ? all : all.slice(0, s.limit);
  const outcomes = await mapLimit(records, s.concurrency, async (r, index) => {
    const media = mediaPath(root, r.path);
    const frames = await readRecordFrames(r, media, spec, s.rule);
    if ('reason' in frames) {
      if (s.onMissing === 'error') {
        throw new UserError(`cannot use the media of record ${index} (problem_id ${JSON.stringify(r.problem_id)}): ${frames.reason}`, {
          file,
          where: media,
          expected: "a readable image or video (or on_missing: 'skip' to skip such records)",
          found: frames.reason,
        });
      }
      return { problem_id: r.problem_id, path: media, reason: frames.reason } satisfies Skip;
    }
    return toSample(r, frames);
  });
  const samples = outcomes.filter((o): o is Sample => 'frames' in o);
  const skipped = outcomes.filter((o): o is Skip => 'reason' in o);
  return { samples, skipped, total: records.length };
}

/** Where a record's media lives: the root joined with the record's relative path ("./a/b.mp4"). */
export function mediaPath(root: string, recordPath: string): string {
  return path.isAbsolute(recordPath) ? recordPath : path.join(root, recordPath);
}

/**
 * Decode one record's media to Frames, or say why it cannot be used. Only media problems become
 * a reason; setup problems (ffmpeg not installed) throw.
 */
export async function readRecordFrames(
  r: Pick<ParsedRecord, 'data_type'>,
  media: string,
  spec: FrameSpec,
  rule: SamplingRule,
): Promise<Frames | { reason: string }> {
  try {
    const st = await fs.stat(media);
    if (!st.isFile()) return { reason: 'not a file' };
  } catch {
    return { reason: 'missing file' };
  }
  try {
    if (r.data_type === 'image') return await readImageFrames(media, spec);
    return (await readVideoFrames(media, spec, rule)).frames;
  } catch (e) {
    if (e instanceof MediaError) return { reason: `corrupt or unreadable ${r.data_type}: ${e.message}` };
    throw e;
  }
}

function toSample(r: ParsedRecord, frames: Frames): Sample {
  const { category: _category, temporal, process, ...fields } = r;
  return {
    problem_id: fields.problem_id,
    problem: fields.problem,
    data_type: fields.data_type,
    problem_type: fields.problem_type,
    options: fields.options,
    solution: fields.solution,
    path: fields.path,
    data_source: fields.data_source,
    ...(process !== undefined ? { process } : {}),
    frames,
    category: categoryOf(r),
    // Unknown for the released files: true only when the record says so.
    temporal: temporal ?? false,
  };
}

/** One loud line (plus up to 5 examples) about skipped records, or nothing when none were skipped. */
export function skipSummary(split: string, file: string, loaded: LoadedFile): string[] {
  const n = loaded.skipped.length;
  if (n === 0) return [];
  const missing = loaded.skipped.filter((s) => s.reason === 'missing file').length;
  const head = `video-r1-json: WARNING: ${split}: skipped ${n} of ${loaded.total} records in ${file} (${missing} missing, ${n - missing} corrupt or unusable media); they are not replaced`;
  const examples = loaded.skipped.slice(0, 5).map((s) => `  problem_id ${JSON.stringify(s.problem_id)}: ${s.path}: ${s.reason}`);
  return [head, ...examples, ...(n > 5 ? [`  … and ${n - 5} more (see TaskSourceResult.skipped)`] : [])];
}
