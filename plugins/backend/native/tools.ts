import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { UserError } from '../../../core/errors';

/** Run a command; throw a UserError with the last lines of its output when it fails. */
export function run(cmd: readonly string[], o: { cwd?: string; what: string; env?: NodeJS.ProcessEnv }): string {
  const r = spawnSync(cmd[0], cmd.slice(1), { cwd: o.cwd, encoding: 'utf8', env: o.env ?? process.env, maxBuffer: 64 << 20 });
  if (r.error) throw new UserError(`${o.what}: could not run ${cmd[0]} (${r.error.message})`);
  if (r.status !== 0) {
    const tail = `${r.stdout ?? ''}${r.stderr ?? ''}`.trim().split('\n').slice(-12).join('\n');
    throw new UserError(`${o.what}: \`${cmd.join(' ')}\` exited with ${r.status}:\n${tail}`);
  }
  return r.stdout ?? '';
}

function works(cmd: readonly string[], env: NodeJS.ProcessEnv): boolean {
  const r = spawnSync(cmd[0], cmd.slice(1), { encoding: 'utf8', env });
  return !r.error && r.status === 0;
}

/** The Python that runs pip: $VIDEOR1_PYTHON or python3. */
export function python(env: NodeJS.ProcessEnv = process.env): string {
  return env.VIDEOR1_PYTHON || 'python3';
}

/** node-gyp: $npm_config_node_gyp (set by npm), else the copy bundled with npm (npm ≥ 7 ships it). */
export function nodeGyp(env: NodeJS.ProcessEnv = process.env): string | undefined {
  const candidates = [env.npm_config_node_gyp];
  const npm = spawnSync('npm', ['root', '-g'], { encoding: 'utf8', env });
  if (!npm.error && npm.status === 0) candidates.push(path.join(npm.stdout.trim(), 'npm', 'node_modules', 'node-gyp', 'bin', 'node-gyp.js'));
  return candidates.find((c): c is string => !!c && fs.existsSync(c));
}

/** The folder whose include/node holds Node's headers (node_api.h), for node-gyp's --nodedir. */
export function nodeDir(): string | undefined {
  const candidates = [path.dirname(path.dirname(process.execPath)), '/usr', '/usr/local'];
  return candidates.find((d) => fs.existsSync(path.join(d, 'include', 'node', 'node_api.h')) && fs.existsSync(path.join(d, 'include', 'node', 'common.gypi')));
}

/**
 * Why the native backend cannot be built here, one reason per missing tool (empty: all present):
 * pip (through $VIDEOR1_PYTHON or python3), a C++ compiler, make, Node's headers, node-gyp, npm.
 */
export function missingTools(env: NodeJS.ProcessEnv = process.env): string[] {
  const missing: string[] = [];
  if (!works([python(env), '-m', 'pip', '--version'], env))
    missing.push(`pip (\`${python(env)} -m pip --version\` failed; set VIDEOR1_PYTHON to a Python with pip)`);
  const cxx = env.CXX || 'c++';
  if (!works([cxx, '--version'], env)) missing.push(`a C++ compiler (\`${cxx} --version\` failed; install g++ or set CXX)`);
  if (!works(['make', '--version'], env)) missing.push('make (`make --version` failed)');
  if (!works(['npm', '--version'], env)) missing.push('npm (`npm --version` failed)');
  else if (!nodeGyp(env)) missing.push('node-gyp (not bundled with this npm; set npm_config_node_gyp to node-gyp/bin/node-gyp.js)');
  if (!nodeDir())
    missing.push(
      `Node's headers (no include/node/node_api.h beside ${process.execPath} nor in /usr; install the nodejs headers, e.g. the libnode-dev or nodejs package with headers)`,
    );
  return missing;
}
