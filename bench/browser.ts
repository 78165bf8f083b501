// Browser benchmark (issues 3 and 12): in headless Chromium, the time to pad and encrypt a 4 MiB attachment with the
// tip line's own modules (src/shared/tip-entity.ts, src/tipline/encrypt.ts and seipd.ts), beside a plain WebCrypto
// AES-256-GCM encryption of the same bytes in the same page. The keys are read once, ahead, as the report form does
// while the tipster writes (the cold run includes it).
//
// The page code (bench/browser-page.ts) runs in the page bench/bench-page.ts opens (bundled with esbuild, from
// http://127.0.0.1, no server, no network). Two task force keys, as in a real deployment with more than one officer.
// BENCH_BROWSER_RUNS (default 7) sets the number of measured runs; the first, cold run is reported apart.
// BENCH_PROFILE=<file> also records Chromium's CPU profile (startProfile below).
// Usage: node bench/browser.ts   (bench/run.ts calls runBrowserBench())
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Page } from '@playwright/test';
import * as openpgp from 'openpgp';
import { tipLimits } from '../src/shared/tip-fields.ts';
import { openBenchPage } from './bench-page.ts';

export interface BrowserRow {
  step: string;
  median: number;
  min: number;
  max: number;
  note: string;
}

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
};

/**
 * BENCH_PROFILE=file.cpuprofile: Chromium's CPU profile of the runs (through CDP), saved for DevTools, and the
 * functions that took the most time themselves, to find where the report path spends it.
 */
async function startProfile(page: Page) {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Profiler.enable');
  await cdp.send('Profiler.setSamplingInterval', { interval: 100 });
  await cdp.send('Profiler.start');
  return {
    async stop(file: string): Promise<string> {
      const { profile } = await cdp.send('Profiler.stop');
      writeFileSync(file, JSON.stringify(profile));
      const self = new Map<string, number>();
      const dt = new Map<number, number>();
      profile.samples?.forEach((id, i) => dt.set(id, (dt.get(id) ?? 0) + (profile.timeDeltas?.[i] ?? 0)));
      for (const node of profile.nodes) {
        const { functionName, url, lineNumber } = node.callFrame;
        const name = `${functionName || '(anonymous)'} ${url.split('/').at(-1)}:${lineNumber + 1}`;
        self.set(name, (self.get(name) ?? 0) + (dt.get(node.id) ?? 0));
      }
      const total = [...self.values()].reduce((a, b) => a + b, 0);
      return [...self]
        .sort((a, b) => b[1] - a[1])
        .slice(0, 15)
        .map(
          ([name, us]) =>
            `${(us / 1000).toFixed(0).padStart(6)} ms ${((100 * us) / total).toFixed(1).padStart(5)}%  ${name}`,
        )
        .join('\n');
    },
  };
}

export async function runBrowserBench(): Promise<{ rows: BrowserRow[]; table: string; browser: string }> {
  const runs = Number(process.env.BENCH_BROWSER_RUNS ?? 7);
  const keys = await Promise.all(
    ['Officer A', 'Officer B'].map(
      async (name) => (await openpgp.generateKey({ type: 'ecc', userIDs: [{ name }], format: 'armored' })).publicKey,
    ),
  );
  const { page, version, close } = await openBenchPage({ '/bench.js': './browser-page.ts' }, 'runBench');
  try {
    const size = tipLimits.maxAttachmentBytes;
    const profiler = process.env.BENCH_PROFILE ? await startProfile(page) : undefined;
    const { loadMs, samples } = await page.evaluate(([k, s, n]) => window.runBench(k, s, n), [
      keys,
      size,
      runs + 1,
    ] as const);
    if (profiler) console.log(await profiler.stop(process.env.BENCH_PROFILE!));
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
      stat(
        "the floor: WebCrypto SHA-1 + AES-CBC (CFB's stream) over the entity's bytes, nothing else",
        warm.map((s) => s.floorMs),
        `${mib(cold!.entityBytes)}: what OpenPGP v1 (GnuPG 2.2) needs, natively`,
      ),
    ];
    const ratio = median(warm.map((s) => s.padMs + s.encryptMs)) / median(warm.map((s) => s.aesGcmMs));
    const floor = median(warm.map((s) => s.floorMs)) / median(warm.map((s) => s.aesGcmMs));
    const table = [
      `Browser: headless Chromium ${version}, ${warm.length} warm runs (+1 cold); openpgp/lightweight loaded in ${loadMs.toFixed(0)} ms.`,
      '',
      '| step | median ms | min ms | max ms | note |',
      '| --- | ---: | ---: | ---: | --- |',
      ...rows.map(
        (r) => `| ${r.step} | ${r.median.toFixed(1)} | ${r.min.toFixed(1)} | ${r.max.toFixed(1)} | ${r.note} |`,
      ),
      '',
      `The report path takes ${ratio.toFixed(1)}× as long as bare AES-GCM over the same bytes (target: at most 3×); ` +
        `its floor alone, SHA-1 and CFB over the base64 entity, takes ${floor.toFixed(1)}×.`,
    ].join('\n');
    return { rows, table, browser: version };
  } finally {
    await close();
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const { table } = await runBrowserBench();
  console.log(`### Browser: pad and encrypt a 4 MiB attachment\n\n${table}\n`);
}
