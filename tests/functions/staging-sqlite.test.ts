// The upload staging contract on SQLite, and what only the SQLite staging has to prove: its file settings, a coarse
// expiry, the sweep, and that taken or expired ciphertext does not stay readable in the file.
import { readdirSync, readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { afterAll, describe, expect, it } from 'vitest';
import { openSqliteStaging, sqliteStagingPath } from '../../functions/staging/sqlite.ts';
import { describeStagingContract, newId } from './staging-contract.ts';

const dirs: string[] = [];
async function tempDir(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'staging-'));
  dirs.push(dir);
  return dir;
}
afterAll(async () => {
  await Promise.all(dirs.map((d) => rm(d, { recursive: true, force: true })));
});

describeStagingContract('node:sqlite', async ({ ttlMs }) =>
  openSqliteStaging({ dataDir: await tempDir(), ttlMs, expiryRoundingMs: ttlMs ? 1 : undefined }),
);

describe('SQLite staging specifics', () => {
  const t0 = Date.UTC(2031, 0, 15, 10, 20, 30, 456);

  it('opens a file made before parts counted their writes, and counts from then on', async () => {
    const dir = await tempDir();
    const old = new DatabaseSync(sqliteStagingPath(dir));
    old.exec(`CREATE TABLE uploads (id TEXT PRIMARY KEY, parts INTEGER NOT NULL, bytes INTEGER NOT NULL, expires_at INTEGER NOT NULL) STRICT;
      CREATE TABLE upload_parts (upload TEXT NOT NULL REFERENCES uploads (id) ON DELETE CASCADE, idx INTEGER NOT NULL,
        data TEXT NOT NULL, PRIMARY KEY (upload, idx)) STRICT;`);
    old.close();
    const staging = openSqliteStaging({ dataDir: dir, maxPartWrites: 2 });
    const id = newId();
    await staging.open(id, { parts: 1, bytes: 3 }, t0);
    expect(await staging.putPart(id, 0, 'abc', t0)).toBe('stored');
    expect(await staging.putPart(id, 0, 'abc', t0)).toBe('stored');
    expect(await staging.putPart(id, 0, 'abc', t0)).toBe('too-many-writes');
    await staging.close();
  });

  it('is a WAL file beside the queue, with the expiry rounded up to the minute and no other time', async () => {
    const dir = await tempDir();
    const s = openSqliteStaging({ dataDir: dir });
    const id = newId();
    await s.open(id, { parts: 1, bytes: 10 }, t0);
    expect(sqliteStagingPath(dir)).toBe(join(dir, 'uploads.sqlite'));
    const probe = new DatabaseSync(sqliteStagingPath(dir));
    expect(probe.prepare('PRAGMA journal_mode').get()).toEqual({ journal_mode: 'wal' });
    expect(probe.prepare('SELECT * FROM uploads').all()).toEqual([
      { id, parts: 1, bytes: 10, expires_at: Date.UTC(2031, 0, 15, 11, 21, 0, 0) },
    ]);
    probe.close();
    // Still there a second before the expiry, gone at it.
    expect(await s.plan(id, Date.UTC(2031, 0, 15, 11, 20, 59))).not.toBeNull();
    expect(await s.plan(id, Date.UTC(2031, 0, 15, 11, 21, 0))).toBeNull();
    await s.close();
  });

  it('sweep deletes expired uploads with their parts; opening an upload sweeps too', async () => {
    const dir = await tempDir();
    const s = openSqliteStaging({ dataDir: dir });
    const [old, fresh, later] = [newId(), newId(), newId()];
    await s.open(old, { parts: 1, bytes: 5 }, t0);
    await s.putPart(old, 0, 'OLD-PART', t0);
    await s.open(fresh, { parts: 1, bytes: 5 }, t0 + 3_000_000);
    expect(await s.sweep(t0 + 3_700_000)).toBe(1);
    expect(await s.plan(fresh, t0 + 3_700_000)).not.toBeNull();
    await s.open(later, { parts: 1, bytes: 5 }, t0 + 7_000_000); // sweeps `fresh`
    const probe = new DatabaseSync(sqliteStagingPath(dir));
    expect(probe.prepare('SELECT COUNT(*) AS n FROM uploads').get()).toEqual({ n: 1 });
    expect(probe.prepare('SELECT COUNT(*) AS n FROM upload_parts').get()).toEqual({ n: 0 });
    probe.close();
    await s.close();
  });

  it('taken and expired ciphertext is overwritten, not left in the file (secure_delete)', async () => {
    const dir = await tempDir();
    const s = openSqliteStaging({ dataDir: dir });
    const [taken, expired] = [newId(), newId()];
    const markerA = `STAGED-TAKEN-${'a'.repeat(4000)}`;
    const markerB = `STAGED-EXPIRED-${'b'.repeat(4000)}`;
    await s.open(taken, { parts: 1, bytes: markerA.length }, t0);
    await s.putPart(taken, 0, markerA, t0);
    await s.open(expired, { parts: 1, bytes: markerB.length }, t0);
    await s.putPart(expired, 0, markerB, t0);
    expect((await s.take(taken, t0)).status).toBe('complete');
    expect(await s.sweep(t0 + 7_200_000)).toBe(1);
    // While the staging is still open: neither the file nor its WAL holds the parts any more.
    const files = readdirSync(dir);
    expect(files).toContain('uploads.sqlite-wal');
    for (const name of files) {
      const bytes = readFileSync(join(dir, name)).toString('latin1');
      expect(bytes, name).not.toContain('STAGED-TAKEN');
      expect(bytes, name).not.toContain('STAGED-EXPIRED');
    }
    await s.close();
  });
});
