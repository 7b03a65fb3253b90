/**
 * The media and Video-R1 JSON helpers `videor1 data` needs. They live under plugins/data/ because
 * the task sources share them; core/ may not import plugins (design.md §1), so this file is the
 * one place that does, on purpose, for helper functions only (no plugin object). To remove the
 * exception, move plugins/data/media and the video-r1-json record codec under core/.
 */
/* eslint-disable no-restricted-imports */
export { writeContactSheet } from '../../../../plugins/data/media';
export { categoryOf } from '../../../../plugins/data/video-r1-json/category';
export { mediaPath, readRecordFrames } from '../../../../plugins/data/video-r1-json/load';
export { readRecordsFile, type ParsedRecord } from '../../../../plugins/data/video-r1-json/records';
export { writeVideoR1Set, type WrittenSet } from '../../../../plugins/data/video-r1-json/write';
/* eslint-enable no-restricted-imports */
