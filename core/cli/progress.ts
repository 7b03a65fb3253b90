/**
 * A progress bar per training stage on a terminal (cli-progress): step/total, ETA and the stage's
 * headline numbers (RL reward, accuracy and loss; SFT loss). Other lines printed while a bar is
 * shown go above it. Off a terminal there is no bar and progress stays plain `say` lines.
 */
import { MultiBar, Presets, type SingleBar } from 'cli-progress';
import type { StageProgress } from '../run/reporter';

export interface ProgressBars {
  /** The stage progress callback (RunOptions.progress, core/root.ts). */
  progress(p: StageProgress): void;
  /** Print a line above the bars (or plainly when none is shown). */
  say(text: string): void;
  /** Close the bars (the last state stays on screen). */
  stop(): void;
}

export function progressBars(stream: NodeJS.WriteStream = process.stderr): ProgressBars {
  const multi = new MultiBar(
    { stream, format: '{stage} [{bar}] {value}/{total} | ETA {eta_formatted} | {headline}', hideCursor: true, clearOnComplete: false, etaBuffer: 20, fps: 5 },
    Presets.shades_classic,
  );
  const bars = new Map<string, SingleBar>();
  return {
    progress(p) {
      const headline = Object.entries(p.values)
        .map(([k, v]) => `${k} ${v}`)
        .join('  ');
      let bar = bars.get(p.stage);
      if (!bar) {
        bar = multi.create(p.total, 0, { stage: p.stage.padEnd(3), headline });
        bars.set(p.stage, bar);
      }
      bar.update(p.step, { headline });
    },
    say(text) {
      if (bars.size > 0) multi.log(`${text}\n`);
      else stream.write(`${text}\n`);
    },
    stop() {
      multi.stop();
    },
  };
}
