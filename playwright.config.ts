import { defineConfig } from '@playwright/test';

// The browser tests drive Debian's Chromium against the real Node server (tests/e2e/test-server.ts), which
// also runs a real SMTP sink so a tip can be followed to delivery.
// E2E_PORT lets several checkouts run their browser tests on one machine at once.
export const e2ePort = Number(process.env.E2E_PORT ?? 4399);

export default defineConfig({
  testDir: 'tests/e2e',
  fullyParallel: true,
  workers: Number(process.env.E2E_WORKERS ?? 2),
  forbidOnly: !!process.env.CI,
  // On CI one retry: the long flows drive a third-party CMS and a whole desk session in a real browser, and a run that
  // fails on a timing of theirs costs the whole landing. A test that needed its retry is listed as "flaky" in the output.
  retries: process.env.CI ? 1 : 0,
  timeout: 60_000,
  // "list" prints every failure in full at the end, where a log cut to its tail still shows it ("line" printed it
  // where it happened, so CI's tail named the failed test without its error).
  reporter: 'list',
  globalTeardown: './tests/e2e/privacy-scan.ts',
  use: {
    baseURL: `http://127.0.0.1:${e2ePort}`,
    browserName: 'chromium',
    launchOptions: {
      executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
      args: [
        '--disable-background-networking',
        '--disable-component-update',
        '--no-first-run',
        '--disable-sync',
        '--disable-quic',
      ],
    },
  },
  webServer: {
    command: `node tests/e2e/test-server.ts ${e2ePort}`,
    url: `http://127.0.0.1:${e2ePort}/en/`,
    reuseExistingServer: false,
    timeout: 60_000,
    stdout: 'pipe',
    stderr: 'pipe',
  },
});
