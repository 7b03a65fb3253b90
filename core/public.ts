/**
 * The public API for plugin authors: everything a reward, estimator or other plugin needs. Import
 * it by a relative path to this file, or as `import { defineReward, z } from 'videor1'` where
 * videor1 is installed or linked as a package (its `main`; the CLI's loader compiles TypeScript).
 */
export { z } from 'zod';
export { defineReward, type RewardPlugin } from './contracts/reward';
export { defineEstimator, type EstimatorPlugin, type EstimateResult } from './contracts/advantage';
export { definePlugin } from './registry/define';
export type { Group, Completion, GroupSample } from './contracts/group';
export type { Sample, Frames, VideoR1Record, ProblemType, Modality } from './contracts/sample';
export type { Tracker } from './contracts/tracker';
export type { TaskSource, DataMixer } from './contracts/data';
export type { Policy } from './contracts/policy';
export type { Tokenizer } from './contracts/tokenizer';
