// Wraps a tip's armored ciphertext in an RFC 3156 PGP/MIME message (multipart/encrypted), the form Thunderbird and
// GnuPG-based mail clients decrypt in place. nodemailer's composer has no multipart/encrypted, so the tree is built
// with its MimeNode (tests/functions/end-to-end-mail.test.ts holds it to GnuPG; docs/threat-model.md says what a
// mail provider sees).
//
// The outer headers are the only thing a mail provider sees in clear, so they say as little as possible:
// - a constant Subject, the same for every tip;
// - no X-Mailer, no User-Agent, no Received-style hints (nodemailer adds none for a prebuilt message);
// - Date rounded down to the hour: RFC 5322 requires a Date, and leaving it out lets the first relay add an exact one;
// - a Message-ID derived from the tip id, so a resend after a crash is a recognisable duplicate, hashed so the
//   queue's row id is not spelled out in every officer's mailbox.
import { createHash } from 'node:crypto';
import MimeNode from 'nodemailer/lib/mime-node';
import { floorToHour } from '../../src/shared/hour.ts';

export const tipSubject = 'Anonymous tip';

/**
 * The whole of a notification (TIP_MAIL=notify): the same subject and text for every tip and follow-up, so the mail
 * provider and a glance at a phone learn only that something arrived (and roughly when: the Date is to the hour).
 */
export const notificationText =
  'Something new is waiting in the task force desk: a report or a follow-up.\r\n' +
  'Open the desk to read it. This mail has no content of its own.\r\n';

/** A plain notification with no content, for TIP_MAIL=notify: Message-ID and Date as for a full tip mail. */
export async function buildNotificationMessage(input: Omit<PgpMimeInput, 'armored'>): Promise<string> {
  if (input.to.length === 0) throw new Error('No recipient for the tip mail');
  const root = new MimeNode('text/plain; charset=utf-8', { hostname: addressDomain(input.from), newline: 'windows' });
  root.setHeader({
    From: input.from,
    To: input.to.join(', '),
    Subject: tipSubject,
    Date: new Date(floorToHour(input.now)),
    'Message-ID': { prepared: true, value: tipMessageId(input.tipId, input.from) },
    'MIME-Version': '1.0',
    'Content-Transfer-Encoding': '7bit',
  });
  root.setContent(notificationText);
  return (await root.build()).toString('utf8');
}

export interface PgpMimeInput {
  /** The queue's tip id (a UUID). */
  tipId: string;
  /** The armored OpenPGP message, sent as it is. */
  armored: string;
  from: string;
  to: string[];
  /** Milliseconds since the epoch; only its hour appears in the message. */
  now: number;
}

/** `<hex@domain>`: the same for every attempt at the same tip; the domain is the From address's. */
export function tipMessageId(tipId: string, from: string): string {
  const domain = addressDomain(from);
  const digest = createHash('sha256').update(`tip-message-id\0${tipId}`).digest('hex').slice(0, 32);
  return `<${digest}.tip@${domain}>`;
}

export async function buildPgpMimeMessage(input: PgpMimeInput): Promise<string> {
  if (input.to.length === 0) throw new Error('No recipient for the tip mail');
  if (!/^-----BEGIN PGP MESSAGE-----/.test(input.armored.trimStart())) {
    // The intake checked the envelope; this guards against ever mailing anything else in the encrypted slot.
    throw new Error('Tip payload is not an armored OpenPGP message');
  }
  const root = new MimeNode('multipart/encrypted; protocol="application/pgp-encrypted"', {
    // A neutral name in case MimeNode ever needs one: the machine's hostname must not leak into headers.
    hostname: addressDomain(input.from),
    newline: 'windows',
  });
  root.setHeader({
    From: input.from,
    To: input.to.join(', '),
    Subject: tipSubject,
    Date: new Date(floorToHour(input.now)), // MimeNode writes it as an RFC 5322 date in UTC
    'Message-ID': { prepared: true, value: tipMessageId(input.tipId, input.from) },
    'MIME-Version': '1.0',
  });
  // RFC 3156 §4: the first part is the control information, the second the encrypted data. Both must be 7bit:
  // MimeNode would otherwise base64 them, which GnuPG-based readers do not expect.
  root
    .createChild('application/pgp-encrypted')
    .setHeader({ 'Content-Description': 'PGP/MIME version identification', 'Content-Transfer-Encoding': '7bit' })
    .setContent('Version: 1\r\n');
  root
    .createChild('application/octet-stream; name="encrypted.asc"')
    .setHeader({
      'Content-Description': 'OpenPGP encrypted message',
      'Content-Disposition': 'inline; filename="encrypted.asc"',
      'Content-Transfer-Encoding': '7bit',
    })
    .setContent(input.armored.replace(/\r?\n/g, '\r\n'));
  const built = await root.build();
  return built.toString('utf8');
}

function addressDomain(address: string): string {
  const match = /@([A-Za-z0-9.-]+)>?\s*$/.exec(address.trim());
  if (!match) throw new Error('TIP_MAIL_FROM must be an e-mail address with a domain');
  return match[1]!.toLowerCase();
}
