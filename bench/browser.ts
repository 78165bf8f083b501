// Browser benchmark (issues 3 and 12): in headless Chromium, the time to pad and encrypt a 4 MiB attachment with the
// tip line's own modules (src/shared/tip-entity.ts, src/tipline/encrypt.ts and seipd.ts), beside a plain WebCrypto
// AES-256-GCM encryption of the same bytes in the same page. The keys are read once, ahead, as the report form does
// while the tipster writes (the cold run includes it).
//
// The page code (bench/browser-page.ts) is bundled with esbuild for the browser, as the site's build would, and
// served by Playwright's request routing from http://127.0.0.1 (a secure context, as WebCrypto requires): no
// server, no network. Two task force keys, as in a real deployment with more than one officer.
// BENCH_BROWSER_RUNS (default 7) sets the number of measured runs; the first, cold run is reported apart.
// Usage: node bench/browser.ts   (bench/run.ts calls runBrowserBench())
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import * as openpgp from 'openpgp';
import { chromium } from '@playwright/test';
import { tipLimits } from '../src/shared/tip-fields.ts';

export interface BrowserRow {
  step: string;
  median: number;
  min: number;
  max: number;
  note: string;
}

const origin = 'http://127.0.0.1:9';

async function bundle(): Promise<string> {
  const result = await build({
    entryPoints: [fileURLToPath(new URL('./browser-page.ts', import.meta.url))],
    bundle: true,
    format: 'esm',
    platform: 'browser',
    conditions: ['browser'],
    target: 'es2022',
    minify: true,
    write: false,
    logLevel: 'silent',
  });
  return result.outputFiles[0]!.text;
}

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
};

export async function runBrowserBench(): Promise<{ rows: BrowserRow[]; table: string; browser: string }> {
  const runs = Number(process.env.BENCH_BROWSER_RUNS ?? 7);
  const keys = await Promise.all(
    ['Officer A', 'Officer B'].map(
      async (name) => (await openpgp.generateKey({ type: 'ecc', userIDs: [{ name }], format: 'armored' })).publicKey,
    ),
  );
  const script = await bundle();
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: ['--disable-background-networking'],
  });
  try {
    const page = await browser.newPage();
    await page.route(`${origin}/**`, (route) => {
      const path = new URL(route.request().url()).pathname;
      if (path === '/bench.js') return route.fulfill({ contentType: 'text/javascript', body: script });
      return route.fulfill({
        contentType: 'text/html',
        body: '<!doctype html><title>bench</title><script type="module" src="/bench.js"></script>',
      });
    });
    await page.goto(`${origin}/`);
    await page.waitForFunction(() => typeof window.runBench === 'function');
    const size = tipLimits.maxAttachmentBytes;
    const { loadMs, samples } = await page.evaluate(([k, s, n]) => window.runBench(k, s, n), [
      keys,
      size,
      runs + 1,
    ] as const);
    const [cold, ...warm] = samples;
    const stat = (step: string, values: number[], note: string): BrowserRow => ({
      step,
      median: median(values),
      min: Math.min(...values),
      max: Math.max(...values),
      note,
    });
    const mib = (n: number) => `${(n / 2 ** 20).toFixed(2)} MiB`;
    const rows: BrowserRow[] = [
      stat(
        'plan the entity: summary, MIME headers, Padmé length',
        warm.map((s) => s.padMs),
        `4 MiB attachment → ${mib(cold!.entityBytes)} padded entity`,
      ),
      stat(
        'write it (photo as base64, padding) into the buffer it is encrypted in; SHA-1, AES-CFB, to 2 keys',
        warm.map((s) => s.encryptMs),
        `→ ${mib(cold!.ciphertextBytes)} binary ciphertext`,
      ),
      stat(
        'pad + encrypt (the report path)',
        warm.map((s) => s.padMs + s.encryptMs),
        `cold first run: ${(cold!.padMs + cold!.encryptMs).toFixed(0)} ms`,
      ),
      stat(
        'WebCrypto AES-256-GCM, same 4 MiB',
        warm.map((s) => s.aesGcmMs),
        'reference: native, no padding, no armor',
      ),
    ];
    const ratio = median(warm.map((s) => s.padMs + s.encryptMs)) / median(warm.map((s) => s.aesGcmMs));
    const version = browser.version();
    const table = [
      `Browser: headless Chromium ${version}, ${warm.length} warm runs (+1 cold); openpgp/lightweight loaded in ${loadMs.toFixed(0)} ms.`,
      '',
      '| step | median ms | min ms | max ms | note |',
      '| --- | ---: | ---: | ---: | --- |',
      ...rows.map(
        (r) => `| ${r.step} | ${r.median.toFixed(1)} | ${r.min.toFixed(1)} | ${r.max.toFixed(1)} | ${r.note} |`,
      ),
      '',
      `The report path takes ${ratio.toFixed(1)}× as long as bare AES-GCM over the same bytes (target: at most 3×).`,
    ].join('\n');
    return { rows, table, browser: version };
  } finally {
    await browser.close();
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const { table } = await runBrowserBench();
  console.log(`### Browser: pad and encrypt a 4 MiB attachment\n\n${table}\n`);
}
