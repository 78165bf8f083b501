// What the desk API answers (functions/desk/*.ts), as the page reads it.
import type { CaseLabel, CaseStatus, CloseReason, MessageKind, Role } from './vocabulary.ts';

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

export interface CaseMeta {
  id: string;
  receivedDay: string;
  status: CaseStatus;
  closeReason: CloseReason | null;
  assignee: string | null;
  labels: CaseLabel[];
  keepUntilDay: string | null;
  messages: number;
  acknowledgeBy: string;
  feedbackBy: string;
}

export interface CaseMessage {
  caseId: string;
  seq: number;
  kind: MessageKind;
  day: string;
  body: string;
  record: string | null;
  author: string | null;
}

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
