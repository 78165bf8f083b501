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
  retries: 0,
  timeout: 60_000,
  reporter: process.env.CI ? 'line' : 'list',
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
