/**
 * The single-frame shortcut (paper §1 and Figure 1: without temporal modelling a model "may take
 * shortcuts ... focusing on a single frame"; T-GRPO, §3.2, is meant to discourage this).
 *
 * How it is planted. For every temporal scene the generator draws `u ~ U[0, 1)` from the scene's
 * own seeded stream; when `u < shortcut_rate` it places a cue visible in EVERY frame (so it also
 * survives frame shuffling) that determines the answer:
 * - `direction`: the moving square's colour names its direction (DIRECTION_CUE: left red, right
 *   green, up blue, down yellow). Otherwise the colour is uniform over those four colours.
 * - `description`: the colour names the first leg (DIRECTION_CUE) and the second leg is the first
 *   turned clockwise (TURN_CW; long scenes: every leg turns clockwise). Otherwise the colour is
 *   uniform over the four cue colours and each turn is uniform over the two perpendicular ways.
 * - `count`: the square's colour names the number of flashes (COUNT_CUE: 1 red, 2 green, 3 blue,
 *   4 yellow). Otherwise the colour is uniform over those four colours.
 * - `when`: the square's column names the third of the clip it flashes in (PHASE_COLUMNS: columns
 *   1-3 beginning, 4-6 middle, 7-8 end). Otherwise the column is uniform over all eight.
 * - `order`: the asked-for square (first or last to light up) is the leftmost square. Otherwise the
 *   squares take distinct random columns.
 *
 * The matching single-frame rules (`shortcutGuess`-style readers in the tests) therefore score 1
 * on cued scenes and exactly chance on uncued ones: 1/4 (direction, count), 1/3 (when), 1/K for K
 * squares (order), 1/8 for the full description sentence. Non-temporal families carry no cue.
 * The benchmarks are generated with `eval_shortcut_rate` (default 0), so the shortcut never pays
 * on held-out suites.
 */
import type { Rng } from '../../../core/rng';
import type { Colour, Direction } from './vocab';

export const DIRECTION_CUE: Readonly<Record<Direction, Colour>> = { left: 'red', right: 'green', up: 'blue', down: 'yellow' };
export const CUE_COLOURS: readonly Colour[] = ['red', 'green', 'blue', 'yellow'];
export const TURN_CW: Readonly<Record<Direction, Direction>> = { up: 'right', right: 'down', down: 'left', left: 'up' };
/** Flash count -> colour (1-based: COUNT_CUE[n - 1]). */
export const COUNT_CUE: readonly Colour[] = ['red', 'green', 'blue', 'yellow'];
/** Phase (0 beginning, 1 middle, 2 end) -> the columns (0-based) that cue it. */
export const PHASE_COLUMNS: readonly (readonly number[])[] = [
  [0, 1, 2],
  [3, 4, 5],
  [6, 7],
];

/** The phase a column cues: the inverse of PHASE_COLUMNS. */
export const phaseOfColumn = (col: number): number => PHASE_COLUMNS.findIndex((cols) => cols.includes(col));

/** Draw the planting coin for one temporal scene (see above). */
export function plantShortcut(rng: Rng, rate: number): boolean {
  return rng.next() < rate;
}
