import type { CommandModule } from '../command';
import compare from './compare';
import config from './config';
import evaluate from './eval';
import grid from './grid';
import gridCell from './grid-cell';
import mlflow from './mlflow';
import plugins from './plugins';
import score from './score';
import sync from './sync';
import train from './train';

/** Every core command module, alphabetical by command name. */
export const commands: readonly CommandModule<never>[] = [
  compare,
  config,
  evaluate,
  grid,
  gridCell,
  mlflow,
  plugins,
  score,
  sync,
  train,
] as unknown as readonly CommandModule<never>[];
