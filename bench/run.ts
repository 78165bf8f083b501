// `npm run bench`: the issue 3 benchmarks, printed as Markdown for the README. Not a test: figures vary by machine.
//   1. intake (bench/intake.ts): POST /api/tips beside a bare Hono route and the disk's fsync'd-commit floor, three
//      times (the median counts);
//   2. browser (bench/browser.ts, written with the browser side): pad + encrypt 4 MB in headless Chromium beside
//      plain WebCrypto AES-GCM. Skipped with a message when that file is not there;
//   3. upload size (bench/upload.ts): bytes sent ÷ the report's raw bytes, text only, one photo, five photos;
//   4. report page weight (bench/page-bytes.ts): bytes as served, before and after the first interaction;
//   5. proof of work (bench/pow.ts): the time the browser's solver takes for one challenge at ALTCHA_COST, and the
//      estimate for a budget phone;
//   6. hostile requests (bench/hostile.ts): what each known attack costs the real server now (time, memory).
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { markdownTable, runIntakeBench } from './intake.ts';

console.log(`## Benchmarks (${new Date().toISOString().slice(0, 10)}, Node ${process.versions.node})\n`);

let failed = false;
try {
  // Three runs: a virtual disk's fsync rate and a shared machine's CPU drift; the median run is shown.
  const runs = [];
  for (let i = 0; i < 3; i++) runs.push(await runIntakeBench());
  const byRatio = [...runs].sort((a, b) => a.ratio - b.ratio);
  const median = byRatio[1]!;
  console.log('### Intake\n');
  console.log(markdownTable(median.rows));
  console.log(`\n${median.conclusion}`);
  console.log(
    `Intake ÷ fsync floor in the three runs: ${runs.map((r) => r.ratio.toFixed(2)).join(', ')}; median ${median.ratio.toFixed(2)} ` +
      `(${median.ratio >= 0.5 ? 'meets' : 'BELOW'} issue 12's "at least 0.5").`,
  );
  console.log(
    'Proof of work and rate limiting are bench-only no-ops in these runs (a reusable solution, an always-allow limiter).\n',
  );
} catch (error) {
  failed = true;
  console.error(`intake benchmark failed: ${error instanceof Error ? error.message : String(error)}`);
}

// Each in its own process (they drive Chromium or a server), each printing its own Markdown section.
for (const name of ['browser', 'upload', 'page-bytes', 'pow', 'hostile']) {
  const bench = fileURLToPath(new URL(`./${name}.ts`, import.meta.url));
  if (!existsSync(bench)) {
    console.log(`### ${name}\n\nSkipped: bench/${name}.ts is not there.`);
    continue;
  }
  const run = spawnSync(process.execPath, [bench], { stdio: 'inherit' });
  if (run.status !== 0) {
    failed = true;
    console.error(`${name} benchmark failed (exit ${run.status ?? run.signal})`);
  }
}
process.exitCode = failed ? 1 : 0;
