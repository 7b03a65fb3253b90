/** The run's data, as the composition root loads it (core/root.ts): the splits, then the tokenizer's corpus. */
import * as path from 'node:path';
import type { FrameSpec, LoadedData, TaskSource, TaskSourceResult } from '../contracts/data';
import type { ResolvedConfig } from '../config/schema';
import { corpusOf, TEMPLATE_TEXTS } from '../data/prompt';
import { UserError } from '../errors';
import type { PluginRegistry } from '../registry/registry';

/** Where data loading reports: progress lines, and warnings that must reach a person. */
interface DataLog {
  say: (text: string) => void;
  warn: (text: string) => void;
}

/** The frames every sample is decoded to. */
export function frameSpecOf(cfg: ResolvedConfig): FrameSpec {
  const f = cfg.data.frames;
  return { frames: f.count, height: f.height, width: f.width, channels: f.channels };
}

/**
 * The splits the run's stages read (only those that run), and the tokenizer's corpus: a source's
 * whole corpus when it offers one (the vocabulary then does not depend on which stages run).
 */
export async function loadData(registry: PluginRegistry, cfg: ResolvedConfig, o: DataLog): Promise<{ data: LoadedData; corpus: string[] }> {
  // data plugins resolve relative paths against the experiment's folder and warn through `warn`
  const dataDeps = { baseDir: path.dirname(cfg.source), log: o.warn };
  const source = await registry.create<TaskSource, unknown>('data', cfg.data.source, dataDeps, 'data.source', cfg.source);
  const evalSource = cfg.data.eval_source
    ? await registry.create<TaskSource, unknown>('data', cfg.data.eval_source, dataDeps, 'data.eval_source', cfg.source)
    : source;
  const spec = frameSpecOf(cfg);
  const stats: Record<string, unknown> = {};
  const skipped: Record<string, TaskSourceResult['skipped']> = {};
  const data: LoadedData = {
    rl: cfg.rl.steps > 0 ? await loadSplit(source, 'rl', spec, o, stats, skipped) : [],
    // the cold start's data, also for RL's replay (rl.ptx_coef) when SFT itself is skipped (a run --init from a checkpoint)
    sft: cfg.sft.steps > 0 || (cfg.rl.steps > 0 && cfg.rl.ptx_coef > 0) ? await loadSplit(source, 'sft', spec, o, stats, skipped) : [],
    eval: cfg.eval.enabled ? await loadSplit(evalSource, 'eval', spec, o, stats, skipped) : [],
    stats,
    skipped,
  };
  const corpus = source.corpus
    ? [...source.corpus(spec), ...(evalSource !== source ? (evalSource.corpus?.(spec) ?? corpusOf(data.eval)) : []), ...TEMPLATE_TEXTS]
    : corpusOf([...data.rl, ...data.sft, ...data.eval]);
  return { data, corpus };
}

async function loadSplit(
  source: TaskSource,
  split: 'rl' | 'sft' | 'eval',
  spec: FrameSpec,
  o: DataLog,
  stats: Record<string, unknown>,
  skipped: Record<string, TaskSourceResult['skipped']>,
) {
  const result = await source.load(split, spec);
  if (result.skipped.length > 0) skipped[split] = result.skipped;
  stats[split] = { samples: result.samples.length, skipped: result.skipped.length, ...result.stats };
  const sft = (result.stats as { sft?: { candidates: number; kept: number } } | undefined)?.sft;
  o.say(
    `data: ${source.name} ${split}: ${result.samples.length} samples${sft ? ` (SFT filter kept ${sft.kept} of ${sft.candidates} teacher rationales with accuracy > 0.6)` : ''}`,
  );
  if (result.skipped.length > 0) {
    o.warn(
      `data: ${source.name} ${split}: skipped ${result.skipped.length} sample(s) with broken media, e.g. ${result.skipped[0].path} (problem_id ${result.skipped[0].problem_id}): ${result.skipped[0].reason}`,
    );
  }
  if (result.samples.length === 0) {
    throw new UserError(`data source '${source.name}' gave no samples for split '${split}'`, { where: 'data.source', expected: 'at least one sample' });
  }
  return result.samples;
}
