// The Node server's in-process forwarder: a pass (pass.ts) at start, then every interval and whenever an enqueue
// nudges it; idle when SMTP is not configured. Stopping waits for the running pass, whose leased tips stay queued.
import type { Clock, Mailer, TipQueue } from '../ports.ts';
import type { RecipientSet } from '../pgp/recipients.ts';
import { forwardDueTips, reasonOf } from './pass.ts';

export interface ForwarderConfig {
  mailFrom: string;
  mailTo: string[];
  /** TIP_MAIL: "notify" mails a notification without content instead of the report (default: the report). */
  tipMail?: 'full' | 'notify' | 'off';
  sendDelayMaxSeconds?: number;
  /** Seconds between passes (default 15). */
  forwardIntervalSeconds?: number;
}

export interface ForwarderLoopOptions {
  queue: TipQueue;
  recipients: () => Promise<RecipientSet>;
  /** Absent when SMTP is not configured: then no pass runs and tips stay queued. */
  mailer?: Mailer | null;
  clock: Clock;
  config: ForwarderConfig;
  intervalMs?: number;
  random?: () => number;
  log?: (line: string) => void;
}

/** Calling it (or `.stop()`) stops the loop and resolves once the running pass has ended. */
export type ForwarderLoop = (() => Promise<void>) & {
  stop(): Promise<void>;
  /** Runs a pass soon, e.g. right after an enqueue, instead of waiting for the next tick. */
  nudge(): void;
  readonly running: boolean;
};

/** Runs a pass at once, then every interval, in the calling process (the self-hosted server). */
export function startForwarderLoop(options: ForwarderLoopOptions): ForwarderLoop {
  const { queue, mailer, clock, config } = options;
  const log = options.log ?? ((line: string) => console.error(line));
  const intervalMs = options.intervalMs ?? (config.forwardIntervalSeconds ?? 15) * 1000;

  if (!mailer) {
    log('tip forwarding is off: SMTP_URL or TIP_MAIL_TO is not set; tips stay queued until it is configured.');
    const idle = async () => {};
    return Object.assign(idle, { stop: idle, nudge() {}, running: false });
  }

  const controller = new AbortController();
  let timer: NodeJS.Timeout | undefined;
  let current: Promise<void> | undefined;
  let again = false;

  const runPass = (): void => {
    if (controller.signal.aborted) return;
    if (current) {
      again = true; // a nudge during a pass: look again right after it
      return;
    }
    clearTimeout(timer);
    current = forwardDueTips({
      queue,
      mailer,
      clock,
      mail: { from: config.mailFrom, to: config.mailTo, mode: config.tipMail === 'notify' ? 'notify' : 'full' },
      recipients: options.recipients,
      sendDelayMaxMs: (config.sendDelayMaxSeconds ?? 0) * 1000,
      random: options.random,
      signal: controller.signal,
      log,
    })
      .then(
        () => undefined,
        (error) => log(`tip forwarding pass failed: ${reasonOf(error)}`),
      )
      .finally(() => {
        current = undefined;
        if (controller.signal.aborted) return;
        if (again) {
          again = false;
          setImmediate(runPass);
        } else {
          schedule();
        }
      });
  };
  const schedule = () => {
    timer = setTimeout(runPass, intervalMs);
    timer.unref(); // the HTTP server keeps the process alive; the loop must not keep a finished test alive
  };

  const stop = async () => {
    controller.abort();
    clearTimeout(timer);
    await current;
  };
  runPass();
  // Object.assign would copy the getter's value once; defineProperty keeps `running` live.
  const loop = Object.assign(stop, { stop, nudge: () => void setImmediate(runPass) });
  return Object.defineProperty(loop, 'running', { get: () => !controller.signal.aborted }) as ForwarderLoop;
}
