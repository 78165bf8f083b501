import { existsSync, readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { afterAll, describe, expect, it } from 'vitest';
import { openSqliteQueue, receiptRetentionMs, sqliteQueuePath } from '../../functions/queue/sqlite.ts';
import { describeQueueContract, newTip } from './queue-contract.ts';

const dirs: string[] = [];
async function tempDir(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'tipqueue-'));
  dirs.push(dir);
  return dir;
}
afterAll(async () => {
  await Promise.all(dirs.map((d) => rm(d, { recursive: true, force: true })));
});

describeQueueContract('node:sqlite', async () => openSqliteQueue({ dataDir: await tempDir() }));

describe('SQLite queue specifics', () => {
  const t0 = Date.UTC(2031, 0, 15, 10, 20, 30, 456);

  it('opens a file made before codes could say "undeliverable", keeping its receipts, and can then say it', async () => {
    const dir = await tempDir();
    const old = new DatabaseSync(sqliteQueuePath(dir));
    old.exec(`CREATE TABLE receipts (receipt_hash TEXT PRIMARY KEY,
      status TEXT NOT NULL CHECK (status IN ('waiting', 'delivered')), delivered_hour INTEGER) STRICT;
      INSERT INTO receipts VALUES ('${'a'.repeat(64)}', 'delivered', 0);`);
    old.close();
    const q = openSqliteQueue({ dataDir: dir });
    expect(await q.receiptStatus('a'.repeat(64))).toBe('delivered');
    const tip = newTip();
    await q.enqueue(tip, t0);
    await q.markUndeliverable(tip.id, 'not sealed to the configured keys', t0);
    expect(await q.receiptStatus(tip.receiptHash)).toBe('undeliverable');
    await q.close();
  });

  it('puts the file in WAL mode', async () => {
    const dir = await tempDir();
    const q = openSqliteQueue({ dataDir: dir });
    await q.enqueue(newTip(), t0);
    // journal_mode is stored in the file, so a second connection sees it; synchronous and secure_delete are per
    // connection (secure_delete is proven by the test below that looks for deleted ciphertext in the file).
    const probe = new DatabaseSync(sqliteQueuePath(dir));
    expect(probe.prepare('PRAGMA journal_mode').get()).toEqual({ journal_mode: 'wal' });
    probe.close();
    await q.close();
  });

  it('a tip survives closing and reopening (what a restart does)', async () => {
    const dir = await tempDir();
    const tip = newTip();
    const first = openSqliteQueue({ dataDir: dir });
    await first.enqueue(tip, t0);
    await first.close();
    const second = openSqliteQueue({ dataDir: dir });
    expect(await second.receiptStatus(tip.receiptHash)).toBe('waiting');
    expect(await second.claim(t0, 60_000, 5)).toEqual([{ id: tip.id, armored: tip.armored, attempts: 0 }]);
    await second.close();
  });

  it('stores no time finer than the hour for a new tip', async () => {
    const dir = await tempDir();
    const q = openSqliteQueue({ dataDir: dir });
    await q.enqueue(newTip(), t0);
    await q.close();
    const db = new DatabaseSync(sqliteQueuePath(dir));
    const row = db.prepare('SELECT created_hour, next_attempt_at, lease_until FROM tips').get()!;
    db.close();
    const hour = Date.UTC(2031, 0, 15, 10);
    expect(row).toEqual({ created_hour: hour, next_attempt_at: hour, lease_until: null });
  });

  it('a delivered tip leaves no ciphertext in the database files (secure_delete)', async () => {
    const dir = await tempDir();
    const marker = 'CIPHERTEXTMARKER'.repeat(64);
    const tip = newTip({ armored: `-----BEGIN PGP MESSAGE-----\n\n${marker}\n-----END PGP MESSAGE-----\n` });
    const q = openSqliteQueue({ dataDir: dir });
    await q.enqueue(tip, t0);
    await q.enqueue(newTip(), t0); // keeps the page in use, so the overwrite and not a freed page is tested
    await q.claim(t0, 60_000, 5);
    await q.markDelivered(tip.id, t0);
    await q.close(); // checkpoints the WAL into the main file and removes it
    const files = ['tips.sqlite', 'tips.sqlite-wal'].map((f) => join(dir, f)).filter((f) => existsSync(f));
    expect(files.length).toBeGreaterThan(0);
    for (const file of files) expect(readFileSync(file).includes('CIPHERTEXTMARKER')).toBe(false);
  });

  it('keeps delivered receipts for 90 days, then prunes them', async () => {
    const dir = await tempDir();
    const q = openSqliteQueue({ dataDir: dir });
    const old = newTip();
    const recent = newTip();
    await q.enqueue(old, t0);
    await q.claim(t0, 60_000, 5);
    await q.markDelivered(old.id, t0);
    const later = t0 + receiptRetentionMs + 2 * 3_600_000;
    await q.enqueue(recent, later);
    expect(await q.receiptStatus(old.receiptHash)).toBe('delivered');
    await q.claim(later, 60_000, 5);
    await q.markDelivered(recent.id, later);
    expect(await q.receiptStatus(old.receiptHash)).toBe('unknown');
    expect(await q.receiptStatus(recent.receiptHash)).toBe('delivered');
    await q.close();
  });

  it('concurrent enqueues share a commit; a bad one in the batch fails alone', async () => {
    const dir = await tempDir();
    const q = openSqliteQueue({ dataDir: dir });
    const tips = Array.from({ length: 20 }, () => newTip());
    const duplicate = { ...tips[3]!, receiptHash: 'other' };
    const results = await Promise.allSettled([...tips, duplicate].map((tip) => q.enqueue(tip, t0)));
    expect(results.slice(0, 20).every((r) => r.status === 'fulfilled')).toBe(true);
    expect(results[20]!.status).toBe('rejected');
    await q.close();
    // Everything that resolved is on disk.
    const reopened = openSqliteQueue({ dataDir: dir });
    expect(await reopened.counts()).toEqual({ pending: 20, dead: 0 });
    await reopened.close();
  });

  // Enqueues are written by a worker thread (functions/queue/sqlite-writer.ts): the promise must still mean "on disk".
  it('each enqueue resolves only when its tip is committed: another connection sees it at that moment', async () => {
    const dir = await tempDir();
    const q = openSqliteQueue({ dataDir: dir });
    await q.enqueue(newTip(), t0); // the file and the writer exist
    const probe = new DatabaseSync(sqliteQueuePath(dir), { readOnly: true });
    const has = probe.prepare('SELECT COUNT(*) AS n FROM tips WHERE id = ?');
    const tips = Array.from({ length: 30 }, () => newTip());
    const seen = await Promise.all(tips.map((tip) => q.enqueue(tip, t0).then(() => Number(has.get(tip.id)!.n))));
    expect(seen).toEqual(tips.map(() => 1));
    probe.close();
    await q.close();
  });

  it('close writes the enqueues it accepted before answering them, then refuses new ones', async () => {
    const dir = await tempDir();
    const q = openSqliteQueue({ dataDir: dir });
    const pending = Array.from({ length: 10 }, () => q.enqueue(newTip(), t0));
    await q.close();
    expect((await Promise.allSettled(pending)).map((r) => r.status)).toEqual(pending.map(() => 'fulfilled'));
    await expect(q.enqueue(newTip(), t0)).rejects.toThrow(/closed/);
    const reopened = openSqliteQueue({ dataDir: dir });
    expect(await reopened.counts()).toEqual({ pending: 10, dead: 0 });
    await reopened.close();
  });

  it('two connections to one file (server and forward CLI) share the queue without double claims', async () => {
    const dir = await tempDir();
    const a = openSqliteQueue({ dataDir: dir });
    const b = openSqliteQueue({ dataDir: dir });
    for (let i = 0; i < 6; i++) await a.enqueue(newTip(), t0);
    const [fromA, fromB] = [await a.claim(t0, 60_000, 4), await b.claim(t0, 60_000, 4)];
    expect(fromA.length + fromB.length).toBe(6);
    expect(new Set([...fromA, ...fromB].map((t) => t.id)).size).toBe(6);
    await a.close();
    await b.close();
  });
});
