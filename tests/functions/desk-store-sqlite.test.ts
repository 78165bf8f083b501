// The desk store contract against node:sqlite, and what only the SQLite store has to prove: durability settings,
// an append-only audit table, and that a deleted case leaves no ciphertext in the file.
import { existsSync, readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { afterAll, describe, expect, it } from 'vitest';
import { openSqliteDeskStore, sqliteDeskPath } from '../../functions/desk-store/sqlite.ts';
import { genesisHash } from '../../functions/desk-ports.ts';
import { describeDeskStoreContract, newCase } from './desk-store-contract.ts';

const dirs: string[] = [];
async function tempDir(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'desk-store-'));
  dirs.push(dir);
  return dir;
}
afterAll(async () => {
  await Promise.all(dirs.map((d) => rm(d, { recursive: true, force: true })));
});

describeDeskStoreContract('node:sqlite', async () => openSqliteDeskStore({ dataDir: await tempDir() }));

describe('SQLite desk store specifics', () => {
  it('is a WAL file, and a case survives closing and reopening', async () => {
    const dir = await tempDir();
    const c = newCase();
    const first = openSqliteDeskStore({ dataDir: dir });
    await first.createCase(c);
    const probe = new DatabaseSync(sqliteDeskPath(dir));
    expect(probe.prepare('PRAGMA journal_mode').get()).toEqual({ journal_mode: 'wal' });
    probe.close();
    await first.close();
    const second = openSqliteDeskStore({ dataDir: dir });
    expect((await second.messages(c.id))[0]?.body).toBe(c.body);
    await second.close();
  });

  it('a desk.sqlite from before notes is rebuilt once to take them, keeping its thread', async () => {
    const dir = await tempDir();
    const c = newCase();
    const first = openSqliteDeskStore({ dataDir: dir });
    await first.createCase(c);
    await first.close();
    // The messages table as the first release made it: a CHECK without 'note'.
    const old = new DatabaseSync(sqliteDeskPath(dir));
    const sql = String(old.prepare("SELECT sql FROM sqlite_master WHERE name = 'messages'").get()!.sql);
    old.exec(`PRAGMA foreign_keys = OFF; ALTER TABLE messages RENAME TO m2;
      ${sql.replace(", 'note'", '')};
      INSERT INTO messages SELECT * FROM m2; DROP TABLE m2;`);
    expect(() =>
      old.prepare("INSERT INTO messages VALUES (?, 1, 'note', '2031-01-16', 'x', NULL, NULL)").run(c.id),
    ).toThrow(/CHECK/);
    old.close();
    const reopened = openSqliteDeskStore({ dataDir: dir });
    expect((await reopened.messages(c.id))[0]?.body).toBe(c.body);
    const note = { kind: 'note' as const, day: '2031-01-16', body: 'n', record: null, author: 'o' };
    expect(await reopened.addMessageAt(c.id, 1, note)).toBe('added');
    await reopened.close();
  });

  it('the audit table refuses UPDATE and DELETE, even from another connection', async () => {
    const dir = await tempDir();
    const store = openSqliteDeskStore({ dataDir: dir });
    await store.appendAudit({
      seq: 1,
      at: '2031-01-15T10:20Z',
      actor: null,
      action: 'x',
      object: null,
      detail: {},
      prevHash: genesisHash,
      hash: 'f'.repeat(64),
    });
    await store.close();
    const db = new DatabaseSync(sqliteDeskPath(dir));
    expect(() => db.exec(`UPDATE audit SET action = 'y'`)).toThrow(/append-only/);
    expect(() => db.exec('DELETE FROM audit')).toThrow(/append-only/);
    expect(db.prepare('SELECT action FROM audit').all()).toEqual([{ action: 'x' }]);
    db.close();
  });

  it('a deleted case leaves no ciphertext in the database files (secure_delete)', async () => {
    const dir = await tempDir();
    const marker = 'DESKCIPHERMARKER'.repeat(64);
    const store = openSqliteDeskStore({ dataDir: dir });
    const c = newCase({ body: `-----BEGIN PGP MESSAGE-----\n\n${marker}\n-----END PGP MESSAGE-----\n` });
    await store.createCase(c);
    await store.createCase(newCase()); // keeps the page in use, so the overwrite and not a freed page is tested
    await store.addMessage(c.id, {
      kind: 'reply',
      day: '2031-01-16',
      body: `${marker}reply`,
      record: `${marker}record`,
      author: 'o1',
    });
    expect(await store.deleteCase(c.id)).toBe(true);
    await store.close();
    const files = ['desk.sqlite', 'desk.sqlite-wal'].map((f) => join(dir, f)).filter((f) => existsSync(f));
    expect(files.length).toBeGreaterThan(0);
    for (const file of files) expect(readFileSync(file).includes('DESKCIPHERMARKER')).toBe(false);
  });
});
