import type { ParsedRecord } from './records';

/**
 * The mixing category of a record (docs/released-code.md §5.1): the top folder of its media path,
 * which in Video-R1-260k is the paper domain for images (Chart, General, Knowledge, Math, OCR,
 * Spatial) and the source dataset for videos (LLaVA-Video-178K, STAR, CLEVRER, NeXT-QA,
 * PerceptionTest). A record that states `category` keeps it; a path with no folder falls back
 * to the first part of `data_source`, then to "uncategorised". Case is kept as found; mixers
 * compare case-insensitively.
 */
export function categoryOf(r: Pick<ParsedRecord, 'path' | 'data_source' | 'category'>): string {
  if (r.category) return r.category;
  const parts = r.path
    .replace(/\\/g, '/')
    .split('/')
    .filter((p) => p !== '' && p !== '.');
  if (parts.length > 1) return parts[0];
  const source = r.data_source.split('/')[0].trim();
  return source || 'uncategorised';
}
