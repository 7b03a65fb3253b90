import type { InjectionToken } from 'tsyringe';
import type { StageContext } from '../stages/context';
import type { MetricSink } from './metric-sink';

/** Run-scoped tokens of the training job. */
export const STAGE_CONTEXT: InjectionToken<StageContext> = Symbol('StageContext');
export const METRIC_SINK: InjectionToken<MetricSink> = Symbol('MetricSink');
