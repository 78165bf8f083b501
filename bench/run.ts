// `npm run bench`: the issue 3 benchmarks, printed as Markdown for the README. Not a test: figures vary by machine.
//   1. intake (bench/intake.ts): POST /api/tips beside a bare Hono route and the disk's fsync'd-commit floor;
//   2. browser (bench/browser.ts, written with the browser side): pad + encrypt 4 MB in headless Chromium beside
//      plain WebCrypto AES-GCM. Skipped with a message when that file is not there.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { markdownTable, runIntakeBench } from './intake.ts';

console.log(`## Benchmarks (${new Date().toISOString().slice(0, 10)}, Node ${process.versions.node})\n`);

let failed = false;
try {
  const { rows, conclusion } = await runIntakeBench();
  console.log('### Intake\n');
  console.log(markdownTable(rows));
  console.log(`\n${conclusion}`);
  console.log('Proof of work and rate limiting are bench-only no-ops in these runs (a reusable solution, an always-allow limiter).\n');
} catch (error) {
  failed = true;
  console.error(`intake benchmark failed: ${error instanceof Error ? error.message : String(error)}`);
}

const browserBench = fileURLToPath(new URL('./browser.ts', import.meta.url));
if (existsSync(browserBench)) {
  // Its own process: it drives Chromium and prints its own Markdown section.
  const run = spawnSync(process.execPath, [browserBench], { stdio: 'inherit' });
  if (run.status !== 0) {
    failed = true;
    console.error(`browser benchmark failed (exit ${run.status ?? run.signal})`);
  }
} else {
  console.log('### Browser\n\nSkipped: bench/browser.ts is not there yet.');
}
process.exitCode = failed ? 1 : 0;
