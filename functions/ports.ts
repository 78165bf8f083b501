// The small interfaces the tip line is built from. Each stateful one has an embedded implementation (one process)
// and a scale-out one (Redis), and one contract suite runs against both (tests/functions/*-contract.ts); the
// mailer has one implementation (SMTP). functions/runtime/parts.ts picks the implementations (docs/architecture.md, Ports).

/**
 * What the tipster can learn about their report from its reference code. "undeliverable": it will never reach the
 * task force (sealed to keys that are not the configured ones, e.g. a demo key), so they should report again.
 */
export type ReceiptStatus = 'waiting' | 'delivered' | 'undeliverable' | 'unknown';

export interface NewTip {
  /** Random id (UUID); the e-mail's Message-ID is derived from it, so a retried send is a recognisable duplicate. */
  id: string;
  /** Armored OpenPGP message, already checked to be addressed to exactly the task force keys. */
  armored: string;
  /** SHA-256 (hex) of the normalized reference code; the code itself is never stored. */
  receiptHash: string;
}

/** How many dead letters give one reason (reasons never contain tip content). */
export interface DeadLetterReason {
  reason: string;
  count: number;
}

export interface ClaimedTip {
  id: string;
  armored: string;
  /** Failed sends so far. */
  attempts: number;
}

/** One page of the pending tips, and where the next page starts (null: this was the last). */
export interface PendingPage {
  tips: Array<{ id: string; armored: string }>;
  next: string | null;
}

export interface QueueCounts {
  pending: number;
  dead: number;
}

export interface TipQueue {
  /** Resolves only once the tip is durably stored (fsync'd, or acknowledged by Redis with persistence). */
  enqueue(tip: NewTip, now: number): Promise<void>;
  /** Due tips not leased by another worker; each is leased until now + leaseMs (a crashed claimer's lease expires). */
  claim(now: number, leaseMs: number, limit: number): Promise<ClaimedTip[]>;
  /** After the SMTP server accepted the mail: the ciphertext is deleted and the receipt turns to delivered. */
  markDelivered(id: string, now: number): Promise<void>;
  /** A transient failure: try again at nextAttemptAt. The reason never contains tip content. */
  markRetry(id: string, nextAttemptAt: number, reason: string): Promise<void>;
  /** A permanent failure or retries exhausted: kept as dead letter for an operator. */
  markDead(id: string, reason: string): Promise<void>;
  /**
   * A tip that can never be delivered (not sealed to the configured keys): a dead letter too, and its code now says
   * "undeliverable" (unless another tip under it is still pending), so the tipster knows to report again.
   */
  markUndeliverable(id: string, reason: string, now: number): Promise<void>;
  receiptStatus(receiptHash: string): Promise<ReceiptStatus>;
  counts(): Promise<QueueCounts>;
  /**
   * The pending tips (not dead letters), a page at a time, whether due or waiting for a retry, without claiming
   * them: for checking at start that every queued tip can be delivered. Start with cursor null.
   */
  pendingTips(cursor: string | null, limit: number): Promise<PendingPage>;
  /** The dead letters grouped by reason, most frequent first. */
  deadReasons(): Promise<DeadLetterReason[]>;
  /**
   * Operator commands: move dead letters back to pending (an undeliverable one's code says "waiting" again); delete
   * dead letters (a code that said "undeliverable" keeps saying so). Both return how many.
   */
  retryDead(now: number): Promise<number>;
  purgeDead(): Promise<number>;
  close(): Promise<void>;
}

export interface RateLimitResult {
  allowed: boolean;
  /** Seconds until the caller may try again, when refused. */
  retryAfter: number;
}

/**
 * Counts requests per key over a window of the configured length. What every implementation guarantees
 * (tests/functions/limiter-contract.ts): a burst of `max` requests for one key is allowed and the next are refused,
 * each with a retryAfter from 1 second to the window; keys are counted apart; a key that has been quiet for two
 * windows is allowed again. Between those, the in-process limiter is an exact sliding log, Redis
 * (@upstash/ratelimit) a sliding-window approximation that may let a few more or fewer through at a window's edge.
 * Any failure refuses (fails closed).
 */
export interface RateLimiter {
  /** key is already a keyed hash of the client address prefix, never an address. */
  limit(key: string): Promise<RateLimitResult>;
}

/**
 * Remembers proof-of-work solutions so each is accepted once, for as long as it could be valid
 * (tests/functions/replay-contract.ts): of any calls with one id within its time to live, concurrent or not, exactly
 * the first returns true; after the time to live the id is new again.
 */
export interface ReplayStore {
  /** True the first time an id is seen within ttlSeconds, false after. Atomic across instances. */
  useOnce(id: string, ttlSeconds: number): Promise<boolean>;
}

export interface OutgoingMail {
  from: string;
  to: string[];
  /** The complete RFC 5322 message. */
  raw: string;
}

export interface Mailer {
  /** Resolves when the SMTP server accepted the message (250); rejects with an Error whose `permanent` is set for 5xx. */
  send(mail: OutgoingMail): Promise<void>;
}

export interface Clock {
  now(): number;
}

/** What the first request of a chunked upload fixes: how many parts, and how many characters in all. */
export interface UploadPlan {
  parts: number;
  bytes: number;
}

export type PutPartResult = 'stored' | 'unknown' | 'out-of-range' | 'too-many-writes';

export type TakenUpload =
  | { status: 'unknown' }
  /** Nothing was changed: the listed parts (0-based) are still to come. */
  | { status: 'incomplete'; missing: number[] }
  /** The parts' base64 joined in order (the binary ciphertext, base64); the upload and its parts are gone. */
  | { status: 'complete'; base64: string };

/**
 * How long a chunked upload may take from its first request to its last before its parts are deleted. Generous
 * for a slow connection (a full report is three requests of about 3 MB), short enough that an abandoned upload's
 * ciphertext does not linger.
 */
export const defaultUploadTtlMs = 3_600_000;

/**
 * Armored ciphertext of a report too large for one request, held part by part until its last request assembles
 * it (POST /api/tips/uploads …). Holds ciphertext and part counts only: nothing about the client, and no time but
 * the expiry. Uploads that are never completed expire (an hour by default) and their parts are deleted.
 */
export interface UploadStaging {
  /** Registers a new upload under an id the server drew (≥128 random bits); it expires a fixed time after now. */
  open(id: string, plan: UploadPlan, now: number): Promise<void>;
  /** The plan of an open upload, or null when it is unknown or expired. */
  plan(id: string, now: number): Promise<UploadPlan | null>;
  /**
   * Stores part `index`, replacing an earlier copy (a part re-sent after a network error changes nothing), at most a
   * fixed number of times per part ('too-many-writes' after that, and the stored copy is left as it was).
   */
  putPart(id: string, index: number, data: string, now: number): Promise<PutPartResult>;
  /** When every part is there: joins them and deletes the upload, atomically (of two concurrent calls, one wins). */
  take(id: string, now: number): Promise<TakenUpload>;
  /** Deletes an upload and its parts now (whatever state it is in). */
  discard(id: string): Promise<void>;
  /** Deletes expired uploads where the store does not expire them itself (SQLite); returns how many. */
  sweep(now: number): Promise<number>;
  close(): Promise<void>;
}

/** The parts the app and the forwarder are built from (functions/runtime/parts.ts builds them from the configuration). */
export interface Parts {
  queue: TipQueue;
  /** Where the parts of a report sent in parts wait for its last request. */
  staging: UploadStaging;
  limiter: RateLimiter;
  /** Limits a network's reads of tipsters' threads (POST /api/thread, reply deletion): apart from the reports' limit. */
  threadLimiter: RateLimiter;
  replay: ReplayStore;
  /** Null when SMTP is not configured: tips then stay queued. */
  mailer: Mailer | null;
}
