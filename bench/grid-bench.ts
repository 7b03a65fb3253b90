/**
 * Grid benchmarks, measured side by side in one run:
 * - grid_parallel_efficiency: `ablations/smoke.yaml` at `--parallel 2` against `--parallel 1`,
 *   wall(1) / (2 · wall(2)) (1.0: two workers halve the grid's wall time);
 * - the paper grid's (`ablations/paper.yaml`, 15 cells) estimated wall time with and without the
 *   shared SFT cold start, from per-step stage times of a short probe of its base experiment
 *   (SFT, RL, eval and setup scaled to the full budgets), at --parallel 2 with the measured
 *   efficiency. The paper grid itself takes hours here and is not run.
 */
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { planGrid } from '../core/grid/cells';
import { canonicalJson, sha256 } from '../core/grid/hash';
import { readGrid } from '../core/grid/spec';
import type { PluginRegistry } from '../core/registry/registry';

const REPO = path.resolve(__dirname, '..');
const BIN = path.join(REPO, 'bin', 'videor1.js');

/** Run the videor1 executable in `cwd`; resolves with its wall time in seconds. */
function timed(args: string[], cwd: string): Promise<number> {
  const t0 = Date.now();
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, ...args], { cwd, stdio: ['ignore', 'ignore', 'pipe'], env: process.env });
    let stderr = '';
    child.stderr.on('data', (b) => (stderr = (stderr + String(b)).slice(-2000)));
    child.once('exit', (code) => (code === 0 ? resolve((Date.now() - t0) / 1000) : reject(new Error(`videor1 ${args.join(' ')} exited ${code}: ${stderr}`))));
  });
}

export async function runGridBench(registry: PluginRegistry): Promise<Record<string, number>> {
  const smoke = path.join(REPO, 'ablations', 'smoke.yaml');
  const fresh = () => fs.mkdtempSync(path.join(os.tmpdir(), 'videor1-grid-bench-'));
  const wall1 = await timed(['grid', smoke, '--parallel', '1', '--json'], fresh());
  const wall2 = await timed(['grid', smoke, '--parallel', '2', '--json'], fresh());
  const efficiency = wall1 / (2 * wall2);

  // a probe of the paper's base experiment with small budgets, scaled to the full ones
  const paper = readGrid(path.join(REPO, 'ablations', 'paper.yaml'));
  const plan = await planGrid(paper, { sets: [], cwd: REPO, registry });
  const base = plan.cells[0].cfg;
  const probe = { sft: 40, rl: 3, eval: 8 };
  const dir = fresh();
  const probeWall = await timed(
    ['train', paper.baseFile, '--set', `sft.steps=${probe.sft}`, '--set', `rl.steps=${probe.rl}`, '--set', `eval.limit=${probe.eval}`, '--json'],
    dir,
  );
  const perfFile = fs
    .readdirSync(path.join(dir, 'runs'))
    .map((d) => path.join(dir, 'runs', d, 'artifacts', 'report', 'perf.json'))
    .find((f) => fs.existsSync(f));
  if (!perfFile) throw new Error(`grid bench: the probe run left no report/perf.json in ${dir}`);
  const perf = JSON.parse(fs.readFileSync(perfFile, 'utf8')) as { sft_s: number; rl_s: number; eval_s: number };
  const setup = probeWall - perf.sft_s - perf.rl_s - perf.eval_s; // data, teacher, tokenizer, process start
  const cellTime = (cfg: typeof base, withSft: boolean) =>
    setup + (withSft ? (perf.sft_s / probe.sft) * cfg.sft.steps : 0) + (perf.rl_s / probe.rl) * cfg.rl.steps + (perf.eval_s / probe.eval) * cfg.eval.limit;
  // cells share a cold start when its inputs are equal: data, tokenizer, policy, SFT config, seed, backend
  const sftKey = (cfg: typeof base) =>
    sha256(canonicalJson({ sft: cfg.sft, policy: cfg.policy, data: cfg.data, tokenizer: cfg.tokenizer, seed: cfg.seed, backend: cfg.backend }));
  const withSft = plan.cells.filter((c) => c.cfg.sft.steps > 0);
  const coldStarts = new Set(withSft.map((c) => sftKey(c.cfg))).size;
  const own = plan.cells.reduce((a, c) => a + cellTime(c.cfg, c.cfg.sft.steps > 0), 0);
  const sftEach = (perf.sft_s / probe.sft) * base.sft.steps;
  const shared = own - (withSft.length - coldStarts) * sftEach;
  return {
    grid_parallel_efficiency: efficiency,
    grid_smoke_wall_s_parallel1: wall1,
    grid_smoke_wall_s_parallel2: wall2,
    paper_grid_cells: plan.cells.length,
    paper_grid_cold_starts_shared: coldStarts,
    paper_grid_cold_starts_own: withSft.length,
    paper_grid_est_cell_s: cellTime(base, true),
    // two workers at the measured efficiency, never better than perfect (a noisy machine can measure > 1)
    paper_grid_est_wall_s_shared_cold_start: shared / (2 * Math.min(1, efficiency)),
    paper_grid_est_wall_s_own_cold_start: own / (2 * Math.min(1, efficiency)),
  };
}
