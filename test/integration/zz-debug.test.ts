import { startMlflowServer } from '../../core/cli/commands/mlflow';
it('starts', async () => {
  const t = Date.now();
  const s = await startMlflowServer({ store: '/tmp/jdbg/s' + Date.now() });
  console.log('up', s.uri, Date.now() - t);
  await s.stop();
  console.log('stopped', Date.now() - t);
}, 100000);
