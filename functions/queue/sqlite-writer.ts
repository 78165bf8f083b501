// The SQLite queue's tip writer, in a worker thread (started by queue/sqlite.ts on the first enqueue).
//
// Why a thread: a COMMIT with synchronous=FULL waits for the disk (write + fsync, ~0.4 ms per 16 KB tip here), and
// node:sqlite is synchronous, so on the main thread every commit stalled every request. Here it stalls only this
// thread; the main thread keeps checking the next tips meanwhile. The promise is unchanged: the main thread answers
// an enqueue only when this thread reports the tip's COMMIT returned.
//
// Group commit: tips that arrive while a commit runs wait in the message queue and are written together in the
// next transaction (one fsync), each acknowledged after it. One bad tip (a duplicate id) does not sink the others.
import { parentPort, workerData } from 'node:worker_threads';
import { immediateTransaction, openDurableDatabase } from '../sqlite/durable.ts';

/** main → writer */
export type WriterRequest =
  { type: 'enqueue'; seq: number; id: string; armored: string; receiptHash: string; hour: number } | { type: 'close' };
/** writer → main */
export type WriterReply = { type: 'done'; seq: number; error?: string } | { type: 'closed' };

const { path, busyTimeoutMs } = workerData as { path: string; busyTimeoutMs?: number };
const db = openDurableDatabase(path, busyTimeoutMs);
// The schema exists: the main thread created it before starting this thread.
const insertTip = db.prepare(
  `INSERT INTO tips (id, armored, receipt_hash, status, attempts, created_hour, next_attempt_at)
   VALUES (?, ?, ?, 'pending', 0, ?, ?)`,
);
const upsertWaiting = db.prepare(
  `INSERT INTO receipts (receipt_hash, status, delivered_hour) VALUES (?, 'waiting', NULL)
   ON CONFLICT (receipt_hash) DO UPDATE SET status = 'waiting', delivered_hour = NULL`,
);

type Enqueue = Extract<WriterRequest, { type: 'enqueue' }>;
let batch: Enqueue[] = [];
const port = parentPort!;

const insert = (tip: Enqueue) => {
  insertTip.run(tip.id, tip.armored, tip.receiptHash, tip.hour, tip.hour);
  upsertWaiting.run(tip.receiptHash);
};

function flush(): void {
  const current = batch;
  batch = [];
  if (current.length === 0) return;
  try {
    immediateTransaction(db, () => current.forEach(insert));
    for (const tip of current) port.postMessage({ type: 'done', seq: tip.seq } satisfies WriterReply);
  } catch {
    for (const tip of current) {
      try {
        immediateTransaction(db, () => insert(tip));
        port.postMessage({ type: 'done', seq: tip.seq } satisfies WriterReply);
      } catch (error) {
        // The message only (a constraint name, never tip content: SQLite does not quote values in it).
        port.postMessage({
          type: 'done',
          seq: tip.seq,
          error: (error as Error)?.message ?? 'write failed',
        } satisfies WriterReply);
      }
    }
  }
}

port.on('message', (message: WriterRequest) => {
  if (message.type === 'close') {
    flush(); // accepted enqueues are written, not dropped
    db.close();
    port.postMessage({ type: 'closed' } satisfies WriterReply);
    port.close();
    return;
  }
  batch.push(message);
  if (batch.length === 1) setImmediate(flush);
});
