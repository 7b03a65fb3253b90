import { z } from 'zod';
import type { Backend } from '../../core/contracts/backend';
import { definePlugin } from '../../core/registry/define';
import { initCpu } from './init';

/** tfjs's pure-JavaScript backend: always available, for tiny runs and as a reference in tests. */
export default definePlugin({
  kind: 'backend',
  name: 'cpu',
  description: "Run tfjs on its pure-JavaScript 'cpu' backend",
  options: z.strictObject({}),
  create: async (): Promise<Backend> => initCpu(),
});
