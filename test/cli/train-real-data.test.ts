/**
 * Training on data in Video-R1's own format (written here by `videor1 data generate`, media made
 * with ffmpeg): the run reads it through the `video-r1-json` source, and a missing video is
 * reported on stderr and in the run's artifacts even under --json, never replaced.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { cli, REPO } from '../support/cli';

it('trains on Video-R1-format files and reports a missing video with its path and problem_id', async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'videor1-real-'));
  const g = await cli(['data', 'generate', 'data', '--n', '12', '--seed', '3', '--split', 'rl', '--frames', '8', '--size', '24'], dir);
  expect(g.code).toBe(0);
  const records = JSON.parse(fs.readFileSync(path.join(dir, 'data', 'rl.json'), 'utf8'));
  const victim = records.find((r: { data_type: string }) => r.data_type === 'video');
  fs.rmSync(path.join(dir, 'data', victim.path));

  fs.writeFileSync(
    path.join(dir, 'real.yaml'),
    `extends: ${path.join(REPO, 'experiments', 'smoke.yaml')}\ndata:\n  source:\n    name: video-r1-json\n    options: { files: { rl: ./data/rl.json } }\nsft: { steps: 0 }\nrl: { steps: 1 }\neval: { enabled: false }\n`,
  );
  const r = await cli(['train', 'real.yaml', '--json'], dir);
  expect(r.code).toBe(0);
  expect(r.stderr).toContain(victim.path.replace(/^\.\//, ''));
  expect(r.stderr).toContain(`problem_id ${victim.problem_id}`);
  const { runId } = JSON.parse(r.stdout);
  const skipped = JSON.parse(fs.readFileSync(path.join(dir, 'runs', runId, 'artifacts', 'report', 'data-skipped.json'), 'utf8'));
  expect(skipped.rl).toEqual([expect.objectContaining({ problem_id: victim.problem_id })]);
  const tags = JSON.parse(fs.readFileSync(path.join(dir, 'runs', runId, 'tags.json'), 'utf8'));
  expect(tags['videor1.data.rl.samples']).toBe(String(records.length - 1));
});
