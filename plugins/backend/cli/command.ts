import type { Argv } from 'yargs';
import { BACKEND_NAMES } from '../../../core/contracts/backend';
import { defineCommand } from '../../../core/cli/command';
import { printTable } from '../../../core/cli/print';
import { UserError } from '../../../core/errors';
import { installNative } from '../native/install';
import { NATIVE_DEVICES, nativeLayout, readManifest } from '../native/layout';
import { BackendUnavailable } from '../init';
import { selectBackend } from '../select';

const ACTIONS = ['install', 'list'] as const;

interface Args {
  action: (typeof ACTIONS)[number];
  gpu?: boolean;
  force?: boolean;
  json?: boolean;
}

/** One row of `backend list`: a tfjs backend, or a cached native build. */
interface Row {
  name: string;
  available: boolean;
  detail: string;
}

/**
 * `videor1 backend install [--gpu] [--force]`: build native TensorFlow for the `tensorflow`
 * backend from PyPI's TensorFlow wheel and the tfjs-node-gpu npm tarball (native/install.ts),
 * cached in $VIDEOR1_CACHE or ~/.cache/videor1. `videor1 backend list [--json]`: which backends
 * start here, and why not.
 */
export default defineCommand<Args>({
  command: 'backend <action>',
  describe: 'Build the native TensorFlow backend (install), or list which backends start here (list)',
  builder: (y: Argv) =>
    y
      .positional('action', { choices: ACTIONS, describe: 'install: build native TensorFlow; list: which backends start, and why not' })
      .option('gpu', { type: 'boolean', default: false, describe: 'install: the CUDA build (PyPI tensorflow + its and-cuda packages, several GB)' })
      .option('force', { type: 'boolean', default: false, describe: 'install: rebuild even when cached' })
      .option('json', { type: 'boolean', default: false, describe: 'list: print JSON' }),
  async handler(args, ctx) {
    if (!ACTIONS.includes(args.action))
      throw new UserError('unknown backend action', { where: 'action', expected: ACTIONS.join(' or '), found: JSON.stringify(args.action) });
    if (args.action === 'install') {
      const m = installNative({ device: args.gpu ? 'gpu' : 'cpu', force: args.force, say: ctx.err });
      ctx.out(`native TensorFlow ${m.tensorflow} (${m.device} build) ready: ${m.binding}; \`backend: tensorflow\` (and \`auto\`) now use it`);
      return 0;
    }
    const rows = await listBackends();
    if (args.json) ctx.out(JSON.stringify(rows));
    else
      ctx.out(
        printTable(
          rows.map((r) => [r.name, r.available ? 'yes' : 'no', r.detail]),
          ['backend', 'available', 'detail'],
        ),
      );
    return 0;
  },
});

/** Try every backend in auto order, then describe the cached native builds. Leaves cpu or the last working backend active. */
export async function listBackends(): Promise<Row[]> {
  const rows: Row[] = [];
  for (const name of BACKEND_NAMES) {
    try {
      const b = await selectBackend(name);
      rows.push({
        name,
        available: true,
        detail: Object.entries(b.detail)
          .filter(([k]) => k !== 'requested')
          .map(([k, v]) => `${k}=${v}`)
          .join(', '),
      });
    } catch (e) {
      rows.push({ name, available: false, detail: e instanceof BackendUnavailable ? e.reason : (e as Error).message.split('\n')[0] });
    }
  }
  for (const device of NATIVE_DEVICES) {
    const m = readManifest(device);
    rows.push({
      name: `native build (${device})`,
      available: typeof m !== 'string',
      detail: typeof m === 'string' ? m : `TensorFlow ${m.tensorflow}, tfjs-node ${m.tfjsNode}, ${nativeLayout(device).pkg}, built ${m.builtAt}`,
    });
  }
  return rows;
}
