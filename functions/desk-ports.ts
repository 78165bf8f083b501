// The desk store port: what the task force desk keeps, and the one interface both stores implement (node:sqlite in
// desk-store/sqlite.ts for one process, Redis in desk-store/redis.ts for serverless and many instances; one
// contract suite, tests/functions/desk-store-contract.ts).
//
// What it holds, and what it never holds:
// - case and message bodies only as ciphertext (armored OpenPGP to the task force keys; a reply sealed to the
//   tipster's HPKE key), never a plaintext tip, reply or note;
// - the SHA-256 of the tipster's lookup token (derived in the browser from the reference code), never the code or
//   the token;
// - days ("2031-01-15") for cases and messages, never an hour; exact times only where officers' security needs
//   them (session and challenge expiry, the audit log of officers' actions);
// - secrets of officers' sessions, invitations and WebAuthn challenges only as SHA-256 hashes; a passkey's public
//   key; an officer's OpenPGP key only as a fingerprint of one of the configured task force keys.

export const caseStatuses = ['new', 'opened', 'assessing', 'referred', 'closed'] as const;
export type CaseStatus = (typeof caseStatuses)[number];

/** Why a case was closed: a fixed list, so no free text (which could name people) is stored in clear. */
export const closeReasons = [
  'acted-on',
  'referred-elsewhere',
  'no-trafficking-indicators',
  'insufficient-information',
  'duplicate',
  'outside-mandate',
  'not-genuine',
] as const;
export type CloseReason = (typeof closeReasons)[number];

/** The shared label set: non-sensitive words, stored in clear so cases can be filtered before decrypting. */
export const caseLabels = ['urgent', 'duplicate', 'needs-translation', 'st-kitts', 'nevis'] as const;
export type CaseLabel = (typeof caseLabels)[number];

export const roles = ['coordinator', 'officer', 'auditor'] as const;
export type Role = (typeof roles)[number];

/** A note is an officer's internal note: OpenPGP to the task force keys, never shown to the tipster. */
export const messageKinds = ['tip', 'followup', 'reply', 'note'] as const;
export type MessageKind = (typeof messageKinds)[number];

export interface DeskCase {
  /** Random, drawn by the server (≥128 bits, base64url). */
  id: string;
  /** SHA-256 (hex) of the tipster's lookup token; null for a tip sent before follow-up existed. */
  lookupHash: string | null;
  receivedDay: string;
  status: CaseStatus;
  /** Set when, and only when, the status is closed. */
  closeReason: CloseReason | null;
  /** An officer id. */
  assignee: string | null;
  labels: CaseLabel[];
  /** The case and its messages are deleted after this day; null: not scheduled (open cases). */
  keepUntilDay: string | null;
  /** How many messages the thread has (the next message's seq). */
  messages: number;
}

export type AddedAt = 'added' | 'no-case' | 'taken' | 'no-thread';

export interface NewCase {
  id: string;
  lookupHash: string | null;
  day: string;
  /** The tip: armored OpenPGP ciphertext. */
  body: string;
}

export interface CasePatch {
  status?: CaseStatus;
  closeReason?: CloseReason | null;
  assignee?: string | null;
  labels?: CaseLabel[];
  keepUntilDay?: string | null;
}

export interface CaseFilter {
  status?: CaseStatus;
  assignee?: string;
  label?: CaseLabel;
}

export interface CasePage {
  /** Newest first. */
  cases: DeskCase[];
  /** Where the next page starts; null: this was the last. */
  next: string | null;
}

export interface NewMessage {
  kind: MessageKind;
  day: string;
  /** tip and follow-up: armored OpenPGP to the task force keys; reply: the HPKE-sealed reply (base64url). */
  body: string;
  /** Reply only: the same reply OpenPGP-encrypted to the task force keys, for the record. */
  record: string | null;
  /** Reply and note only: the officer who wrote it. */
  author: string | null;
}

export interface DeskMessage extends NewMessage {
  caseId: string;
  /** 0 is the tip; then in the order they were added. */
  seq: number;
}

export interface Officer {
  id: string;
  /** How colleagues know them (a first name or a call sign): shown in the desk, never to tipsters. */
  name: string;
  role: Role;
  /** Upper-case hex fingerprint of one of the configured task force keys; null for an auditor (holds no key). */
  keyFingerprint: string | null;
  addedDay: string;
  /** Revoked officers keep their id (the audit log names them) but can no longer sign in. */
  revokedDay: string | null;
}

export interface OfficerPatch {
  role?: Role;
  revokedDay?: string | null;
}

/** A passkey. */
export interface Credential {
  /** The WebAuthn credential id (base64url). */
  id: string;
  officerId: string;
  /** COSE public key (base64url). */
  publicKey: string;
  counter: number;
  transports: string[];
  addedDay: string;
  lastUsedDay: string | null;
}

export interface Session {
  /** SHA-256 (hex) of the cookie's token. */
  tokenHash: string;
  officerId: string;
  /** SHA-256 (hex) of the CSRF token the desk sends back in a header. */
  csrfHash: string;
  createdAt: number;
  /** Idle and absolute lifetimes folded into one: the earlier of last use + idle and creation + absolute. */
  expiresAt: number;
}

export const challengePurposes = ['register', 'login', 'step-up'] as const;
export type ChallengePurpose = (typeof challengePurposes)[number];

/** A WebAuthn challenge or a step-up challenge: used once, before it expires, by the client it was given to. */
export interface Challenge {
  /** SHA-256 (hex) of the challenge. */
  hash: string;
  purpose: ChallengePurpose;
  /** SHA-256 (hex) of what the challenge is bound to: the ceremony cookie, or the session token. */
  binding: string;
  /** What it was issued for: an invitation hash (register), "" (login), "<action> <object>" (step-up). */
  subject: string;
  expiresAt: number;
}

export interface Invitation {
  /** SHA-256 (hex) of the one-time token in the link. */
  tokenHash: string;
  name: string;
  role: Role;
  keyFingerprint: string | null;
  /** The inviting officer; null: the command line. */
  invitedBy: string | null;
  expiresAt: number;
}

/** One entry of the audit log as it is stored: see desk/audit.ts for how the hashes chain. */
export interface AuditEntry {
  /** 1, 2, 3, … with no gap. */
  seq: number;
  /** When, to the minute ("2031-01-15T10:20Z"): officers' actions, never a tipster's. */
  at: string;
  /** The officer; null: the command line or the server itself (retention). */
  actor: string | null;
  action: string;
  /** A case or officer id, or null. */
  object: string | null;
  detail: Record<string, string | number | boolean | null>;
  /** The previous entry's hash (64 zeros before the first). */
  prevHash: string;
  hash: string;
}

export interface AuditHead {
  /** 0 while the log is empty. */
  seq: number;
  hash: string;
}

export interface DeskStore {
  // Cases and their threads.
  /** Creates the case with the tip as message 0; false if the id or the lookup hash is taken. */
  createCase(newCase: NewCase): Promise<boolean>;
  getCase(id: string): Promise<DeskCase | null>;
  caseIdByLookup(lookupHash: string): Promise<string | null>;
  listCases(filter: CaseFilter, cursor: string | null, limit: number): Promise<CasePage>;
  /** The case after the change, or null if there is no such case. */
  updateCase(id: string, patch: CasePatch): Promise<DeskCase | null>;
  /** The new message's seq, or null if there is no such case. */
  addMessage(caseId: string, message: NewMessage): Promise<number | null>;
  /**
   * Adds the message only if `seq` is the thread's next one (atomically): a reply is sealed with its seq in the
   * associated data, so it must land exactly there. 'taken': another message got that seq first. 'no-thread': a
   * reply to a case without a lookup hash, which no tipster can ever fetch (a report filed under a hash already
   * taken, or sent before follow-up existed).
   */
  addMessageAt(caseId: string, seq: number, message: NewMessage): Promise<AddedAt>;
  messages(caseId: string): Promise<DeskMessage[]>;
  /**
   * Deletes message `seq` of the case for good, only if it is of `kind` (a tipster deletes a reply they have read);
   * the other messages keep their seq. False if there was no such message of that kind.
   */
  deleteMessage(caseId: string, seq: number, kind: MessageKind): Promise<boolean>;
  /** Deletes the case, its thread and its lookup hash for good; false if there was none. */
  deleteCase(id: string): Promise<boolean>;
  /** Ids of the cases whose keepUntilDay is before `day`. */
  casesExpiredBefore(day: string): Promise<string[]>;

  // Officers and their passkeys.
  /** False if the id is taken. */
  addOfficer(officer: Officer): Promise<boolean>;
  getOfficer(id: string): Promise<Officer | null>;
  listOfficers(): Promise<Officer[]>;
  updateOfficer(id: string, patch: OfficerPatch): Promise<Officer | null>;
  /** False if the credential id is taken. */
  addCredential(credential: Credential): Promise<boolean>;
  getCredential(id: string): Promise<Credential | null>;
  credentialsOf(officerId: string): Promise<Credential[]>;
  /** After a sign-in: the authenticator's new counter and the day. */
  credentialUsed(id: string, counter: number, day: string): Promise<void>;
  removeCredentialsOf(officerId: string): Promise<number>;
  /**
   * Removes one of the officer's passkeys, but never their last (atomically, so two removals at once cannot leave
   * none): 'last' when it is the only one, 'not-found' when the officer has no such passkey.
   */
  removeCredential(officerId: string, id: string): Promise<'removed' | 'last' | 'not-found'>;

  // Sessions, challenges, invitations: each expires (checked against `now`, the caller's clock).
  createSession(session: Session): Promise<void>;
  /** The session if it exists and has not expired at `now`. */
  getSession(tokenHash: string, now: number): Promise<Session | null>;
  /** Moves the expiry of a live session (never past its absolute end: the caller computes it). */
  touchSession(tokenHash: string, expiresAt: number, now: number): Promise<void>;
  deleteSession(tokenHash: string): Promise<void>;
  deleteSessionsOf(officerId: string): Promise<number>;
  putChallenge(challenge: Challenge, now: number): Promise<void>;
  /** Removes the challenge and returns it if it had not expired: a second take of the same hash gets null. */
  takeChallenge(hash: string, now: number): Promise<Challenge | null>;
  putInvitation(invitation: Invitation, now: number): Promise<void>;
  getInvitation(tokenHash: string, now: number): Promise<Invitation | null>;
  /** Removes the invitation and returns it if it had not expired: of two concurrent takes, one gets it. */
  takeInvitation(tokenHash: string, now: number): Promise<Invitation | null>;
  /** Deletes what expired before `now` where the store does not expire it itself (SQLite); returns how many. */
  sweep(now: number): Promise<number>;

  // The audit log: append-only.
  auditHead(): Promise<AuditHead>;
  /**
   * Appends the entry only if it continues the log: its seq is the head's + 1 and its prevHash the head's hash
   * (atomically); false otherwise (another instance appended first: read the head and try again).
   */
  appendAudit(entry: AuditEntry): Promise<boolean>;
  /** Entries with seq ≥ fromSeq, in order, at most `limit`. */
  readAudit(fromSeq: number, limit: number): Promise<AuditEntry[]>;

  close(): Promise<void>;
}

/** Where the desk's audit chain starts. */
export const genesisHash = '0'.repeat(64);
