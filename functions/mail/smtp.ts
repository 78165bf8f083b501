// The Mailer port over SMTP (nodemailer). The message arrives fully built (PGP/MIME, see pgp-mime.ts); this only
// carries it to the task force's mail server and says whether a failure is worth retrying.
import nodemailer from 'nodemailer';
import type { Mailer, OutgoingMail } from '../ports.ts';

export interface SmtpMailerOptions {
  /** `smtp://user:pass@host:587` (STARTTLS required), `smtps://user:pass@host:465` or port 465 (implicit TLS).
   * Plain, unencrypted SMTP is accepted only for localhost (tests, a local relay). */
  smtpUrl: string;
  /** The name given in EHLO. Defaults to the URL's host, so the machine's own hostname never appears in headers. */
  ehloName?: string;
}

/** An Error that says whether sending the same message again could succeed. */
export interface MailError extends Error {
  permanent: boolean;
  responseCode?: number;
}

export function createSmtpMailer(options: SmtpMailerOptions): Mailer {
  const transport = nodemailer.createTransport(smtpTransportOptions(options));
  return {
    async send(mail: OutgoingMail): Promise<void> {
      let info;
      try {
        info = await transport.sendMail({ envelope: { from: mail.from, to: mail.to }, raw: mail.raw });
      } catch (error) {
        throw toMailError(error);
      }
      // nodemailer succeeds when at least one recipient was accepted. Every TIP_MAIL_TO address must get the tip,
      // so a partly rejected envelope is a failure too; the resend reaches the others as a recognisable duplicate.
      const rejected = (info.rejectedErrors ?? []) as Array<{ responseCode?: number }>;
      if ((info.rejected ?? []).length > 0) {
        const codes = rejected.map((e) => e.responseCode ?? 0);
        const permanent = codes.length > 0 && codes.every((c) => c >= 500 && c !== 503);
        throw mailError(`${info.rejected.length} of ${mail.to.length} recipients were rejected`, permanent, codes[0]);
      }
    },
  };
}

/** Exported for the tests: how the URL becomes transport options. */
export function smtpTransportOptions(options: SmtpMailerOptions) {
  let url: URL;
  try {
    url = new URL(options.smtpUrl);
  } catch {
    throw new Error('SMTP_URL is not a valid URL (expected smtp://user:pass@host:587)');
  }
  if (url.protocol !== 'smtp:' && url.protocol !== 'smtps:') {
    throw new Error('SMTP_URL must start with smtp:// or smtps://');
  }
  const host = url.hostname.replace(/^\[|\]$/g, '');
  const port = url.port ? Number(url.port) : url.protocol === 'smtps:' ? 465 : 587;
  const secure = url.protocol === 'smtps:' || port === 465;
  const local = host === 'localhost' || host === '::1' || /^127\./.test(host);
  const auth = url.username
    ? { user: decodeURIComponent(url.username), pass: decodeURIComponent(url.password) }
    : undefined;
  return {
    host,
    port,
    secure,
    // The ciphertext is already end-to-end encrypted, but the SMTP password and the metadata are not: anything
    // beyond this machine needs TLS. A relay on localhost is the one case where plain SMTP is acceptable.
    requireTLS: !secure && !local,
    auth,
    name: options.ehloName ?? (local ? 'localhost' : host),
    // Content comes only from the raw string; never let anything make nodemailer read a file or fetch a URL.
    disableFileAccess: true,
    disableUrlAccess: true,
    // Bounded so a hung server cannot hold a tip's lease for long (the forwarder's lease is longer than the sum).
    connectionTimeout: 20_000,
    greetingTimeout: 20_000,
    socketTimeout: 60_000,
    logger: false,
    debug: false,
  };
}

function toMailError(error: unknown): MailError {
  const e = error as { message?: string; responseCode?: number; code?: string };
  const code = typeof e.responseCode === 'number' ? e.responseCode : undefined;
  // Only a 5xx answer to this message's envelope or data is permanent. A 5xx at login (535: wrong password) or a
  // TLS failure is a configuration fault that an operator fixes; marking every tip dead for it would be wrong.
  const aboutTheMessage = e.code === 'EENVELOPE' || e.code === 'EMESSAGE';
  const permanent = aboutTheMessage && code !== undefined && code >= 500 && code < 600 && code !== 503;
  // The message text comes from nodemailer and the server's reply; neither contains the ciphertext.
  return mailError(`${e.code ?? 'SMTP'}: ${e.message ?? String(error)}`, permanent, code);
}

function mailError(message: string, permanent: boolean, responseCode?: number): MailError {
  const err = new Error(message) as MailError;
  err.permanent = permanent;
  if (responseCode) err.responseCode = responseCode;
  return err;
}
