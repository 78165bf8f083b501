// The one way the browser benchmarks (bench/browser.ts, bench/pow.ts) run code in headless Chromium: their entries
// bundled with esbuild for the browser, as the site's build would, and served by Playwright's request routing from
// http://127.0.0.1 (a secure context, as WebCrypto requires): no server, no network.
import { fileURLToPath } from 'node:url';
import { chromium, type Page } from '@playwright/test';
import { build } from 'esbuild';

const origin = 'http://127.0.0.1:9';

async function bundle(entry: string): Promise<string> {
  const result = await build({
    entryPoints: [fileURLToPath(new URL(entry, import.meta.url))],
    bundle: true,
    format: 'esm',
    platform: 'browser',
    conditions: ['browser'],
    target: 'es2022',
    minify: !process.env.BENCH_PROFILE, // a profile names the functions
    write: false,
    logLevel: 'silent',
  });
  return result.outputFiles[0]!.text;
}

export interface BenchPage {
  page: Page;
  /** Chromium's version, for the benchmark's table. */
  version: string;
  close(): Promise<void>;
}

/**
 * Opens a page whose module script is the first of `scripts` (path served → entry file, relative to bench/); the
 * others are served beside it (a worker). Resolves once the page has defined `window[ready]`.
 */
export async function openBenchPage(scripts: Record<string, string>, ready: string): Promise<BenchPage> {
  const bodies = new Map(
    await Promise.all(Object.entries(scripts).map(async ([path, entry]) => [path, await bundle(entry)] as const)),
  );
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: ['--disable-background-networking'],
  });
  try {
    const page = await browser.newPage();
    await page.route(`${origin}/**`, (route) => {
      const body = bodies.get(new URL(route.request().url()).pathname);
      if (body !== undefined) return route.fulfill({ contentType: 'text/javascript', body });
      return route.fulfill({
        contentType: 'text/html',
        body: `<!doctype html><title>bench</title><script type="module" src="${Object.keys(scripts)[0]}"></script>`,
      });
    });
    await page.goto(`${origin}/`);
    await page.waitForFunction(
      (name) => typeof (window as unknown as Record<string, unknown>)[name] === 'function',
      ready,
    );
    return { page, version: browser.version(), close: () => browser.close() };
  } catch (error) {
    await browser.close();
    throw error;
  }
}
