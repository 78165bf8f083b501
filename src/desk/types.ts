// What the desk API answers (functions/desk/*.ts), as the page reads it.
import type { DeskCase, DeskMessage } from '../../functions/desk-ports.ts';
import type { Role } from './vocabulary.ts';

export interface OfficerView {
  id: string;
  name: string;
  role: Role;
  keyFingerprint: string | null;
}

export interface SessionView {
  officer: OfficerView;
  csrf: string;
  expiresAt?: number;
}

/**
 * A case as the list and the case view get it: the stored case without its lookup hash, with the reminder days and
 * whether the tipster has a thread to read replies in.
 */
export type CaseMeta = Omit<DeskCase, 'lookupHash'> & { acknowledgeBy: string; feedbackBy: string; hasThread: boolean };

export type CaseMessage = DeskMessage;

export interface OfficerEntry extends OfficerView {
  addedDay: string;
  revokedDay: string | null;
  passkeys: number;
}

export interface PasskeyView {
  id: string;
  transports: string[];
  addedDay: string;
  lastUsedDay: string | null;
}

export interface AuditEntryView {
  seq: number;
  at: string;
  actor: string | null;
  action: string;
  object: string | null;
  detail: Record<string, string | number | boolean | null>;
  hash: string;
}
