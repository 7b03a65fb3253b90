import { spawn } from 'node:child_process';
import { UserError } from '../../../core/errors';

/**
 * ffmpeg and ffprobe, spawned (no shell). Binaries come from PATH, or from VIDEOR1_FFMPEG and
 * VIDEOR1_FFPROBE when set. A missing binary is bad setup (UserError, exit 2, with how to
 * install it); a tool that fails on a file raises MediaError, which task sources report as a
 * skipped sample (never replaced by other media, docs/released-code.md §0.13).
 */

/** A media file that could not be read or written: missing, corrupt, or unusable. */
export class MediaError extends Error {
  constructor(
    message: string,
    readonly file: string,
  ) {
    super(message);
    this.name = 'MediaError';
  }
}

export type MediaTool = 'ffmpeg' | 'ffprobe';

const INSTALL = 'install ffmpeg (it provides ffprobe too): apt-get install -y ffmpeg on Debian/Ubuntu, brew install ffmpeg on macOS';

/** The binary to run for a tool. */
export function toolPath(tool: MediaTool): string {
  return (tool === 'ffmpeg' ? process.env.VIDEOR1_FFMPEG : process.env.VIDEOR1_FFPROBE) || tool;
}

/**
 * Run a tool and collect stdout. `file` names the media file in errors. Non-zero exit →
 * MediaError with the last lines ffmpeg printed; binary not found → UserError.
 */
export function runTool(tool: MediaTool, args: readonly string[], file: string, input?: Uint8Array): Promise<Buffer> {
  const bin = toolPath(tool);
  return new Promise((resolve, reject) => {
    let settled = false;
    const settle = (f: () => void) => {
      if (!settled) {
        settled = true;
        f();
      }
    };
    const child = spawn(bin, [...args], { stdio: ['pipe', 'pipe', 'pipe'] });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout.on('data', (b: Buffer) => out.push(b));
    child.stderr.on('data', (b: Buffer) => err.push(b));
    child.on('error', (e: NodeJS.ErrnoException) =>
      settle(() =>
        reject(
          e.code === 'ENOENT'
            ? new UserError(`${tool} is needed to read and write videos but '${bin}' was not found; ${INSTALL}`, {
                expected: `${tool} on PATH (or VIDEOR1_${tool.toUpperCase()})`,
                found: 'nothing',
              })
            : new MediaError(`cannot run ${bin}: ${e.message}`, file),
        ),
      ),
    );
    child.on('close', (code, signal) =>
      settle(() => {
        if (code === 0) resolve(Buffer.concat(out));
        else reject(new MediaError(`${tool} failed (${signal ?? `exit ${code}`}): ${lastLines(Buffer.concat(err).toString('utf8'))}`, file));
      }),
    );
    child.stdin.on('error', () => undefined); // EPIPE when the tool exits before reading its input
    child.stdin.end(input ? Buffer.from(input.buffer, input.byteOffset, input.byteLength) : undefined);
  });
}

/** The last two non-empty lines of a tool's stderr, trimmed of ffmpeg's `[demuxer @ 0x…]` prefixes. */
function lastLines(text: string): string {
  const lines = text
    .split('\n')
    .map((l) => l.replace(/^\[[^\]]*@ 0x[0-9a-f]+\]\s*/, '').trim())
    .filter(Boolean);
  return lines.slice(-2).join(' / ') || 'no message';
}

/** What ffprobe says about a file's first video stream. */
export interface VideoInfo {
  /** Frame count from the container's packets (ffprobe -count_packets; like decord's len(vr), from the index). */
  totalFrames: number;
  /** Average frame rate (decord's get_avg_fps); 0 when unknown. */
  fps: number;
  /** Seconds: totalFrames / fps like qwen-vl-utils, else the container's duration. */
  duration: number;
  width: number;
  height: number;
}

/**
 * Probe a video without decoding it: frames are counted as the stream's packets (one frame per
 * packet in the containers Video-R1 uses). A file whose packets do not all decode fails later, in
 * readVideoFrames ("decoded k of n frames"), and is reported; it is never padded.
 */
export async function probeVideo(file: string): Promise<VideoInfo> {
  const args = [
    '-v',
    'error',
    '-select_streams',
    'v:0',
    '-count_packets',
    '-show_entries',
    'stream=nb_read_packets,avg_frame_rate,r_frame_rate,width,height:format=duration',
    '-of',
    'json',
    file,
  ];
  const raw = (await runTool('ffprobe', args, file)).toString('utf8');
  let parsed: { streams?: Record<string, unknown>[]; format?: { duration?: string } };
  try {
    parsed = JSON.parse(raw) as typeof parsed;
  } catch {
    throw new MediaError('ffprobe printed something that is not JSON', file);
  }
  const s = parsed.streams?.[0];
  if (!s) throw new MediaError('no video stream', file);
  const totalFrames = Number(s.nb_read_packets ?? 0);
  if (!(totalFrames > 0)) throw new MediaError('the video stream has no frames', file);
  const fps = parseRate(s.avg_frame_rate) || parseRate(s.r_frame_rate);
  const duration = fps > 0 ? totalFrames / fps : Number(parsed.format?.duration ?? NaN);
  if (!(duration > 0)) throw new MediaError('unknown frame rate and duration', file);
  return { totalFrames, fps, duration, width: Number(s.width), height: Number(s.height) };
}

/** "30000/1001" → 29.97; "0/0" or junk → 0. */
function parseRate(v: unknown): number {
  if (typeof v !== 'string') return 0;
  const [n, d = '1'] = v.split('/');
  const r = Number(n) / Number(d);
  return Number.isFinite(r) && r > 0 ? r : 0;
}
