// The task force keys as the site is built: through the same loader the functions use (functions/keys.ts), so
// the page shows and encrypts to exactly the keys the intake checks against.
import { loadTaskForceKeys, type TaskForceKeys } from '../../functions/keys.ts';

let loaded: Promise<TaskForceKeys> | undefined;

/**
 * `astro build` sets NODE_ENV=production whenever it is unset, so NODE_ENV cannot tell a local build from a real
 * deployment here. Deploy platforms' production builds say so themselves (Netlify CONTEXT, Vercel VERCEL_ENV);
 * there, a missing TASKFORCE_PUBLIC_KEYS fails the build instead of publishing a page that encrypts to demo keys.
 */
function isProductionDeploy(env: NodeJS.ProcessEnv): boolean {
  return env.CONTEXT === 'production' || env.VERCEL_ENV === 'production';
}

export function buildTimeKeys(): Promise<TaskForceKeys> {
  loaded ??= loadTaskForceKeys({
    publicKeysFile: process.env.TASKFORCE_PUBLIC_KEYS?.trim() || null,
    dataDir: process.env.DATA_DIR?.trim() || './.data',
    production: isProductionDeploy(process.env),
  });
  return loaded;
}

/** "ABCD 1234 ..." : a fingerprint in groups of four, as GnuPG and Thunderbird show it. */
export function groupFingerprint(fingerprint: string): string {
  return (
    fingerprint
      .replace(/\s/g, '')
      .toUpperCase()
      .match(/.{1,4}/g)
      ?.join(' ') ?? fingerprint
  );
}

/** One armored block per key, for the page script (which encrypts to all of them). */
export function armoredBlocks(armored: string): string[] {
  return armored.match(/-----BEGIN PGP PUBLIC KEY BLOCK-----[\s\S]*?-----END PGP PUBLIC KEY BLOCK-----/g) ?? [];
}
