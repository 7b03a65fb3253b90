/**
 * The real MLflow UI in a real browser (Debian's Chromium driven by playwright-core; .ci/browser.sh
 * installs it): a smoke grid logged with `--tracker mlflow` lands in an experiment tagged for
 * model training, its children carry `variant` and `seed` params, and the experiment's runs table
 * shows the parent run with its two children nested under it.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { chromium, type Browser } from 'playwright-core';
import { EXPERIMENT_KIND, EXPERIMENT_KIND_TAG, experimentUrl, MlflowClient } from '../../plugins/tracker/mlflow/client';
import { cli, REPO } from '../support/cli';
import { sharedServer, uniqueName } from '../support/mlflow-server';

function chromiumPath(): string {
  const found = [process.env.VIDEOR1_CHROMIUM, '/usr/bin/chromium', '/usr/bin/chromium-browser'].find((c) => c && fs.existsSync(c));
  if (!found) throw new Error("the browser test needs Chromium: run 'bash .ci/browser.sh' (apt-get install chromium) or set VIDEOR1_CHROMIUM");
  return found;
}

let server: { uri: string; close(): Promise<void> };
let browser: Browser | undefined;
const savedUri = process.env.MLFLOW_TRACKING_URI;

beforeAll(async () => {
  server = await sharedServer();
  process.env.MLFLOW_TRACKING_URI = server.uri; // `--tracker mlflow` reads the address from here, as a user's shell would
}, 180_000);
afterAll(async () => {
  await browser?.close();
  if (savedUri === undefined) delete process.env.MLFLOW_TRACKING_URI;
  else process.env.MLFLOW_TRACKING_URI = savedUri;
  await server?.close();
});

it('shows a smoke grid in the MLflow runs table: the parent run with its children, in the model-training view', async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'videor1-mlflow-ui-'));
  const name = uniqueName('ui');
  fs.writeFileSync(
    path.join(dir, 'grid.yaml'),
    `name: ${name}\nbase: ${path.join(REPO, 'experiments', 'smoke.yaml')}\nseeds: [0]\nvariants:\n  t-grpo: {}\n  wo-temporal:\n    advantage: { name: grpo }\nset:\n  - rl.steps=1\n  - sft.steps=1\n  - eval.limit=1\n`,
  );
  const g = await cli(['grid', 'grid.yaml', '--tracker', 'mlflow', '--json'], dir);
  expect(g.code).toBe(0);
  const parentName = JSON.parse(g.stdout).parent_run_id as string;

  const client = new MlflowClient({ uri: server.uri, timeoutMs: 10_000, retries: 2 });
  const experiment = (await client.getExperimentByName(name))!;
  expect(experiment.tags?.find((t) => t.key === EXPERIMENT_KIND_TAG)?.value).toBe(EXPERIMENT_KIND);
  const runs = await client.searchRuns({ experimentIds: [experiment.experiment_id] });
  const parent = runs.find((r) => !r.data.tags?.some((t) => t.key === 'mlflow.parentRunId'))!;
  const children = runs.filter((r) => r.data.tags?.some((t) => t.key === 'mlflow.parentRunId' && t.value === parent.info.run_id));
  const params = children.map((c) => Object.fromEntries((c.data.params ?? []).map((p) => [p.key, p.value])));
  expect(params.map((p) => [p.variant, p.seed]).sort()).toEqual([
    ['t-grpo', '0'],
    ['wo-temporal', '0'],
  ]);
  expect(parentName).toBeTruthy();

  browser = await chromium.launch({ executablePath: chromiumPath(), args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage'] });
  const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
  try {
    await page.goto(experimentUrl(server.uri, experiment.experiment_id), { waitUntil: 'domcontentloaded', timeout: 120_000 });
    const parentRow = page.getByRole('row').filter({ hasText: parent.info.run_name! });
    await parentRow.first().waitFor({ timeout: 120_000 });
    await page.getByText('Model training').first().waitFor(); // the view the link opened
    // children are nested under their parent: hidden until the run-name cell's expander opens them
    const childRows = ['t-grpo s0', 'wo-temporal s0'].map((child) => page.getByRole('row').filter({ hasText: child }));
    for (const rows of childRows) expect(await rows.count()).toBe(0);
    await parentRow.first().locator('button').first().click();
    for (const rows of childRows) await rows.first().waitFor({ timeout: 60_000 });
  } catch (e) {
    await page.screenshot({ path: path.join(dir, 'mlflow-ui-failure.png') });
    throw new Error(`${(e as Error).message} (screenshot: ${path.join(dir, 'mlflow-ui-failure.png')})`, { cause: e });
  }
}, 900_000);

it('tags an experiment for model training when videor1 creates it, and one made without a kind when it first uses it', async () => {
  const client = new MlflowClient({ uri: server.uri, timeoutMs: 10_000, retries: 2 });
  const kindOf = async (name: string) => (await client.getExperimentByName(name))?.tags?.find((t) => t.key === EXPERIMENT_KIND_TAG)?.value;
  const fresh = uniqueName('kind-new');
  await client.getOrCreateExperiment(fresh);
  expect(await kindOf(fresh)).toBe(EXPERIMENT_KIND);
  const bare = uniqueName('kind-bare');
  await client.createExperiment(bare); // as another client would make it: no kind
  expect(await kindOf(bare)).toBeUndefined();
  await client.getOrCreateExperiment(bare);
  expect(await kindOf(bare)).toBe(EXPERIMENT_KIND);
  const chosen = uniqueName('kind-chosen');
  await client.createExperiment(chosen, { [EXPERIMENT_KIND_TAG]: 'genai_development' }); // a person's choice is kept
  await client.getOrCreateExperiment(chosen);
  expect(await kindOf(chosen)).toBe('genai_development');
  expect(experimentUrl('http://h:5000/', '7')).toBe('http://h:5000/#/experiments/7?workflowType=machine_learning');
});
