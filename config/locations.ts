/**
 * Where claimwire's files are, from the environment alone and without zod: `extract` needs only the catalog path, and
 * validating every setting (config/settings.ts, which uses these same functions) would load zod for it, a tenth of
 * its start-up. Nothing here validates; `loadSettings` reports bad values for the commands that need the rest.
 */
import os from 'node:os';
import path from 'node:path';
import { isInstalled, packageRoot } from '../src/paths.ts';

/** The sources file shipped with claimwire: the default from a clone, the example copied on an install's first run. */
export const EXAMPLE_SOURCES = path.join(packageRoot(), 'config', 'sources.json');

/**
 * Where claimwire keeps what it writes (data, logs, the local Elasticsearch) and reads its sources from. From a clone:
 * `.local/` and `config/sources.json` in the clone. Installed (under node_modules, which a reinstall wipes and a
 * non-root user cannot write): the XDG data and config directories.
 */
export function defaultLocations(
  env: NodeJS.ProcessEnv = process.env,
  installed = isInstalled(),
): { home: string; sources: string } {
  if (!installed) return { home: path.join(packageRoot(), '.local'), sources: EXAMPLE_SOURCES };
  const xdg = (name: string, fallback: string) =>
    env[name] && path.isAbsolute(env[name]) ? env[name] : path.join(os.homedir(), fallback);
  return {
    home: path.join(xdg('XDG_DATA_HOME', '.local/share'), 'claimwire'),
    sources: path.join(xdg('XDG_CONFIG_HOME', '.config'), 'claimwire', 'sources.json'),
  };
}

/** An environment variable, unset when empty (as `loadSettings` reads it). */
const variable = (env: NodeJS.ProcessEnv, name: string) => (env[name] === '' ? undefined : env[name]);

/** CLAIMWIRE_HOME, or its default. */
export function homeDir(env: NodeJS.ProcessEnv = process.env): string {
  return variable(env, 'CLAIMWIRE_HOME') ?? defaultLocations(env).home;
}

/** The local actor catalog: CLAIMWIRE_CATALOG, or `catalog/actors.json` under the home directory. */
export function catalogPath(env: NodeJS.ProcessEnv = process.env): string {
  return variable(env, 'CLAIMWIRE_CATALOG') ?? path.join(homeDir(env), 'catalog', 'actors.json');
}
