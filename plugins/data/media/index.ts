/**
 * Media helpers shared by task sources and `videor1 data`: image and video decoding to Frames,
 * PNG and video writing, ffmpeg/ffprobe wrappers, the reference frame-sampling rule and contact
 * sheets. Not a plugin (the data kind's index does not list it).
 */
export { MediaError, probeVideo, runTool, toolPath, type MediaTool, type VideoInfo } from './ffmpeg';
export { convertChannels, frameAt, framesFromPixels, imageToFrames, pixelsFromFrames, resizeArea, type Pixels } from './frames';
export { decodeImageFile, decodePng, encodePng, readImageFrames, rgbOf, writePng, type Rgba } from './image';
export { floorEven, frameIndices, sampleFrameCount, type SamplingRule } from './sampling';
export { readVideoFrames, writeVideo, type ReadVideo, type WriteVideoOptions } from './video';
export { mapLimit } from './map-limit';
export { renderContactSheet, writeContactSheet, type ContactSheetOptions } from './contact-sheet';
