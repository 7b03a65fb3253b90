import { z } from 'zod';
import type { Backend } from '../../core/contracts/backend';
import { definePlugin } from '../../core/registry/define';
import { selectBackend } from './select';

/**
 * `backend: auto` (the default): the first of tensorflow, wasm, cpu that initialises; the run's
 * backend detail says why each earlier one was skipped. The one auto-selector: the composition
 * root creates it like any backend plugin, and the bench calls the same selectBackend.
 */
export default definePlugin({
  kind: 'backend',
  name: 'auto',
  description: 'Pick the first backend that starts: tensorflow (native), then wasm, then cpu',
  options: z.strictObject({}),
  create: async (): Promise<Backend> => selectBackend('auto'),
});
