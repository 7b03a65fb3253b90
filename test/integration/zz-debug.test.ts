import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { Tracker } from '../../core/contracts/tracker';
import { PluginRegistry } from '../../core/registry/registry';
import trackers from '../../plugins/tracker';
import { sharedServer } from '../support/mlflow-server';
it('starts', async () => {
  const t = Date.now();
  const s = await sharedServer();
  console.log('up', s.uri, Date.now() - t);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'videor1-it-'));
  const tracker = await new PluginRegistry({ tracker: trackers }).create<Tracker, object>('tracker', { name: 'mlflow', options: { uri: s.uri, dir } }, {});
  console.log('tracker', tracker.name, Date.now() - t);
  await s.close();
  console.log('stopped', Date.now() - t);
}, 60000);
