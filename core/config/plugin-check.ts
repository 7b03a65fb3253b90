/**
 * `videor1 plugins check <file>`: type-check a plugin file that lives anywhere (outside this
 * repository's tsconfig too) with the project's compiler options, then load it and check that it
 * exports plugins. `import … from 'videor1'` resolves to this checkout's public API (core/public.ts).
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import type * as TS from 'typescript';
import { UserError } from '../errors';
import type { PluginMeta } from '../contracts/plugin';
import type { PluginRegistry } from '../registry/registry';

const REPO = path.resolve(__dirname, '..', '..');

export interface PluginCheck {
  file: string;
  /** Compiler diagnostics as `file:line:column: TSnnnn: message`, plugin file first. */
  diagnostics: string[];
  /** The plugins the file exports (empty when it has type errors). */
  plugins: PluginMeta[];
}

/** Type-check, then load; type errors are returned, a module that fails to load throws (exit 2). */
export async function checkPluginFile(file: string, registry: PluginRegistry): Promise<PluginCheck> {
  if (!fs.existsSync(file)) throw new UserError('plugin file not found', { file, expected: 'a TypeScript or JavaScript plugin module' });
  const diagnostics = typeCheck(file);
  if (diagnostics.length > 0) return { file, diagnostics, plugins: [] };
  const plugins = await registry.addModule(file, path.dirname(file), 'plugins check');
  return { file, diagnostics, plugins };
}

function typeCheck(file: string): string[] {
  // typescript is only needed here: loaded on demand, so the other commands never pay for it
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const ts: typeof TS = require('typescript');
  const tsconfig = path.join(REPO, 'tsconfig.json');
  const read = ts.readConfigFile(tsconfig, (f) => ts.sys.readFile(f));
  const parsed = ts.parseJsonConfigFileContent(read.config, ts.sys, REPO);
  const options: TS.CompilerOptions = {
    ...parsed.options,
    noEmit: true,
    types: ['node'],
    baseUrl: REPO,
    paths: { videor1: ['core/public.ts'] },
    typeRoots: [path.join(REPO, 'node_modules', '@types')],
  };
  const program = ts.createProgram([file], options);
  const all = ts.getPreEmitDiagnostics(program);
  // the checkout's own files are type-checked by its CI; report the plugin file and global problems
  const mine = all.filter((d) => !d.file || path.resolve(d.file.fileName) === path.resolve(file));
  return mine.map((d) => {
    const text = ts.flattenDiagnosticMessageText(d.messageText, ' ');
    if (!d.file || d.start === undefined) return `TS${d.code}: ${text}`;
    const { line, character } = d.file.getLineAndCharacterOfPosition(d.start);
    return `${d.file.fileName}:${line + 1}:${character + 1}: TS${d.code}: ${text}`;
  });
}
