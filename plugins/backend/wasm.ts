import { z } from 'zod';
import type { Backend } from '../../core/contracts/backend';
import { definePlugin } from '../../core/registry/define';
import { initWasm } from './init';

export const WasmOptions = z.strictObject({
  /**
   * Register videor1's wasm kernels: UnsortedSegmentSum (gather's gradient) and BatchMatMul /
   * _FusedMatMul routed through XNNPACK's 2-D path (×6 per training step, docs/tfjs.md §3).
   * `false` runs tfjs's stock kernels (then gather has no gradient on wasm).
   */
  kernels: z.boolean().default(true),
});

/** tfjs on WebAssembly with XNNPACK and SIMD, single-threaded in Node. */
export default definePlugin({
  kind: 'backend',
  name: 'wasm',
  description: 'Run tfjs on WebAssembly (XNNPACK, SIMD) with videor1 kernels',
  options: WasmOptions,
  create: async (o): Promise<Backend> => initWasm({ kernels: o.kernels }),
});
