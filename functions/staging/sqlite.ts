// The embedded upload staging: parts of a large report's ciphertext, held in a SQLite file beside the queue
// (<dataDir>/uploads.sqlite) until the last request assembles them. Same settings as the queue: WAL with
// synchronous=FULL (a part acknowledged is on disk), and secure_delete, so a taken or expired upload's ciphertext
// is overwritten in the file rather than left in free pages.
//
// What is stored: the upload id (random, drawn by the server), its part count and length, the parts (the binary
// ciphertext, as base64) and an expiry rounded up to the minute — no other time, and nothing about the client.
// SQLite has no expiry of its own: expired uploads are deleted whenever an upload is opened and by sweep(), which
// the Node server runs every few minutes; until then an expired upload is treated as unknown.
// After an upload is taken or swept, the WAL is checkpointed and truncated: its old frames would otherwise keep the
// parts' ciphertext until they happen to be overwritten (best effort: a checkpoint blocked by a reader is left).
import { join } from 'node:path';
import { immediateTransaction, openDurableDatabase } from '../sqlite/durable.ts';
import {
  defaultUploadTtlMs,
  type PutPartResult,
  type TakenUpload,
  type UploadPlan,
  type UploadStaging,
} from '../ports.ts';
import { serverLimits } from '../http/limits.ts';

const schema = `
CREATE TABLE IF NOT EXISTS uploads (
  id TEXT PRIMARY KEY,
  parts INTEGER NOT NULL,
  bytes INTEGER NOT NULL,
  expires_at INTEGER NOT NULL
) STRICT;
CREATE INDEX IF NOT EXISTS uploads_expiry ON uploads (expires_at);
CREATE TABLE IF NOT EXISTS upload_parts (
  upload TEXT NOT NULL REFERENCES uploads (id) ON DELETE CASCADE,
  idx INTEGER NOT NULL,
  data TEXT NOT NULL,
  writes INTEGER NOT NULL DEFAULT 1,
  PRIMARY KEY (upload, idx)
) STRICT;
`;

export interface SqliteStagingOptions {
  /** The data directory; the file is <dataDir>/uploads.sqlite. */
  dataDir: string;
  /** How long an upload may take from its first request to its last; default one hour. */
  ttlMs?: number;
  /** How many times one part may be stored (serverLimits.partWrites by default). */
  maxPartWrites?: number;
  /** The expiry is rounded up to a multiple of this, so it does not record when the upload began; default a minute. */
  expiryRoundingMs?: number;
  busyTimeoutMs?: number;
}

export function sqliteStagingPath(dataDir: string): string {
  return join(dataDir, 'uploads.sqlite');
}

export function openSqliteStaging(options: SqliteStagingOptions): UploadStaging {
  const ttlMs = options.ttlMs ?? defaultUploadTtlMs;
  const rounding = options.expiryRoundingMs ?? 60_000;
  const db = openDurableDatabase(sqliteStagingPath(options.dataDir), options.busyTimeoutMs);
  db.exec(schema);
  // Files from before parts counted their writes: add the column (their open uploads are at most an hour old).
  if (
    !db
      .prepare('PRAGMA table_info(upload_parts)')
      .all()
      .some((column) => column.name === 'writes')
  ) {
    db.exec('ALTER TABLE upload_parts ADD COLUMN writes INTEGER NOT NULL DEFAULT 1');
  }
  const maxPartWrites = options.maxPartWrites ?? serverLimits.partWrites;

  const insertUpload = db.prepare('INSERT INTO uploads (id, parts, bytes, expires_at) VALUES (?, ?, ?, ?)');
  const planOf = db.prepare('SELECT parts, bytes FROM uploads WHERE id = ? AND expires_at > ?');
  const upsertPart = db.prepare(
    `INSERT INTO upload_parts (upload, idx, data, writes) VALUES (?, ?, ?, 1)
     ON CONFLICT (upload, idx) DO UPDATE SET data = excluded.data, writes = upload_parts.writes + 1
     WHERE upload_parts.writes < ?`,
  );
  const partIndexes = db.prepare('SELECT idx FROM upload_parts WHERE upload = ? ORDER BY idx');
  const partData = db.prepare('SELECT data FROM upload_parts WHERE upload = ? ORDER BY idx');
  const deleteUpload = db.prepare('DELETE FROM uploads WHERE id = ?');
  const deleteExpired = db.prepare('DELETE FROM uploads WHERE expires_at <= ?');
  const checkpoint = db.prepare('PRAGMA wal_checkpoint(TRUNCATE)');

  const transaction = <T>(work: () => T): T => immediateTransaction(db, work);
  const readPlan = (id: string, now: number): UploadPlan | null => {
    const row = planOf.get(id, now);
    return row ? { parts: Number(row.parts), bytes: Number(row.bytes) } : null;
  };
  let closed = false;

  return {
    async open(id: string, plan: UploadPlan, now: number): Promise<void> {
      const expiresAt = Math.ceil((now + ttlMs) / rounding) * rounding;
      transaction(() => {
        deleteExpired.run(now);
        insertUpload.run(id, plan.parts, plan.bytes, expiresAt);
      });
    },

    async plan(id: string, now: number): Promise<UploadPlan | null> {
      return readPlan(id, now);
    },

    async putPart(id: string, index: number, data: string, now: number): Promise<PutPartResult> {
      return transaction(() => {
        const plan = readPlan(id, now);
        if (!plan) return 'unknown';
        if (!Number.isInteger(index) || index < 0 || index >= plan.parts) return 'out-of-range';
        return Number(upsertPart.run(id, index, data, maxPartWrites).changes) > 0 ? 'stored' : 'too-many-writes';
      });
    },

    async take(id: string, now: number): Promise<TakenUpload> {
      const taken = transaction((): TakenUpload => {
        const plan = readPlan(id, now);
        if (!plan) return { status: 'unknown' };
        const present = new Set(partIndexes.all(id).map((row) => Number(row.idx)));
        const missing = [...Array(plan.parts).keys()].filter((i) => !present.has(i));
        if (missing.length > 0) return { status: 'incomplete', missing };
        const base64 = partData
          .all(id)
          .map((row) => String(row.data))
          .join('');
        deleteUpload.run(id);
        return { status: 'complete', base64 };
      });
      if (taken.status === 'complete') checkpoint.get();
      return taken;
    },

    async discard(id: string): Promise<void> {
      if (Number(deleteUpload.run(id).changes) > 0) checkpoint.get();
    },

    async sweep(now: number): Promise<number> {
      const swept = Number(deleteExpired.run(now).changes);
      if (swept > 0) checkpoint.get();
      return swept;
    },

    async close(): Promise<void> {
      if (closed) return;
      closed = true;
      db.close();
    },
  };
}
