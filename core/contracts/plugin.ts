import type { z } from 'zod';

/** Every plugin kind the registry knows (docs/design.md §1). */
export const PLUGIN_KINDS = ['reward', 'advantage', 'mixer', 'data', 'policy', 'tokenizer', 'backend', 'tracker', 'executor'] as const;
export type PluginKind = (typeof PLUGIN_KINDS)[number];

/**
 * Metadata every plugin declares (docs/style.md §4, after ESLint rules): its name (= file name = config
 * value), a one-line imperative description, an options schema holding every default, the metric
 * keys it emits, and the paper equation or released-code behaviour it reproduces.
 */
export interface PluginMeta<O extends z.ZodTypeAny = z.ZodTypeAny> {
  readonly kind: PluginKind;
  readonly name: string;
  readonly description: string;
  readonly options: O;
  readonly metrics: readonly string[];
  readonly reference?: string;
}

/** A plugin that becomes an object: `create` receives parsed options and the run's dependencies. */
export interface FactoryPlugin<T, D = unknown, O extends z.ZodTypeAny = z.ZodTypeAny> extends PluginMeta<O> {
  create(options: z.infer<O>, deps: D): T | Promise<T>;
}

/** Lazy index of one kind: name -> module loader, kept alphabetical (docs/style.md §4). */
export type PluginIndex = Readonly<Record<string, () => Promise<{ default: PluginMeta }>>>;

/** All built-in (and user) indexes by kind. */
export type PluginCatalog = Readonly<Partial<Record<PluginKind, PluginIndex>>>;
