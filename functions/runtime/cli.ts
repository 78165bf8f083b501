// What the operator CLIs start from: the configuration (and, to forward, the task force keys) and the parts it
// names, or the list of problems on stderr and null (the CLI then exits with 2).
import { ConfigError, loadConfig } from '../config.ts';
import { loadTaskForceKeys } from '../keys.ts';
import { openParts, type OpenedParts } from './parts.ts';
import type { Startup } from './startup.ts';

const clock = { now: () => Date.now() };

/** The configuration and its parts; no keys (the queue commands never need them). */
export async function openForCli(): Promise<{ config: Startup['config']; parts: OpenedParts } | null> {
  try {
    const config = loadConfig(process.env);
    return { config, parts: await openParts(config, clock) };
  } catch (error) {
    return notConfigured(error);
  }
}

/** The configuration, its parts and the keys tips must be sealed to (the same the server reads, or its demo key). */
export async function openForForwarding(): Promise<(Startup & { parts: OpenedParts }) | null> {
  const opened = await openForCli();
  if (!opened) return null;
  const { config, parts } = opened;
  try {
    const keys = await loadTaskForceKeys({
      publicKeysFile: config.taskforcePublicKeys,
      dataDir: config.dataDir,
      production: config.production,
    });
    return { config, keys, parts };
  } catch (error) {
    await parts.close();
    return notConfigured(error);
  }
}

function notConfigured(error: unknown): null {
  if (!(error instanceof ConfigError)) throw error;
  console.error(error.message);
  return null;
}
