/** Progress for people: `say` lines, and a progress bar per stage on a terminal (core/cli/progress). */

/** A stage's progress: step of total, and its headline numbers already formatted (reward, loss). */
export interface StageProgress {
  stage: 'sft' | 'rl';
  step: number;
  total: number;
  values: Record<string, string>;
}

/** The plain progress line (stderr that is not a terminal): `rl step 3/60  reward 1.423  loss 0.0123`. */
export function progressLine(p: StageProgress): string {
  return [`${p.stage} step ${p.step}/${p.total}`, ...Object.entries(p.values).map(([k, v]) => `${k} ${v}`)].join('  ');
}

/** One run's progress channel (the REPORTER token): silent under --json / --quiet. */
export class Reporter {
  /**
   * @param say progress lines for people
   * @param bar a progress bar per stage (a terminal); without it progress goes to `say` as plain lines
   */
  constructor(
    readonly say: (text: string) => void,
    private readonly bar?: (p: StageProgress) => void,
  ) {}

  /** Report a stage's progress: to the bar when there is one, else as a plain `say` line. */
  progress(p: StageProgress): void {
    if (this.bar) this.bar(p);
    else this.say(progressLine(p));
  }
}
