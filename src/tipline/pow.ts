// Proof of work (ALTCHA, altcha-lib v2): fetch a challenge from /api/altcha and solve it ourselves in Web
// Workers. No widget, no cookie, and none of the widget's pointer or scroll tracking: the only thing sent back is
// the solution. Solving starts when the form is first used, so it is usually done by the time the tipster sends.
import { solveChallenge, solveChallengeWorkers, type Challenge } from 'altcha-lib';
import { deriveKey as pbkdf2 } from 'altcha-lib/algorithms/web/pbkdf2';
import { deriveKey as sha } from 'altcha-lib/algorithms/web/sha';

export class ProofOfWorkError extends Error {
  override name = 'ProofOfWorkError';
}

interface Solved {
  payload: string;
  /** Milliseconds since the epoch after which the server will refuse it (none: no expiry). */
  expiresAt: number;
}

/** A proof must still be valid for the time it takes to send a large report. */
const marginMs = 120_000;
const timeoutMs = 180_000;
let prepared: Promise<Solved> | undefined;

/** Starts solving in the background (once). */
export function prepareProof(): void {
  if (prepared) return;
  prepared = solveFresh();
  prepared.catch(() => {
    prepared = undefined;
  });
}

/** A solution not used before; each solution buys one report. */
export async function takeProof(): Promise<string> {
  const pending = prepared;
  prepared = undefined;
  const solved = pending ? await pending.catch(() => null) : null;
  if (solved && solved.expiresAt - marginMs > Date.now()) return solved.payload;
  return (await solveFresh()).payload;
}

async function solveFresh(): Promise<Solved> {
  const response = await fetch('/api/altcha', {
    credentials: 'omit',
    cache: 'no-store',
    referrerPolicy: 'no-referrer',
  });
  if (!response.ok) throw new ProofOfWorkError(`challenge: HTTP ${response.status}`);
  const challenge = (await response.json()) as Challenge;
  if (!challenge?.parameters?.nonce) throw new ProofOfWorkError('challenge: unexpected answer');
  const solution = await solve(challenge);
  if (!solution) throw new ProofOfWorkError('no solution in time');
  const payload = btoa(
    JSON.stringify({ challenge: { parameters: challenge.parameters, signature: challenge.signature }, solution }),
  );
  const expires = challenge.parameters.expiresAt;
  return { payload, expiresAt: expires ? expires * 1000 : Number.POSITIVE_INFINITY };
}

/**
 * How many workers search at once: one per core the browser reports, up to 8 (budget phones have 4 or 8 slow
 * cores; each worker tries every n-th counter, so n cores take about 1/n of the time). The search runs while the
 * tipster is still writing, so using every core costs them nothing they would notice.
 */
export function powWorkers(cores: number = navigator.hardwareConcurrency || 1): number {
  return Math.min(8, Math.max(1, cores));
}

async function solve(challenge: Challenge) {
  if (typeof Worker === 'function') {
    try {
      return await solveChallengeWorkers({
        challenge,
        concurrency: powWorkers(),
        createWorker: () => new Worker(new URL('./pow-worker.ts', import.meta.url), { type: 'module' }),
        timeout: timeoutMs,
      });
    } catch {
      // A worker that cannot start (old browser, blocked by policy) is no reason to give up: solve on the page.
    }
  }
  // altcha-lib yields to the event loop every 200 ms, so the page still responds, if slowly.
  return solveChallenge({
    challenge,
    deriveKey: (p, salt, pw) => (p.algorithm.startsWith('PBKDF2/') ? pbkdf2 : sha)(p, salt, pw),
    timeout: timeoutMs,
  });
}
