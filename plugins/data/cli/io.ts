/** The media and Video-R1 JSON helpers `videor1 data` shares with the task sources. */
export { writeContactSheet } from '../media';
export { categoryOf } from '../video-r1-json/category';
export { mediaPath, readRecordFrames } from '../video-r1-json/load';
export { readRecordsFile, type ParsedRecord } from '../video-r1-json/records';
export { writeVideoR1Set } from '../video-r1-json/write';
