// What every entry starts from: the configuration and the task force keys, checked together, so that a wrong
// environment and a wrong key file are reported in one ConfigError that lists every problem at once.
import { existsSync } from 'node:fs';
import { dirname, isAbsolute, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ConfigError, readConfig, type Config, type Platform } from '../config.ts';
import { loadTaskForceKeys, type TaskForceKeys } from '../keys.ts';

export interface Startup {
  config: Config;
  keys: TaskForceKeys;
}

type Env = Readonly<Record<string, string | undefined>>;

export async function loadStartup(env: Env, platform: Platform = 'server'): Promise<Startup> {
  const { value: config, problems } = readConfig(env, platform);
  let keys: TaskForceKeys | null = null;
  // The key file is read only when the environment names it properly (or may use demo keys).
  if (!problems.some((p) => p.startsWith('TASKFORCE_PUBLIC_KEYS'))) {
    try {
      keys = await loadTaskForceKeys({
        publicKeysFile:
          platform === 'serverless' ? findKeysFile(config.taskforcePublicKeys) : config.taskforcePublicKeys,
        dataDir: config.dataDir,
        // Never demo keys in a serverless function: a demo key made per instance would differ from the one the site
        // was built with.
        production: config.production || platform === 'serverless',
      });
    } catch (error) {
      if (!(error instanceof ConfigError)) throw error;
      problems.push(...error.problems);
    }
  }
  if (problems.length > 0 || !keys) throw new ConfigError(problems);
  return { config, keys };
}

/**
 * TASKFORCE_PUBLIC_KEYS as given, or — when it is relative and not found from the working directory — relative to the
 * project root as seen from this file (function bundles do not always run from the project root).
 */
function findKeysFile(path: string | null): string | null {
  if (!path || isAbsolute(path) || existsSync(resolve(path))) return path;
  const here = dirname(fileURLToPath(import.meta.url));
  for (const base of [resolve(here, '../..'), resolve(here, '..'), here]) {
    const candidate = resolve(base, path);
    if (existsSync(candidate)) return candidate;
  }
  return path; // let the key loader report it
}
