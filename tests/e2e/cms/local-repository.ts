// The CMS test's backend: Sveltia CMS's own "local repository" mode (the File System Access API), given a directory
// the test provides. Headless Chromium has no folder picker, so window.showDirectoryPicker returns a folder in the
// origin-private file system (a real FileSystemDirectoryHandle, read and written through the same API the picker's
// handle uses), which the test fills with a copy of content/ and reads back afterwards.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import type { Page } from '@playwright/test';

const repoFolder = 'repository';

/** Before any page script: the picker hands out the test's folder. */
export async function provideRepositoryFolder(page: Page): Promise<void> {
  await page.addInitScript((folder) => {
    Object.defineProperty(window, 'showDirectoryPicker', {
      configurable: true,
      value: async () => (await navigator.storage.getDirectory()).getDirectoryHandle(folder, { create: true }),
    });
  }, repoFolder);
}

function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? filesUnder(path) : [path];
  });
}

/** Copies content/ into the folder (as the repository's content/), with the .git folder Sveltia looks for. */
export async function fillRepository(page: Page, contentDir: string): Promise<void> {
  const files = Object.fromEntries(
    filesUnder(contentDir).map((path) => [
      `content/${relative(contentDir, path).split(sep).join('/')}`,
      readFileSync(path).toString('base64'),
    ]),
  );
  files['.git/HEAD'] = Buffer.from('ref: refs/heads/main\n').toString('base64');
  await page.evaluate(
    async ({ folder, files }) => {
      const root = await (await navigator.storage.getDirectory()).getDirectoryHandle(folder, { create: true });
      for (const [path, base64] of Object.entries(files)) {
        const parts = path.split('/');
        let dir = root;
        for (const part of parts.slice(0, -1)) dir = await dir.getDirectoryHandle(part, { create: true });
        const writable = await (await dir.getFileHandle(parts.at(-1)!, { create: true })).createWritable();
        await writable.write(Uint8Array.from(atob(base64), (c) => c.charCodeAt(0)));
        await writable.close();
      }
    },
    { folder: repoFolder, files },
  );
}

/** Every file now in the folder's content/, as path → bytes (base64). */
export async function readRepository(page: Page): Promise<Record<string, Buffer>> {
  const files: Record<string, string> = await page.evaluate(async (folder) => {
    const out: Record<string, string> = {};
    const walk = async (dir: FileSystemDirectoryHandle, prefix: string) => {
      for await (const [name, handle] of (
        dir as unknown as { entries(): AsyncIterable<[string, FileSystemHandle]> }
      ).entries()) {
        if (handle.kind === 'directory') await walk(handle as FileSystemDirectoryHandle, `${prefix}${name}/`);
        else {
          const bytes = new Uint8Array(await (await (handle as FileSystemFileHandle).getFile()).arrayBuffer());
          let binary = '';
          for (const b of bytes) binary += String.fromCharCode(b);
          out[`${prefix}${name}`] = btoa(binary);
        }
      }
    };
    const root = await (await navigator.storage.getDirectory()).getDirectoryHandle(folder);
    await walk(await root.getDirectoryHandle('content'), 'content/');
    return out;
  }, repoFolder);
  return Object.fromEntries(Object.entries(files).map(([path, b64]) => [path, Buffer.from(b64, 'base64')]));
}
