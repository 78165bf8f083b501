// The desk store in one SQLite file, <DATA_DIR>/desk.sqlite, for the self-hosted single process. Opened like the
// queue (sqlite/durable.ts): WAL + synchronous=FULL, so an answered change survives power loss, and secure_delete,
// so a deleted case's ciphertext is overwritten in the file, not left in free pages.
// The audit table refuses UPDATE and DELETE (triggers): the log is append-only even for code that tries otherwise.
import { join } from 'node:path';
import type { DatabaseSync, SQLInputValue, SQLOutputValue } from 'node:sqlite';
import { immediateTransaction, openDurableDatabase } from '../sqlite/durable.ts';
import type {
  AddedAt,
  MessageKind,
  AuditEntry,
  AuditHead,
  CaseFilter,
  CasePage,
  CasePatch,
  Challenge,
  Credential,
  DeskCase,
  DeskMessage,
  DeskStore,
  Invitation,
  NewCase,
  NewMessage,
  Officer,
  OfficerPatch,
  Session,
} from '../desk-ports.ts';
import { genesisHash } from '../desk-ports.ts';

const schema = `
CREATE TABLE IF NOT EXISTS cases (
  n INTEGER PRIMARY KEY,
  id TEXT NOT NULL UNIQUE,
  lookup_hash TEXT UNIQUE,
  received_day TEXT NOT NULL,
  status TEXT NOT NULL,
  close_reason TEXT,
  assignee TEXT,
  labels TEXT NOT NULL DEFAULT '[]',
  keep_until_day TEXT,
  messages INTEGER NOT NULL DEFAULT 0
) STRICT;
CREATE INDEX IF NOT EXISTS cases_keep ON cases (keep_until_day);
CREATE TABLE IF NOT EXISTS messages (
  case_id TEXT NOT NULL REFERENCES cases (id) ON DELETE CASCADE,
  seq INTEGER NOT NULL,
  kind TEXT NOT NULL CHECK (kind IN ('tip', 'followup', 'reply', 'note')),
  day TEXT NOT NULL,
  body TEXT NOT NULL,
  record TEXT,
  author TEXT,
  PRIMARY KEY (case_id, seq)
) STRICT;
CREATE TABLE IF NOT EXISTS officers (
  id TEXT PRIMARY KEY,
  name TEXT NOT NULL,
  role TEXT NOT NULL,
  key_fingerprint TEXT,
  added_day TEXT NOT NULL,
  revoked_day TEXT
) STRICT;
CREATE TABLE IF NOT EXISTS credentials (
  id TEXT PRIMARY KEY,
  officer_id TEXT NOT NULL,
  public_key TEXT NOT NULL,
  counter INTEGER NOT NULL,
  transports TEXT NOT NULL,
  added_day TEXT NOT NULL,
  last_used_day TEXT
) STRICT;
CREATE INDEX IF NOT EXISTS credentials_officer ON credentials (officer_id);
CREATE TABLE IF NOT EXISTS sessions (
  token_hash TEXT PRIMARY KEY,
  officer_id TEXT NOT NULL,
  csrf_hash TEXT NOT NULL,
  created_at INTEGER NOT NULL,
  expires_at INTEGER NOT NULL
) STRICT;
CREATE TABLE IF NOT EXISTS challenges (
  hash TEXT PRIMARY KEY,
  purpose TEXT NOT NULL,
  binding TEXT NOT NULL,
  subject TEXT NOT NULL,
  expires_at INTEGER NOT NULL
) STRICT;
CREATE TABLE IF NOT EXISTS invitations (
  token_hash TEXT PRIMARY KEY,
  name TEXT NOT NULL,
  role TEXT NOT NULL,
  key_fingerprint TEXT,
  invited_by TEXT,
  expires_at INTEGER NOT NULL
) STRICT;
CREATE TABLE IF NOT EXISTS audit (
  seq INTEGER PRIMARY KEY,
  at TEXT NOT NULL,
  actor TEXT,
  action TEXT NOT NULL,
  object TEXT,
  detail TEXT NOT NULL,
  prev_hash TEXT NOT NULL,
  hash TEXT NOT NULL
) STRICT;
CREATE TRIGGER IF NOT EXISTS audit_no_update BEFORE UPDATE ON audit BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;
CREATE TRIGGER IF NOT EXISTS audit_no_delete BEFORE DELETE ON audit BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;
`;

/**
 * A desk.sqlite made before notes existed has a messages table whose CHECK refuses them; SQLite cannot change a
 * CHECK in place, so the table is rebuilt once, in one transaction (the documented way: create, copy, drop, rename).
 */
function allowNotes(db: DatabaseSync): void {
  const row = db.prepare("SELECT sql FROM sqlite_master WHERE type = 'table' AND name = 'messages'").get();
  if (!row || String(row.sql).includes("'note'")) return;
  const create = schema.match(/CREATE TABLE IF NOT EXISTS messages \(([\s\S]*?)\) STRICT;/)![1];
  immediateTransaction(db, () => {
    db.exec(`CREATE TABLE messages_with_notes (${create}) STRICT;
      INSERT INTO messages_with_notes SELECT case_id, seq, kind, day, body, record, author FROM messages;
      DROP TABLE messages;
      ALTER TABLE messages_with_notes RENAME TO messages;`);
  });
}

export function sqliteDeskPath(dataDir: string): string {
  return join(dataDir, 'desk.sqlite');
}

type Row = Record<string, SQLOutputValue>;
const text = (v: SQLOutputValue | undefined): string => String(v);
const textOrNull = (v: SQLOutputValue | undefined): string | null => (v === null || v === undefined ? null : String(v));

function caseOf(row: Row): DeskCase {
  return {
    id: text(row.id),
    lookupHash: textOrNull(row.lookup_hash),
    receivedDay: text(row.received_day),
    status: text(row.status) as DeskCase['status'],
    closeReason: textOrNull(row.close_reason) as DeskCase['closeReason'],
    assignee: textOrNull(row.assignee),
    labels: JSON.parse(text(row.labels)) as DeskCase['labels'],
    keepUntilDay: textOrNull(row.keep_until_day),
    messages: Number(row.messages),
  };
}

function officerOf(row: Row): Officer {
  return {
    id: text(row.id),
    name: text(row.name),
    role: text(row.role) as Officer['role'],
    keyFingerprint: textOrNull(row.key_fingerprint),
    addedDay: text(row.added_day),
    revokedDay: textOrNull(row.revoked_day),
  };
}

function credentialOf(row: Row): Credential {
  return {
    id: text(row.id),
    officerId: text(row.officer_id),
    publicKey: text(row.public_key),
    counter: Number(row.counter),
    transports: JSON.parse(text(row.transports)) as string[],
    addedDay: text(row.added_day),
    lastUsedDay: textOrNull(row.last_used_day),
  };
}

function auditOf(row: Row): AuditEntry {
  return {
    seq: Number(row.seq),
    at: text(row.at),
    actor: textOrNull(row.actor),
    action: text(row.action),
    object: textOrNull(row.object),
    detail: JSON.parse(text(row.detail)) as AuditEntry['detail'],
    prevHash: text(row.prev_hash),
    hash: text(row.hash),
  };
}

/** Changes only the columns the patch names (an absent key leaves the column as it is). */
function patchColumns(patch: object, columns: Record<string, string>): { sql: string; values: SQLInputValue[] } {
  const sets: string[] = [];
  const values: SQLInputValue[] = [];
  for (const [key, value] of Object.entries(patch)) {
    const column = columns[key];
    if (!column || value === undefined) continue;
    sets.push(`${column} = ?`);
    values.push(Array.isArray(value) ? JSON.stringify(value) : (value as SQLInputValue));
  }
  return { sql: sets.join(', '), values };
}

const casePatchColumns = {
  status: 'status',
  closeReason: 'close_reason',
  assignee: 'assignee',
  labels: 'labels',
  keepUntilDay: 'keep_until_day',
};
const officerPatchColumns = { role: 'role', revokedDay: 'revoked_day' };

export function openSqliteDeskStore(options: { dataDir: string; busyTimeoutMs?: number }): DeskStore {
  const db: DatabaseSync = openDurableDatabase(sqliteDeskPath(options.dataDir), options.busyTimeoutMs);
  db.exec(schema);
  allowNotes(db);
  const transaction = <T>(work: () => T): T => immediateTransaction(db, work);
  const q = {
    insertCase: db.prepare(
      `INSERT INTO cases (id, lookup_hash, received_day, status, messages) VALUES (?, ?, ?, 'new', 1)
       ON CONFLICT DO NOTHING`,
    ),
    insertMessage: db.prepare(
      'INSERT INTO messages (case_id, seq, kind, day, body, record, author) VALUES (?, ?, ?, ?, ?, ?, ?)',
    ),
    getCase: db.prepare('SELECT * FROM cases WHERE id = ?'),
    byLookup: db.prepare('SELECT id FROM cases WHERE lookup_hash = ?'),
    bumpMessages: db.prepare('UPDATE cases SET messages = messages + 1 WHERE id = ? RETURNING messages'),
    messages: db.prepare('SELECT * FROM messages WHERE case_id = ? ORDER BY seq'),
    deleteMessage: db.prepare('DELETE FROM messages WHERE case_id = ? AND seq = ? AND kind = ?'),
    deleteCase: db.prepare('DELETE FROM cases WHERE id = ?'),
    expired: db.prepare('SELECT id FROM cases WHERE keep_until_day < ? ORDER BY n'),
    insertOfficer: db.prepare(
      `INSERT INTO officers (id, name, role, key_fingerprint, added_day, revoked_day) VALUES (?, ?, ?, ?, ?, ?)
       ON CONFLICT DO NOTHING`,
    ),
    getOfficer: db.prepare('SELECT * FROM officers WHERE id = ?'),
    officers: db.prepare('SELECT * FROM officers ORDER BY added_day, id'),
    insertCredential: db.prepare(
      `INSERT INTO credentials (id, officer_id, public_key, counter, transports, added_day, last_used_day)
       VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING`,
    ),
    getCredential: db.prepare('SELECT * FROM credentials WHERE id = ?'),
    credentialsOf: db.prepare('SELECT * FROM credentials WHERE officer_id = ? ORDER BY added_day, id'),
    credentialUsed: db.prepare('UPDATE credentials SET counter = ?, last_used_day = ? WHERE id = ?'),
    removeCredentials: db.prepare('DELETE FROM credentials WHERE officer_id = ?'),
    countCredentials: db.prepare('SELECT count(*) AS n FROM credentials WHERE officer_id = ?'),
    removeCredential: db.prepare('DELETE FROM credentials WHERE officer_id = ? AND id = ?'),
    bumpMessagesAt: db.prepare('UPDATE cases SET messages = messages + 1 WHERE id = ? AND messages = ? RETURNING id'),
    insertSession: db.prepare(
      'INSERT INTO sessions (token_hash, officer_id, csrf_hash, created_at, expires_at) VALUES (?, ?, ?, ?, ?)',
    ),
    getSession: db.prepare('SELECT * FROM sessions WHERE token_hash = ? AND expires_at > ?'),
    touchSession: db.prepare('UPDATE sessions SET expires_at = ? WHERE token_hash = ? AND expires_at > ?'),
    deleteSession: db.prepare('DELETE FROM sessions WHERE token_hash = ?'),
    deleteSessionsOf: db.prepare('DELETE FROM sessions WHERE officer_id = ?'),
    insertChallenge: db.prepare(
      'INSERT OR REPLACE INTO challenges (hash, purpose, binding, subject, expires_at) VALUES (?, ?, ?, ?, ?)',
    ),
    takeChallenge: db.prepare('DELETE FROM challenges WHERE hash = ? RETURNING *'),
    insertInvitation: db.prepare(
      `INSERT OR REPLACE INTO invitations (token_hash, name, role, key_fingerprint, invited_by, expires_at)
       VALUES (?, ?, ?, ?, ?, ?)`,
    ),
    getInvitation: db.prepare('SELECT * FROM invitations WHERE token_hash = ? AND expires_at > ?'),
    takeInvitation: db.prepare('DELETE FROM invitations WHERE token_hash = ? RETURNING *'),
    sweepSessions: db.prepare('DELETE FROM sessions WHERE expires_at <= ?'),
    sweepChallenges: db.prepare('DELETE FROM challenges WHERE expires_at <= ?'),
    sweepInvitations: db.prepare('DELETE FROM invitations WHERE expires_at <= ?'),
    auditHead: db.prepare('SELECT seq, hash FROM audit ORDER BY seq DESC LIMIT 1'),
    insertAudit: db.prepare(
      'INSERT INTO audit (seq, at, actor, action, object, detail, prev_hash, hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?)',
    ),
    readAudit: db.prepare('SELECT * FROM audit WHERE seq >= ? ORDER BY seq LIMIT ?'),
  };

  const head = (): AuditHead => {
    const row = q.auditHead.get();
    return row ? { seq: Number(row.seq), hash: String(row.hash) } : { seq: 0, hash: genesisHash };
  };
  const invitationOf = (row: Row): Invitation => ({
    tokenHash: text(row.token_hash),
    name: text(row.name),
    role: text(row.role) as Invitation['role'],
    keyFingerprint: textOrNull(row.key_fingerprint),
    invitedBy: textOrNull(row.invited_by),
    expiresAt: Number(row.expires_at),
  });

  return {
    async createCase(c: NewCase): Promise<boolean> {
      return transaction(() => {
        if (Number(q.insertCase.run(c.id, c.lookupHash, c.day).changes) === 0) return false;
        q.insertMessage.run(c.id, 0, 'tip', c.day, c.body, null, null);
        return true;
      });
    },

    async getCase(id: string): Promise<DeskCase | null> {
      const row = q.getCase.get(id);
      return row ? caseOf(row) : null;
    },

    async caseIdByLookup(lookupHash: string): Promise<string | null> {
      const row = q.byLookup.get(lookupHash);
      return row ? String(row.id) : null;
    },

    async listCases(filter: CaseFilter, cursor: string | null, limit: number): Promise<CasePage> {
      const where = ['n < ?'];
      const values: SQLInputValue[] = [
        cursor !== null && /^\d+$/.test(cursor) ? Number(cursor) : Number.MAX_SAFE_INTEGER,
      ];
      if (filter.status) {
        where.push('status = ?');
        values.push(filter.status);
      }
      if (filter.assignee) {
        where.push('assignee = ?');
        values.push(filter.assignee);
      }
      if (filter.label) {
        where.push('EXISTS (SELECT 1 FROM json_each(labels) WHERE value = ?)');
        values.push(filter.label);
      }
      const size = Math.max(1, Math.floor(limit));
      const rows = db
        .prepare(`SELECT * FROM cases WHERE ${where.join(' AND ')} ORDER BY n DESC LIMIT ?`)
        .all(...values, size + 1);
      const more = rows.length > size;
      const page = rows.slice(0, size);
      return { cases: page.map(caseOf), next: more ? String(page.at(-1)!.n) : null };
    },

    async updateCase(id: string, patch: CasePatch): Promise<DeskCase | null> {
      return transaction(() => {
        const { sql, values } = patchColumns(patch, casePatchColumns);
        if (sql) db.prepare(`UPDATE cases SET ${sql} WHERE id = ?`).run(...values, id);
        const row = q.getCase.get(id);
        return row ? caseOf(row) : null;
      });
    },

    async addMessage(caseId: string, m: NewMessage): Promise<number | null> {
      return transaction(() => {
        const row = q.bumpMessages.get(caseId);
        if (!row) return null;
        const seq = Number(row.messages) - 1;
        q.insertMessage.run(caseId, seq, m.kind, m.day, m.body, m.record, m.author);
        return seq;
      });
    },

    async addMessageAt(caseId: string, seq: number, m: NewMessage): Promise<AddedAt> {
      return transaction(() => {
        const found = q.getCase.get(caseId);
        if (!found) return 'no-case';
        if (m.kind === 'reply' && found.lookup_hash === null) return 'no-thread';
        if (!q.bumpMessagesAt.get(caseId, seq)) return 'taken';
        q.insertMessage.run(caseId, seq, m.kind, m.day, m.body, m.record, m.author);
        return 'added';
      });
    },

    async messages(caseId: string): Promise<DeskMessage[]> {
      return q.messages.all(caseId).map((row) => ({
        caseId: text(row.case_id),
        seq: Number(row.seq),
        kind: text(row.kind) as DeskMessage['kind'],
        day: text(row.day),
        body: text(row.body),
        record: textOrNull(row.record),
        author: textOrNull(row.author),
      }));
    },

    async deleteMessage(caseId: string, seq: number, kind: MessageKind): Promise<boolean> {
      return Number(q.deleteMessage.run(caseId, seq, kind).changes) > 0; // secure_delete: the bytes are overwritten
    },

    async deleteCase(id: string): Promise<boolean> {
      return Number(q.deleteCase.run(id).changes) > 0; // the thread goes with it (ON DELETE CASCADE)
    },

    async casesExpiredBefore(day: string): Promise<string[]> {
      return q.expired.all(day).map((row) => String(row.id));
    },

    async addOfficer(o: Officer): Promise<boolean> {
      return Number(q.insertOfficer.run(o.id, o.name, o.role, o.keyFingerprint, o.addedDay, o.revokedDay).changes) > 0;
    },

    async getOfficer(id: string): Promise<Officer | null> {
      const row = q.getOfficer.get(id);
      return row ? officerOf(row) : null;
    },

    async listOfficers(): Promise<Officer[]> {
      return q.officers.all().map(officerOf);
    },

    async updateOfficer(id: string, patch: OfficerPatch): Promise<Officer | null> {
      return transaction(() => {
        const { sql, values } = patchColumns(patch, officerPatchColumns);
        if (sql) db.prepare(`UPDATE officers SET ${sql} WHERE id = ?`).run(...values, id);
        const row = q.getOfficer.get(id);
        return row ? officerOf(row) : null;
      });
    },

    async addCredential(c: Credential): Promise<boolean> {
      const result = q.insertCredential.run(
        c.id,
        c.officerId,
        c.publicKey,
        c.counter,
        JSON.stringify(c.transports),
        c.addedDay,
        c.lastUsedDay,
      );
      return Number(result.changes) > 0;
    },

    async getCredential(id: string): Promise<Credential | null> {
      const row = q.getCredential.get(id);
      return row ? credentialOf(row) : null;
    },

    async credentialsOf(officerId: string): Promise<Credential[]> {
      return q.credentialsOf.all(officerId).map(credentialOf);
    },

    async credentialUsed(id: string, counter: number, day: string): Promise<void> {
      q.credentialUsed.run(counter, day, id);
    },

    async removeCredentialsOf(officerId: string): Promise<number> {
      return Number(q.removeCredentials.run(officerId).changes);
    },

    async removeCredential(officerId: string, id: string): Promise<'removed' | 'last' | 'not-found'> {
      return transaction(() => {
        const owned = q.getCredential.get(id);
        if (!owned || String(owned.officer_id) !== officerId) return 'not-found';
        if (Number(q.countCredentials.get(officerId)!.n) <= 1) return 'last';
        q.removeCredential.run(officerId, id);
        return 'removed';
      });
    },

    async createSession(s: Session): Promise<void> {
      q.insertSession.run(s.tokenHash, s.officerId, s.csrfHash, s.createdAt, s.expiresAt);
    },

    async getSession(tokenHash: string, now: number): Promise<Session | null> {
      const row = q.getSession.get(tokenHash, now);
      if (!row) return null;
      return {
        tokenHash: text(row.token_hash),
        officerId: text(row.officer_id),
        csrfHash: text(row.csrf_hash),
        createdAt: Number(row.created_at),
        expiresAt: Number(row.expires_at),
      };
    },

    async touchSession(tokenHash: string, expiresAt: number, now: number): Promise<void> {
      q.touchSession.run(expiresAt, tokenHash, now);
    },

    async deleteSession(tokenHash: string): Promise<void> {
      q.deleteSession.run(tokenHash);
    },

    async deleteSessionsOf(officerId: string): Promise<number> {
      return Number(q.deleteSessionsOf.run(officerId).changes);
    },

    async putChallenge(c: Challenge): Promise<void> {
      q.insertChallenge.run(c.hash, c.purpose, c.binding, c.subject, c.expiresAt);
    },

    async takeChallenge(hash: string, now: number): Promise<Challenge | null> {
      const row = q.takeChallenge.get(hash);
      if (!row || Number(row.expires_at) <= now) return null;
      return {
        hash: text(row.hash),
        purpose: text(row.purpose) as Challenge['purpose'],
        binding: text(row.binding),
        subject: text(row.subject),
        expiresAt: Number(row.expires_at),
      };
    },

    async putInvitation(i: Invitation): Promise<void> {
      q.insertInvitation.run(i.tokenHash, i.name, i.role, i.keyFingerprint, i.invitedBy, i.expiresAt);
    },

    async getInvitation(tokenHash: string, now: number): Promise<Invitation | null> {
      const row = q.getInvitation.get(tokenHash, now);
      return row ? invitationOf(row) : null;
    },

    async takeInvitation(tokenHash: string, now: number): Promise<Invitation | null> {
      const row = q.takeInvitation.get(tokenHash);
      return row && Number(row.expires_at) > now ? invitationOf(row) : null;
    },

    async sweep(now: number): Promise<number> {
      return transaction(
        () =>
          Number(q.sweepSessions.run(now).changes) +
          Number(q.sweepChallenges.run(now).changes) +
          Number(q.sweepInvitations.run(now).changes),
      );
    },

    async auditHead(): Promise<AuditHead> {
      return head();
    },

    async appendAudit(e: AuditEntry): Promise<boolean> {
      return transaction(() => {
        const current = head();
        if (e.seq !== current.seq + 1 || e.prevHash !== current.hash) return false;
        q.insertAudit.run(e.seq, e.at, e.actor, e.action, e.object, JSON.stringify(e.detail), e.prevHash, e.hash);
        return true;
      });
    },

    async readAudit(fromSeq: number, limit: number): Promise<AuditEntry[]> {
      return q.readAudit.all(Math.max(0, Math.floor(fromSeq)), Math.max(1, Math.floor(limit))).map(auditOf);
    },

    async close(): Promise<void> {
      if (db.isOpen) db.close();
    },
  };
}
