// Runs after the browser suite: the server's data directory and logs must hold none of the reports' plaintext
// and no client address (the browser connects from 127.0.0.1; the server's own listening URL is not a client's).
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { plaintextMarker } from './markers.ts';
import { e2eDataDir, e2eLogFile } from './server-paths.ts';

function filesUnder(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? filesUnder(path) : [path];
  });
}

export default function privacyScan(): void {
  const problems: string[] = [];
  const clientAddress = /(?<![\d.])127\.0\.0\.1(?![\d])|::ffff:127|(?<![\w:])::1(?![\w:])/;
  for (const file of [...filesUnder(e2eDataDir), e2eLogFile].filter(existsSync)) {
    const raw = readFileSync(file);
    const text = raw.toString('latin1');
    const utf16 = Buffer.from(plaintextMarker, 'utf16le').toString('latin1');
    if (text.includes(plaintextMarker) || text.includes(utf16)) problems.push(`${file}: contains a report's plaintext`);
    const withoutListenUrl = text.replace(/https?:\/\/127\.0\.0\.1:\d+/g, '');
    if (clientAddress.test(withoutListenUrl)) problems.push(`${file}: contains a client address`);
  }
  if (problems.length > 0) throw new Error(`Privacy scan failed:\n${problems.join('\n')}`);
  console.log(
    `Privacy scan: ${filesUnder(e2eDataDir).length + 1} files clean (no plaintext marker, no client address).`,
  );
}
