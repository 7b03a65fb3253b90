import 'reflect-metadata';
import { resolveConfig } from './core/config/load';
import { resolvePlugins } from './core/config/plugins';
import { PluginRegistry } from './core/registry/registry';
import { builtinPlugins } from './plugins';
import { createRoot, createRunContainer, stageContext } from './core/root';
import { toPrompt, sftTarget } from './core/data/prompt';
import * as fs from 'fs';
(async () => {
  const reg = new PluginRegistry(builtinPlugins);
  const cfg = await resolvePlugins(await resolveConfig('experiments/video-r1.yaml', ['sft.steps=1','rl.steps=1']), reg);
  const ck = '/tmp/vr1/runs/checkpoints/' + fs.readdirSync('/tmp/vr1/runs/checkpoints')[0];
  const run = await createRunContainer(createRoot(reg), cfg, { say: () => {}, savedTokenizer: JSON.parse(fs.readFileSync(ck + '/tokenizer.json', 'utf8')) });
  const ctx = stageContext(run, async () => {}, () => {});
  await ctx.policy.load(ck, ctx.rng.policy);
  const samples = ctx.data.eval.slice(0, 6).concat(ctx.data.sft.slice(0, 3));
  const r = ctx.policy.sample(samples.map((s) => toPrompt(s, ctx.tokenizer)), { n: 1, temperature: 0.1, topP: 0.001, maxNewTokens: 40 }, ctx.rng.sample);
  samples.forEach((s, i) => console.log(JSON.stringify(s.problem), '\n  GOLD', JSON.stringify(sftTarget(s)), s.solution, '\n  OUT ', JSON.stringify(ctx.tokenizer.decode(r[i].tokenIds[0], { skipSpecial: true })), r[i].lengths[0]));
})();
