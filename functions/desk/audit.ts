// The desk's audit log: append-only and hash-chained. Each entry's hash covers its content and the previous
// entry's hash, hash = SHA-256(prevHash "\n" canonical JSON of {seq, at, actor, action, object, detail}), so an
// entry that is changed, removed or moved breaks the chain at that point. What a chain alone cannot show is a
// rewrite of the whole tail with fresh hashes, or a cut tail: for that, compare with a head written down earlier
// (the desk shows the head; a coordinator prints or mails it daily, docs/desk.md).
//
// Entries are about officers' actions. None holds tip content or anything about a tipster: the detail is a few
// words from fixed vocabularies (a status, a label, a role), ids and days.
import { createHash } from 'node:crypto';
import type { AuditEntry, AuditHead, DeskStore } from '../desk-ports.ts';
import { genesisHash } from '../desk-ports.ts';

export const auditActions = [
  'invited',
  'passkey_added',
  'passkey_removed',
  'login',
  'login_failed',
  'logout',
  'officer_revoked',
  'role_changed',
  'case_viewed',
  'case_read',
  'case_looked_up',
  'status_changed',
  'assigned',
  'labels_changed',
  'reply_sent',
  'note_added',
  'exported',
  'deleted',
  'retention_changed',
  'retention_deleted',
  'step_up_failed',
] as const;
export type AuditAction = (typeof auditActions)[number];

export type AuditDetail = AuditEntry['detail'];

export interface AuditInput {
  actor: string | null;
  action: AuditAction;
  object?: string | null;
  detail?: AuditDetail;
}

/** JSON with object keys sorted at every level: one text for one value, whatever order it was built in. */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value);
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  const entries = Object.entries(value as Record<string, unknown>)
    .filter(([, v]) => v !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
}

export function auditHash(entry: Omit<AuditEntry, 'hash'>): string {
  const { seq, at, actor, action, object, detail, prevHash } = entry;
  return createHash('sha256')
    .update(`${prevHash}\n${canonicalJson({ seq, at, actor, action, object, detail })}`)
    .digest('hex');
}

/** "2031-01-15T10:20Z". */
export function auditMinute(ms: number): string {
  return `${new Date(ms).toISOString().slice(0, 16)}Z`;
}

/**
 * Appends one entry after the current head. If another instance appended first, the store refuses (the entry no
 * longer continues the head) and this reads the new head and tries again.
 */
export async function appendAudit(store: DeskStore, input: AuditInput, now: number): Promise<AuditEntry> {
  for (let attempt = 0; attempt < 20; attempt++) {
    const head = await store.auditHead();
    const unhashed = {
      seq: head.seq + 1,
      at: auditMinute(now),
      actor: input.actor,
      action: input.action,
      object: input.object ?? null,
      detail: input.detail ?? {},
      prevHash: head.hash,
    };
    const entry: AuditEntry = { ...unhashed, hash: auditHash(unhashed) };
    if (await store.appendAudit(entry)) return entry;
  }
  throw new Error('the audit log is too busy: 20 appends in a row lost the race');
}

export type AuditVerdict =
  | { ok: true; head: AuditHead; entries: number }
  | {
      ok: false;
      /** The seq where the chain breaks (of the entry found there, or expected there). */
      seq: number;
      problem: 'changed' | 'missing-or-reordered' | 'broken-link' | 'head-mismatch';
    };

export interface VerifyOptions {
  /** The entry before the first one given (default: the start of the log). */
  from?: AuditHead;
  /** A head written down earlier: the log must reach it (it may have grown past it). */
  knownHead?: AuditHead;
}

/**
 * Checks a run of entries in order. "changed": an entry's content no longer matches its hash;
 * "missing-or-reordered": a seq is not the one after the previous; "broken-link": the previous-hash field does not
 * name the entry before (an entry was replaced with a recomputed hash); "head-mismatch": the known head is not in
 * the log (the tail was rewritten or cut).
 */
export function verifyAuditChain(entries: AuditEntry[], options: VerifyOptions = {}): AuditVerdict {
  let prev: AuditHead = options.from ?? { seq: 0, hash: genesisHash };
  let knownHeadSeen = !options.knownHead || options.knownHead.seq <= prev.seq;
  for (const entry of entries) {
    if (entry.seq !== prev.seq + 1) return { ok: false, seq: prev.seq + 1, problem: 'missing-or-reordered' };
    if (entry.prevHash !== prev.hash) return { ok: false, seq: entry.seq, problem: 'broken-link' };
    if (auditHash(entry) !== entry.hash) return { ok: false, seq: entry.seq, problem: 'changed' };
    if (options.knownHead && entry.seq === options.knownHead.seq) {
      if (entry.hash !== options.knownHead.hash) return { ok: false, seq: entry.seq, problem: 'head-mismatch' };
      knownHeadSeen = true;
    }
    prev = { seq: entry.seq, hash: entry.hash };
  }
  if (!knownHeadSeen) return { ok: false, seq: options.knownHead!.seq, problem: 'head-mismatch' };
  return { ok: true, head: prev, entries: entries.length };
}

/** Reads the whole stored log a page at a time and verifies it, holding one page in memory. */
export async function verifyStoredAudit(
  store: DeskStore,
  knownHead?: AuditHead,
  pageSize = 500,
): Promise<AuditVerdict> {
  let from: AuditHead = { seq: 0, hash: genesisHash };
  let count = 0;
  let knownHeadSeen = !knownHead;
  for (;;) {
    const page = await store.readAudit(from.seq + 1, pageSize);
    const pageHead =
      knownHead && knownHead.seq > from.seq && knownHead.seq <= from.seq + page.length ? knownHead : undefined;
    const verdict = verifyAuditChain(page, { from, knownHead: pageHead });
    if (!verdict.ok) return verdict;
    knownHeadSeen ||= pageHead !== undefined;
    count += page.length;
    from = verdict.head;
    if (page.length < pageSize) break;
  }
  // The stored head must be the last entry read (a list cut below its head pointer is a removed tail).
  const head = await store.auditHead();
  if (head.seq !== from.seq || head.hash !== from.hash)
    return { ok: false, seq: from.seq + 1, problem: 'missing-or-reordered' };
  if (!knownHeadSeen) return { ok: false, seq: knownHead!.seq, problem: 'head-mismatch' };
  return { ok: true, head: from, entries: count };
}
