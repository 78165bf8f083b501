// Proof-of-work benchmark: how long a tipster's browser takes to solve the server's challenge at ALTCHA_COST (default
// 1000), measured with the browser's own solver in headless Chromium (bench/pow-page.ts: the site's worker and
// concurrency), beside one thread in the page and one Node thread with node:crypto (the fastest solver an attacker
// gets without special hardware, searching from counter 0 as the browser does: since the counter is uniform on
// [0, 2·cost], no other order is cheaper). Challenges come from the server's own code (functions/pow/pow.ts).
// BENCH_POW_RUNS (default 15) challenges; ALTCHA_COST as the server reads it.
// Usage: node bench/pow.ts   (bench/run.ts runs it)
import { fileURLToPath } from 'node:url';
import { solveChallenge } from 'altcha-lib';
import { deriveKey } from 'altcha-lib/algorithms/pbkdf2';
import { createMemoryReplayStore } from '../functions/replay/memory.ts';
import { createProofOfWork } from '../functions/pow/pow.ts';
import { defaults } from '../functions/config.ts';
import { openBenchPage } from './bench-page.ts';

/**
 * The budget phone the cost is sized for (docs/limits.md, "How fast is a budget phone"): four Cortex-A53 cores, each
 * taken as 4 times slower at PBKDF2-SHA-256 than one core of the development machine. Headless Chromium cannot show
 * this (its CPU throttling slows the page's thread, not workers), so the estimate scales this machine's
 * single-thread solve times.
 */
export const budgetPhone = { cores: 4, slowdown: 4 };
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const percentile = (xs: number[], p: number) =>
  [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(xs.length * p))]!;

export async function runPowBench(): Promise<string> {
  const runs = Number(process.env.BENCH_POW_RUNS ?? 15);
  const cost = Number(process.env.ALTCHA_COST ?? defaults.altchaCost);
  const clock = { now: () => Date.now() };
  const pow = createProofOfWork({
    hmacSecret: 'b'.repeat(40),
    cost,
    replay: createMemoryReplayStore({ clock }),
    clock,
  });
  const challenges = await Promise.all(Array.from({ length: runs }, () => pow.challenge()));

  const node: number[] = [];
  for (const challenge of challenges) {
    const t = performance.now();
    await solveChallenge({ challenge, deriveKey });
    node.push(performance.now() - t);
  }

  const {
    page: tab,
    version,
    close,
  } = await openBenchPage({ '/pow.js': './pow-page.ts', '/pow-worker.js': '../src/tipline/pow-worker.ts' }, 'solveAll');
  try {
    const { concurrency, samples } = await tab.evaluate((c) => window.solveAll(c), challenges);
    const counters = samples.map((s) => s.counter);
    const row = (what: string, xs: number[]) =>
      `| ${what} | ${median(xs).toFixed(0)} | ${percentile(xs, 0.9).toFixed(0)} | ${Math.max(...xs).toFixed(0)} |`;
    return [
      `ALTCHA_COST=${cost}: ${runs} challenges from functions/pow/pow.ts; their counters (uniform on [0, ${2 * cost}]) had median ` +
        `${median(counters)}, so about ${median(counters) + 1} PBKDF2 derivations of ${cost} rounds each. Headless Chromium ` +
        `${version} with ${concurrency} workers (as the report form), on this machine.`,
      '',
      '| solver | median ms | 90th percentile ms | max ms |',
      '| --- | ---: | ---: | ---: |',
      row(
        `the browser's solver: ${concurrency} workers, WebCrypto (what a tipster waits for)`,
        samples.map((s) => s.workersMs),
      ),
      row(
        'one thread in the page (a browser without workers)',
        samples.map((s) => s.singleMs),
      ),
      row('one Node thread, node:crypto, from counter 0 (a script)', node),
      row(
        `estimated budget phone: ${budgetPhone.cores} workers on cores ${budgetPhone.slowdown}× slower than one here`,
        samples.map((s) => (s.singleMs * budgetPhone.slowdown) / budgetPhone.cores),
      ),
    ].join('\n');
  } finally {
    await close();
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  console.log(`### Proof of work: time to solve one challenge\n\n${await runPowBench()}\n`);
}
