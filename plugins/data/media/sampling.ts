/**
 * Video frame sampling of the reference (qwen-vl-utils vision_process.py, docs/released-code.md
 * §5.4): FPS 2, at least 4 frames, at most 16, an even count (FRAME_FACTOR 2):
 *
 *   n       = floor_even(min(max(duration · fps, min_frames), max_frames, total_frames))
 *   indices = round(linspace(0, total_frames − 1, n))
 *
 * duration = total_frames / average fps (decord), see probeVideo. The reference raises when
 * n < 2; callers treat that as an unusable video.
 */

export interface SamplingRule {
  /** Sampling rate in frames per second (reference FPS = 2.0). */
  fps: number;
  /** Lower bound before capping (reference FPS_MIN_FRAMES = 4). */
  minFrames: number;
  /** Upper bound (reference FPS_MAX_FRAMES = 16; also capped by FrameSpec.frames). */
  maxFrames: number;
}

/** Largest even integer ≤ x (FRAME_FACTOR = 2). */
export function floorEven(x: number): number {
  return 2 * Math.floor(x / 2);
}

/** Number of frames to sample from a video of `duration` seconds with `totalFrames` frames. */
export function sampleFrameCount(duration: number, totalFrames: number, rule: SamplingRule): number {
  return floorEven(Math.min(Math.max(duration * rule.fps, rule.minFrames), rule.maxFrames, totalFrames));
}

/**
 * round(linspace(0, total − 1, n)), rounding halves to even like torch.round. With n ≤ total the
 * step is ≥ 1, so the indices are strictly increasing.
 */
export function frameIndices(totalFrames: number, n: number): number[] {
  if (n <= 0) return [];
  if (n === 1) return [0];
  const step = (totalFrames - 1) / (n - 1);
  return Array.from({ length: n }, (_, i) => roundHalfEven(i === n - 1 ? totalFrames - 1 : i * step));
}

function roundHalfEven(x: number): number {
  const f = Math.floor(x);
  const d = x - f;
  if (d > 0.5) return f + 1;
  if (d < 0.5) return f;
  return f % 2 === 0 ? f : f + 1;
}
