// The embedded SQLite files (the tip queue, the upload staging) are opened one way: WAL with synchronous=FULL, so a
// commit that returned survives power loss, and secure_delete, so deleted ciphertext is overwritten on disk.
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { DatabaseSync } from 'node:sqlite';

export function openDurableDatabase(path: string, busyTimeoutMs = 5_000): DatabaseSync {
  mkdirSync(dirname(path), { recursive: true, mode: 0o700 });
  const db = new DatabaseSync(path, { timeout: busyTimeoutMs });
  db.exec('PRAGMA journal_mode = WAL; PRAGMA synchronous = FULL; PRAGMA secure_delete = ON; PRAGMA foreign_keys = ON;');
  return db;
}

/** BEGIN IMMEDIATE takes the write lock up front, so two processes never interleave a read-then-write. */
export function immediateTransaction<T>(db: DatabaseSync, work: () => T): T {
  db.exec('BEGIN IMMEDIATE');
  try {
    const result = work();
    db.exec('COMMIT');
    return result;
  } catch (error) {
    if (db.isTransaction) db.exec('ROLLBACK');
    throw error;
  }
}
