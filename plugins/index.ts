import type { PluginCatalog } from '../core/contracts/plugin';
import advantage from './advantage';
import backend from './backend';
import data from './data';
import executor from './executor';
import mixer from './mixer';
import policy from './policy';
import reward from './reward';
import tokenizer from './tokenizer';
import tracker from './tracker';

/** Every built-in plugin index by kind (the catalog the CLI's registry starts from). */
export const builtinPlugins: PluginCatalog = { advantage, backend, data, executor, mixer, policy, reward, tokenizer, tracker };
