// Runs in the proof-of-work benchmark page (bundled by bench/pow.ts): solves challenges exactly as the report form
// does (src/tipline/pow.ts): altcha-lib's solveChallengeWorkers over the site's own worker (src/tipline/pow-worker.ts,
// WebCrypto PBKDF2), as many workers as pow.ts starts; and, for reference, one solver on the page's thread.
import { solveChallenge, solveChallengeWorkers, type Challenge } from 'altcha-lib';
import { deriveKey } from 'altcha-lib/algorithms/web/pbkdf2';
import { powWorkers } from '../src/tipline/pow.ts';

export interface PowSample {
  workersMs: number;
  singleMs: number;
  counter: number;
}

declare global {
  interface Window {
    solveAll(challenges: Challenge[]): Promise<{ concurrency: number; samples: PowSample[] }>;
  }
}

window.solveAll = async (challenges) => {
  const concurrency = powWorkers(); // as the report form
  const samples: PowSample[] = [];
  for (const challenge of challenges) {
    let t = performance.now();
    const solved = await solveChallengeWorkers({
      challenge,
      concurrency,
      createWorker: () => new Worker('/pow-worker.js', { type: 'module' }),
      timeout: 180_000,
    });
    const workersMs = performance.now() - t;
    t = performance.now();
    await solveChallenge({ challenge, deriveKey, timeout: 180_000 });
    samples.push({ workersMs, singleMs: performance.now() - t, counter: solved!.counter });
  }
  return { concurrency, samples };
};
