// What every desk route is given: the store, the task force keys, the clock, the configuration; and what the
// session middleware puts on the request (the signed-in officer and their session).
import type { TaskForceKeys } from '../keys.ts';
import type { Clock } from '../ports.ts';
import type { RecipientSet } from '../pgp/recipients.ts';
import type { DeskConfig } from './config.ts';
import type { DeskStore, Officer, Session } from '../desk-ports.ts';

export interface DeskDeps {
  store: DeskStore;
  /** The configured task force public keys: officers' step-up signatures are checked against these. */
  keys: TaskForceKeys;
  /** Who a reply's record copy must be encrypted to (the same keys' encryption subkeys). */
  recipients: () => Promise<RecipientSet>;
  clock: Clock;
  config: DeskConfig;
  lifetimes: DeskLifetimes;
}

export interface DeskLifetimes {
  /** A session ends this long after its last request… */
  sessionIdleMs: number;
  /** …and this long after sign-in, whatever happens. */
  sessionAbsoluteMs: number;
  /** A WebAuthn ceremony (options → verify). */
  ceremonyMs: number;
  /** A step-up challenge (issue → signed action). */
  stepUpMs: number;
  invitationMs: number;
  /** A closed case is kept this many days, then deleted (officers may extend). */
  retentionDays: number;
}

export const defaultLifetimes: DeskLifetimes = {
  sessionIdleMs: 15 * 60_000,
  sessionAbsoluteMs: 8 * 3_600_000,
  ceremonyMs: 5 * 60_000,
  stepUpMs: 2 * 60_000,
  invitationMs: 48 * 3_600_000,
  retentionDays: 90,
};

export type DeskEnv = {
  Variables: {
    officer: Officer;
    session: Session;
  };
};
