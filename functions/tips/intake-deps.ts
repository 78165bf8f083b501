// What the intake routes are built from: createApp injects it.
import type { KeyObject } from 'node:crypto';
import type { Config } from '../config.ts';
import type { DeskStore } from '../desk-ports.ts';
import type { InFlight } from '../http/in-flight.ts';
import type { TaskForceKeys } from '../keys.ts';
import type { Clock, RateLimiter, TipQueue, UploadStaging } from '../ports.ts';
import type { RecipientSet } from '../pgp/recipients.ts';
import type { ProofOfWork } from '../pow/pow.ts';

export interface IntakeDeps {
  config: Config;
  queue: TipQueue;
  /** Parts of reports too large for one request, until their last request (tips/uploads.ts). */
  staging: UploadStaging;
  limiter: RateLimiter;
  pow: ProofOfWork;
  keys: TaskForceKeys;
  /** The keys' valid encryption subkeys, recomputed now and then (a subkey can expire while the server runs). */
  recipients: () => Promise<RecipientSet>;
  clock: Clock;
  afterEnqueue?: (id: string) => Promise<void> | void;
  /** Large request bodies being read and checked right now (http/in-flight.ts). */
  inFlight: InFlight;
  /** Called for each request refused for want of a client address (http/no-address.ts). */
  noAddress: () => void;
  /** Seals the no-JS "sent" page's address, which carries the reference code (tips/sent-page.ts). */
  sentPageKey: KeyObject;
  /** The desk's store when the desk is on (DESK_ORIGIN): each tip becomes a case there; null: mail only. */
  desk: DeskStore | null;
}
