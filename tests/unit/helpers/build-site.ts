// Builds the real site from a copy of content/ with one change, into a temporary folder, for tests that check what
// a change made by campaign staff does to the built site.
import { execFile } from 'node:child_process';
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

export function siteBuilder(prefix: string) {
  const work = mkdtempSync(join(tmpdir(), `${prefix}-`));
  return {
    cleanup: () => rmSync(work, { recursive: true, force: true }),
    async buildWith(name: string, change: (content: string) => void, env: Record<string, string> = {}) {
      const content = join(work, name, 'content');
      cpSync('content', content, { recursive: true });
      change(content);
      const out = join(work, name, 'dist');
      try {
        const { stdout, stderr } = await run(process.execPath, ['node_modules/astro/bin/astro.mjs', 'build'], {
          env: {
            ...process.env,
            ASTRO_TELEMETRY_DISABLED: '1',
            SITE_CONTENT_DIR: content,
            SITE_OUT_DIR: out,
            SITE_CACHE_DIR: join(work, name, 'cache'),
            SITE_PRECOMPRESS: '0', // nothing here serves the build
            ...env,
          },
          maxBuffer: 32 * 1024 * 1024,
        });
        return { ok: true, output: stdout + stderr, out };
      } catch (error) {
        const e = error as { stdout: string; stderr: string };
        return { ok: false, output: `${e.stdout}${e.stderr}`, out };
      }
    },
  };
}
