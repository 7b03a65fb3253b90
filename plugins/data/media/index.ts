/**
 * Media helpers shared by task sources and `videor1 data`: image and video decoding to Frames,
 * PNG and video writing, ffmpeg/ffprobe wrappers, the reference frame-sampling rule and contact
 * sheets. Not a plugin (the data kind's index does not list it).
 */
export { MediaError } from './ffmpeg';
export { frameAt, pixelsFromFrames, resizeArea } from './frames';
export { decodeImageFile, encodePng, readImageFrames, writePng } from './image';
export { floorEven, frameIndices, sampleFrameCount, type SamplingRule } from './sampling';
export { readVideoFrames, writeVideo } from './video';
export { mapLimit } from './map-limit';
export { renderContactSheet, writeContactSheet } from './contact-sheet';
