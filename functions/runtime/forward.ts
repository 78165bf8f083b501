// One bounded forwarding pass over the built parts: what the serverless functions run (inline after a tip and on
// schedule) and `npm run forward`. Null when SMTP is not configured (parts.mailer is null): tips stay queued.
import { forwardDueTips, type ForwardResult } from '../forwarder/pass.ts';
import type { Clock } from '../ports.ts';
import { recipientSet } from '../pgp/recipients.ts';
import type { OpenedParts } from './parts.ts';
import type { Startup } from './startup.ts';

export interface ForwardPassOptions {
  /** Largest random delay before a tip's first send (0 in serverless, where a function cannot wait minutes). */
  sendDelayMaxMs: number;
  /** Stops taking new tips after this many milliseconds. */
  budgetMs?: number;
}

export function forwardPass(
  { config, keys }: Startup,
  parts: OpenedParts,
  clock: Clock,
  options: ForwardPassOptions,
): Promise<ForwardResult> | null {
  if (!parts.mailer) return null;
  return forwardDueTips({
    queue: parts.queue,
    mailer: parts.mailer,
    clock,
    mail: { from: config.mailFrom, to: config.mailTo, mode: config.tipMail === 'notify' ? 'notify' : 'full' },
    // The keys a tip must be sealed to, read again on each pass (a subkey can expire while the process runs).
    recipients: () => recipientSet(keys.keys, new Date(clock.now())),
    sendDelayMaxMs: options.sendDelayMaxMs,
    signal: options.budgetMs === undefined ? undefined : AbortSignal.timeout(options.budgetMs),
  });
}
