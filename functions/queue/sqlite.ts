// The embedded durable queue: one SQLite file in DATA_DIR, for the self-hosted single process.
//
// Durability: WAL with synchronous=FULL, so a COMMIT has reached the disk before enqueue() resolves (and so before
// the 202); WAL with NORMAL could lose the last commits on power loss. secure_delete overwrites a delivered tip's
// ciphertext in the file instead of leaving it in free pages.
//
// Enqueues are written by a worker thread (queue/sqlite-writer.ts, started on the first enqueue), so the disk wait of
// each COMMIT does not stall the requests being checked meanwhile. Group commit: enqueues that arrive while a commit
// runs are written in one transaction (one fsync), and each resolves only after that COMMIT. Under load this lifts
// intake above one fsync per tip; alone, a tip waits for nothing but its own commit. Everything else (claims,
// delivery marks, status) stays here on the main thread's connection; SQLite's locks order the two.
//
// What is stored, for people: the hour a tip arrived, never the minute. The scheduling columns (next attempt,
// lease) hold exact times because the forwarder needs them, but a new tip's first "due" time is that same hour, so
// no column records when it really arrived. Receipts (SHA-256 of the tipster's code → waiting, delivered or
// undeliverable) are kept 90 days after their last change to delivered or undeliverable, then pruned.
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { floorToHour } from '../../src/shared/hour.ts';
import { immediateTransaction, openDurableDatabase } from '../sqlite/durable.ts';
import type {
  ClaimedTip,
  DeadLetterReason,
  NewTip,
  PendingPage,
  QueueCounts,
  ReceiptStatus,
  TipQueue,
} from '../ports.ts';
import { failureReason } from './failure-reason.ts';
import type { WriterReply, WriterRequest } from './sqlite-writer.ts';

export const receiptRetentionMs = 90 * 24 * 3_600_000;

const schema = `
CREATE TABLE IF NOT EXISTS tips (
  id TEXT PRIMARY KEY,
  armored TEXT NOT NULL,
  receipt_hash TEXT NOT NULL,
  status TEXT NOT NULL CHECK (status IN ('pending', 'dead')),
  attempts INTEGER NOT NULL DEFAULT 0,
  created_hour INTEGER NOT NULL,
  next_attempt_at INTEGER NOT NULL,
  lease_until INTEGER,
  last_error TEXT
) STRICT;
CREATE INDEX IF NOT EXISTS tips_due ON tips (status, next_attempt_at);
CREATE INDEX IF NOT EXISTS tips_receipt ON tips (receipt_hash);
CREATE TABLE IF NOT EXISTS receipts (
  receipt_hash TEXT PRIMARY KEY,
  status TEXT NOT NULL CHECK (status IN ('waiting', 'delivered', 'undeliverable')),
  delivered_hour INTEGER
) STRICT;
CREATE INDEX IF NOT EXISTS receipts_delivered ON receipts (delivered_hour);
`;

/**
 * Files made before receipts could say "undeliverable" have a CHECK that refuses it; SQLite cannot change a CHECK,
 * so the table is copied into the new shape once (delivered_hour is the hour of the final status, for pruning).
 */
const receiptsBeforeUndeliverable = `
ALTER TABLE receipts RENAME TO receipts_before_undeliverable;
CREATE TABLE receipts (
  receipt_hash TEXT PRIMARY KEY,
  status TEXT NOT NULL CHECK (status IN ('waiting', 'delivered', 'undeliverable')),
  delivered_hour INTEGER
) STRICT;
INSERT INTO receipts SELECT receipt_hash, status, delivered_hour FROM receipts_before_undeliverable;
DROP TABLE receipts_before_undeliverable;
CREATE INDEX IF NOT EXISTS receipts_delivered ON receipts (delivered_hour);
`;

export interface SqliteQueueOptions {
  /** The data directory; the file is <dataDir>/tips.sqlite. */
  dataDir: string;
  /** How long a writer waits for another process's lock (the forward CLI beside the server), in ms. */
  busyTimeoutMs?: number;
}

export function sqliteQueuePath(dataDir: string): string {
  return join(dataDir, 'tips.sqlite');
}

export function openSqliteQueue(options: SqliteQueueOptions): TipQueue {
  const path = sqliteQueuePath(options.dataDir);
  const db = openDurableDatabase(path, options.busyTimeoutMs);
  db.exec(schema);
  const receiptsSql = db.prepare(`SELECT sql FROM sqlite_master WHERE type = 'table' AND name = 'receipts'`).get();
  if (!String(receiptsSql?.sql ?? '').includes('undeliverable')) {
    immediateTransaction(db, () => db.exec(receiptsBeforeUndeliverable));
  }
  const claimDue = db.prepare(
    `UPDATE tips SET lease_until = ?
     WHERE id IN (SELECT id FROM tips
                  WHERE status = 'pending' AND next_attempt_at <= ? AND (lease_until IS NULL OR lease_until <= ?)
                  ORDER BY next_attempt_at, rowid LIMIT ?)
     RETURNING id, armored, attempts`,
  );
  const receiptOf = db.prepare('SELECT receipt_hash FROM tips WHERE id = ?');
  const deleteTip = db.prepare('DELETE FROM tips WHERE id = ?');
  const othersWithReceipt = db.prepare('SELECT COUNT(*) AS n FROM tips WHERE receipt_hash = ?');
  const markReceiptDelivered = db.prepare(
    `UPDATE receipts SET status = 'delivered', delivered_hour = ? WHERE receipt_hash = ?`,
  );
  const pruneReceipts = db.prepare(
    `DELETE FROM receipts WHERE status IN ('delivered', 'undeliverable') AND delivered_hour < ?`,
  );
  const pendingWithReceipt = db.prepare(`SELECT COUNT(*) AS n FROM tips WHERE receipt_hash = ? AND status = 'pending'`);
  const markReceiptUndeliverable = db.prepare(
    `UPDATE receipts SET status = 'undeliverable', delivered_hour = ? WHERE receipt_hash = ?`,
  );
  const pendingPage = db.prepare(
    `SELECT id, armored FROM tips WHERE status = 'pending' AND id > ? ORDER BY id LIMIT ?`,
  );
  const deadReasons = db.prepare(
    `SELECT COALESCE(last_error, '') AS reason, COUNT(*) AS n FROM tips WHERE status = 'dead'
     GROUP BY reason ORDER BY n DESC, reason`,
  );
  const reopenUndeliverable = db.prepare(
    `UPDATE receipts SET status = 'waiting', delivered_hour = NULL
     WHERE status = 'undeliverable' AND receipt_hash IN (SELECT receipt_hash FROM tips WHERE status = 'dead')`,
  );
  const retry = db.prepare(
    `UPDATE tips SET attempts = attempts + 1, next_attempt_at = ?, lease_until = NULL, last_error = ?
     WHERE id = ? AND status = 'pending'`,
  );
  const dead = db.prepare(
    `UPDATE tips SET attempts = attempts + 1, status = 'dead', lease_until = NULL, last_error = ?
     WHERE id = ? AND status = 'pending'`,
  );
  const receipt = db.prepare('SELECT status FROM receipts WHERE receipt_hash = ?');
  const count = db.prepare(`SELECT status, COUNT(*) AS n FROM tips GROUP BY status`);
  const reviveDead = db.prepare(
    `UPDATE tips SET status = 'pending', attempts = 0, next_attempt_at = ?, lease_until = NULL, last_error = NULL
     WHERE status = 'dead'`,
  );
  const deadReceipts = db.prepare(`SELECT DISTINCT receipt_hash FROM tips WHERE status = 'dead'`);
  const deleteDead = db.prepare(`DELETE FROM tips WHERE status = 'dead'`);
  // Only a code still saying "waiting": one that says "undeliverable" keeps telling the tipster to report again.
  const deleteWaitingReceipt = db.prepare(`DELETE FROM receipts WHERE receipt_hash = ? AND status = 'waiting'`);

  const transaction = <T>(work: () => T): T => immediateTransaction(db, work);
  let closed = false;

  // The writer thread, started on the first enqueue (the CLIs never enqueue, so never start it).
  let writer: Worker | null = null;
  let nextSeq = 0;
  const waiting = new Map<number, { resolve: () => void; reject: (error: unknown) => void }>();
  const failAll = (error: unknown) => {
    for (const w of waiting.values()) w.reject(error);
    waiting.clear();
  };
  const startWriter = (): Worker => {
    const worker = new Worker(new URL('./sqlite-writer.ts', import.meta.url), {
      workerData: { path, busyTimeoutMs: options.busyTimeoutMs },
    });
    worker.on('message', (reply: WriterReply) => {
      if (reply.type !== 'done') return;
      const w = waiting.get(reply.seq);
      waiting.delete(reply.seq);
      if (reply.error === undefined) w?.resolve();
      else w?.reject(new Error(`the tip could not be queued: ${reply.error}`));
      if (waiting.size === 0) worker.unref(); // an idle writer does not keep the process alive
    });
    // A writer that dies answers no one: every waiting enqueue fails (a 500, the tip was not acknowledged).
    worker.on('error', failAll);
    worker.on('exit', () => {
      writer = null;
      failAll(new Error('the queue writer stopped'));
    });
    return worker;
  };

  return {
    enqueue(tip: NewTip, now: number): Promise<void> {
      if (closed) return Promise.reject(new Error('the queue is closed'));
      writer ??= startWriter();
      const seq = nextSeq++;
      const hour = floorToHour(now);
      const done = new Promise<void>((resolve, reject) => waiting.set(seq, { resolve, reject }));
      writer.ref(); // answers are pending: keep the process alive until they come
      writer.postMessage({
        type: 'enqueue',
        seq,
        id: tip.id,
        armored: tip.armored,
        receiptHash: tip.receiptHash,
        hour,
      } satisfies WriterRequest);
      return done;
    },

    async claim(now: number, leaseMs: number, limit: number): Promise<ClaimedTip[]> {
      if (limit <= 0) return [];
      const rows = transaction(() => claimDue.all(now + leaseMs, now, now, limit));
      return rows.map((row) => ({ id: String(row.id), armored: String(row.armored), attempts: Number(row.attempts) }));
    },

    async markDelivered(id: string, now: number): Promise<void> {
      const hour = floorToHour(now);
      transaction(() => {
        const row = receiptOf.get(id);
        if (!row) return; // delivered already (another worker whose lease had run out)
        const receiptHash = String(row.receipt_hash);
        deleteTip.run(id);
        // A code can belong to two tips (a resend after a lost answer): delivered only when none is left.
        if (Number(othersWithReceipt.get(receiptHash)!.n) === 0) markReceiptDelivered.run(hour, receiptHash);
        pruneReceipts.run(hour - receiptRetentionMs);
      });
    },

    async markRetry(id: string, nextAttemptAt: number, reason: string): Promise<void> {
      retry.run(nextAttemptAt, failureReason(reason), id);
    },

    async markDead(id: string, reason: string): Promise<void> {
      dead.run(failureReason(reason), id);
    },

    async markUndeliverable(id: string, reason: string, now: number): Promise<void> {
      transaction(() => {
        const row = receiptOf.get(id);
        if (!row || Number(dead.run(failureReason(reason), id).changes) === 0) return;
        const receiptHash = String(row.receipt_hash);
        if (Number(pendingWithReceipt.get(receiptHash)!.n) === 0)
          markReceiptUndeliverable.run(floorToHour(now), receiptHash);
      });
    },

    async receiptStatus(receiptHash: string): Promise<ReceiptStatus> {
      const row = receipt.get(receiptHash);
      return row ? (String(row.status) as ReceiptStatus) : 'unknown';
    },

    async counts(): Promise<QueueCounts> {
      const counts: QueueCounts = { pending: 0, dead: 0 };
      for (const row of count.all()) {
        if (row.status === 'pending') counts.pending = Number(row.n);
        if (row.status === 'dead') counts.dead = Number(row.n);
      }
      return counts;
    },

    async pendingTips(cursor: string | null, limit: number): Promise<PendingPage> {
      const rows = pendingPage.all(cursor ?? '', Math.max(1, Math.floor(limit)));
      const tips = rows.map((row) => ({ id: String(row.id), armored: String(row.armored) }));
      return { tips, next: tips.length === Math.max(1, Math.floor(limit)) ? tips.at(-1)!.id : null };
    },

    async deadReasons(): Promise<DeadLetterReason[]> {
      return deadReasons.all().map((row) => ({ reason: String(row.reason), count: Number(row.n) }));
    },

    async retryDead(now: number): Promise<number> {
      return transaction(() => {
        reopenUndeliverable.run();
        return Number(reviveDead.run(now).changes);
      });
    },

    async purgeDead(): Promise<number> {
      return transaction(() => {
        const hashes = deadReceipts.all().map((row) => String(row.receipt_hash));
        const removed = Number(deleteDead.run().changes);
        // A purged tip will never be delivered: its code now says "unknown" rather than "waiting" forever.
        for (const hash of hashes) if (Number(othersWithReceipt.get(hash)!.n) === 0) deleteWaitingReceipt.run(hash);
        return removed;
      });
    },

    async close(): Promise<void> {
      if (closed) return;
      closed = true;
      const current = writer;
      if (current) {
        // The writer writes what it was sent (accepted enqueues are not dropped), then says so and stops.
        const writerClosed = new Promise<void>((resolve) => {
          current.on('message', (reply: WriterReply) => reply.type === 'closed' && resolve());
          current.once('exit', () => resolve());
        });
        current.ref();
        current.postMessage({ type: 'close' } satisfies WriterRequest);
        await writerClosed;
        await current.terminate();
      }
      db.close();
    },
  };
}
