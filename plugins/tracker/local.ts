import * as path from 'node:path';
import { z } from 'zod';
import type { RunReader, RunReaderCapability, Tracker } from '../../core/contracts/tracker';
import { definePlugin } from '../../core/registry/define';
import { listRuns, readRun } from './local/reader';
import { LocalTracker } from './local/tracker';

export const LocalOptions = z.strictObject({
  /** Folder holding one sub-folder per run (relative to the working folder); the composition root passes the experiment's output folder. */
  dir: z.string().min(1).default('runs'),
});

/**
 * The default tracker: each run is a folder of plain files under `dir` (meta.json, params.json,
 * tags.json, metrics.jsonl, artifacts/; layout in ./local/layout.ts). Read back with
 * ./local/reader.ts (`videor1 compare`), pushed to MLflow later with `videor1 sync`.
 */
const plugin = definePlugin({
  kind: 'tracker',
  name: 'local',
  description: 'Write each run to a folder of plain files: params, metrics, tags and artifacts',
  options: LocalOptions,
  create: (o: z.infer<typeof LocalOptions>, _deps: Record<string, never>): Tracker => new LocalTracker(path.resolve(o.dir)),
});

/** `videor1 compare` reads runs back through this capability (core never imports this module). */
const reader: RunReaderCapability['reader'] = (options): RunReader => {
  const dir = path.resolve((options as z.infer<typeof LocalOptions>).dir);
  return {
    list: async () =>
      (await listRuns(dir)).map(({ id, experiment, name, parentId, status, startTime, endTime }) => ({
        id,
        experiment,
        name,
        parentId,
        status,
        startTime,
        endTime,
      })),
    read: async (id) => {
      const r = await readRun(dir, id);
      const { id: runId, experiment, name, parentId, status, startTime, endTime } = r.meta;
      return { id: runId, experiment, name, parentId, status, startTime, endTime, params: r.params, tags: r.tags, metrics: r.metrics, artifacts: r.artifacts };
    },
  };
};

export default { ...plugin, reader };
