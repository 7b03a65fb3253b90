import { z } from 'zod';
import type { Backend } from '../../core/contracts/backend';
import { definePlugin } from '../../core/registry/define';
import { initTensorflow } from './init';

export const TensorflowOptions = z.strictObject({
  /** Fail instead of running libtensorflow on the CPU when no CUDA device is usable. */
  require_gpu: z.boolean().default(false),
});

/**
 * Native TensorFlow (libtensorflow 2.9.1) through the optional @tensorflow/tfjs-node-gpu,
 * loaded dynamically: it needs CUDA 11.2 and cuDNN 8.1 for the GPU (docs/tfjs.md §4).
 */
export default definePlugin({
  kind: 'backend',
  name: 'tensorflow',
  description: 'Run tfjs on native TensorFlow (tfjs-node-gpu; `videor1 backend install` builds it from PyPI TensorFlow)',
  options: TensorflowOptions,
  create: async (o): Promise<Backend> => initTensorflow({ requireGpu: o.require_gpu }),
});
