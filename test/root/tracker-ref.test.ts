import * as path from 'node:path';
import { validateExperiment } from '../../core/config/load';
import { resolvePlugins } from '../../core/config/plugins';
import { ProjectSchema } from '../../core/config/schema';
import { PluginRegistry } from '../../core/registry/registry';
import { trackerRef } from '../../core/root';
import { builtinPlugins } from '../../plugins';

/** The tracker options `train` and `grid` get: an experiment resolved as the CLI does, then trackerRef. */
async function refFor(tracker: unknown, project: Record<string, unknown>) {
  const registry = new PluginRegistry(builtinPlugins);
  const source = path.resolve('experiments/inline.yaml');
  const cfg = await resolvePlugins(validateExperiment({ tracker }, source, ProjectSchema.parse(project)), registry, ['tracker']);
  return trackerRef(registry, cfg);
}

describe('trackerRef: the project config’s tracking_uri', () => {
  const env = process.env.MLFLOW_TRACKING_URI;
  afterEach(() => (env === undefined ? delete process.env.MLFLOW_TRACKING_URI : (process.env.MLFLOW_TRACKING_URI = env)));

  it.each([
    {
      why: 'neither the experiment nor MLFLOW_TRACKING_URI names a server: the project’s',
      option: undefined,
      envUri: undefined,
      want: 'http://project.test:5000',
    },
    { why: 'MLFLOW_TRACKING_URI beats the project config', option: undefined, envUri: 'http://env.test:5000', want: 'http://env.test:5000' },
    { why: 'the experiment’s option beats both', option: 'http://experiment.test:5000', envUri: 'http://env.test:5000', want: 'http://experiment.test:5000' },
  ])('$why', async ({ option, envUri, want }) => {
    if (envUri === undefined) delete process.env.MLFLOW_TRACKING_URI;
    else process.env.MLFLOW_TRACKING_URI = envUri;
    const ref = await refFor(
      { name: 'mlflow', options: option === undefined ? {} : { uri: option } },
      { tracking_uri: 'http://project.test:5000', output: '/tmp/videor1-out' },
    );
    expect(ref.name).toBe('mlflow');
    expect(ref.options.uri).toBe(want);
    expect(ref.options.dir).toBe(path.resolve('/tmp/videor1-out'));
  });

  it('no tracking_uri anywhere leaves the empty default (creating the tracker then fails with exit 2)', async () => {
    delete process.env.MLFLOW_TRACKING_URI;
    const ref = await refFor({ name: 'mlflow' }, {});
    expect(ref.options.uri).toBe('');
  });

  it('the local tracker has no uri option and gets none', async () => {
    const ref = await refFor('local', { tracking_uri: 'http://project.test:5000' });
    expect(ref).toEqual({ name: 'local', options: { dir: path.resolve('runs') } });
  });
});
