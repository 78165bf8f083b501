// The outgoing mail: RFC 3156 PGP/MIME structure and headers (pgp-mime.ts), and the SMTP mailer's transport
// settings and failure classes (smtp.ts), against a real smtp-server and parsed with mailparser.
import { hostname } from 'node:os';
import { simpleParser } from 'mailparser';
import * as openpgp from 'openpgp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildPgpMimeMessage, tipMessageId, tipSubject } from '../../functions/mail/pgp-mime.ts';
import { createSmtpMailer, smtpTransportOptions, type MailError } from '../../functions/mail/smtp.ts';
import { startTestSmtp } from './helpers/smtp-server.ts';

let armored: string;
const from = 'tipline@tipline.example';
const to = ['officer1@taskforce.example', 'officer2@taskforce.example'];
const now = Date.UTC(2026, 10, 27, 20, 47, 13, 512);

beforeAll(async () => {
  const { publicKey } = await openpgp.generateKey({ userIDs: [{ email: 'tf@taskforce.example' }], format: 'object' });
  armored = await openpgp.encrypt({
    message: await openpgp.createMessage({ text: 'secret' }),
    encryptionKeys: publicKey,
  });
});

describe('PGP/MIME message', () => {
  it('is multipart/encrypted per RFC 3156: a Version: 1 control part, then the armored data, both 7bit', async () => {
    const raw = await buildPgpMimeMessage({ tipId: 'tip-1', armored, from, to, now });
    const mail = await simpleParser(raw);
    const type = mail.headers.get('content-type') as { value: string; params: Record<string, string> };
    expect(type.value).toBe('multipart/encrypted');
    expect(type.params.protocol).toBe('application/pgp-encrypted');
    expect(mail.attachments.map((a) => a.contentType)).toEqual([
      'application/pgp-encrypted',
      'application/octet-stream',
    ]);
    expect(mail.attachments[0]!.content.toString()).toMatch(/^Version: 1\r?\n?$/);
    expect(mail.attachments[1]!.filename).toBe('encrypted.asc');
    expect(mail.attachments[1]!.content.toString().replace(/\r\n/g, '\n').trim()).toBe(armored.trim());
    // Both parts declare 7bit: without it MimeNode would base64 them.
    expect(raw.match(/^Content-Transfer-Encoding: 7bit\r$/gm)).toHaveLength(2);
    expect(raw).not.toMatch(/base64/i);
    expect(raw).toContain('\r\n-----BEGIN PGP MESSAGE-----\r\n');
    // The ciphertext is still a readable OpenPGP message after the trip through MIME.
    await expect(
      openpgp.readMessage({ armoredMessage: mail.attachments[1]!.content.toString() }),
    ).resolves.toBeTruthy();
  });

  it('carries only From, To, Subject, Date, Message-ID and MIME headers; constant subject; Date on the hour', async () => {
    const raw = await buildPgpMimeMessage({ tipId: 'tip-1', armored, from, to, now });
    const mail = await simpleParser(raw);
    expect([...mail.headers.keys()].sort()).toEqual(
      ['content-type', 'date', 'from', 'message-id', 'mime-version', 'subject', 'to'].sort(),
    );
    expect(mail.subject).toBe(tipSubject);
    expect(mail.to && !Array.isArray(mail.to) ? mail.to.value.map((a) => a.address) : []).toEqual(to);
    expect(mail.date!.getTime()).toBe(Date.UTC(2026, 10, 27, 20, 0, 0));
    expect(raw).toMatch(/^Date: Fri, 27 Nov 2026 20:00:00 \+0000\r$/m);
    expect(raw).not.toMatch(/X-Mailer|User-Agent|nodemailer/i);
    // Outside the ciphertext (where a short hostname could appear by chance in base64), no trace of this machine.
    const clear = raw.slice(0, raw.indexOf('-----BEGIN PGP MESSAGE-----'));
    expect(clear.toLowerCase()).not.toMatch(
      new RegExp(
        `\\b${hostname()
          .toLowerCase()
          .replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\b`,
      ),
    );
  });

  it('derives the Message-ID from the tip id and the From domain: same tip, same id; other tip, other id', async () => {
    const first = await simpleParser(await buildPgpMimeMessage({ tipId: 'tip-1', armored, from, to, now }));
    const later = await simpleParser(
      await buildPgpMimeMessage({ tipId: 'tip-1', armored, from, to, now: now + 86_400_000 }),
    );
    const other = await simpleParser(await buildPgpMimeMessage({ tipId: 'tip-2', armored, from, to, now }));
    expect(first.messageId).toBe(later.messageId);
    expect(first.messageId).toBe(tipMessageId('tip-1', from));
    expect(other.messageId).not.toBe(first.messageId);
    expect(first.messageId).toMatch(/^<[0-9a-f]{32}\.tip@tipline\.example>$/);
    expect(first.messageId).not.toContain('tip-1'); // the queue's row id is not spelled out
  });

  it('refuses anything but an armored OpenPGP message, and an empty recipient list', async () => {
    await expect(buildPgpMimeMessage({ tipId: 'x', armored: 'hello', from, to, now })).rejects.toThrow(/armored/);
    await expect(buildPgpMimeMessage({ tipId: 'x', armored, from, to: [], now })).rejects.toThrow(/recipient/);
  });
});

describe('SMTP transport options', () => {
  it('requires STARTTLS on 587, implicit TLS on 465 and smtps://, plain only for localhost', () => {
    const submission = smtpTransportOptions({ smtpUrl: 'smtp://user:p%40ss@mail.example.org:587' });
    expect(submission).toMatchObject({ host: 'mail.example.org', port: 587, secure: false, requireTLS: true });
    expect(submission.auth).toEqual({ user: 'user', pass: 'p@ss' });
    expect(smtpTransportOptions({ smtpUrl: 'smtp://mail.example.org:465' })).toMatchObject({
      secure: true,
      requireTLS: false,
    });
    expect(smtpTransportOptions({ smtpUrl: 'smtps://mail.example.org' })).toMatchObject({ port: 465, secure: true });
    expect(smtpTransportOptions({ smtpUrl: 'smtp://mail.example.org:25' })).toMatchObject({ requireTLS: true });
    expect(smtpTransportOptions({ smtpUrl: 'smtp://127.0.0.1:2525' })).toMatchObject({
      secure: false,
      requireTLS: false,
    });
    expect(smtpTransportOptions({ smtpUrl: 'smtp://localhost:25' })).toMatchObject({ requireTLS: false });
  });

  it('never reads files or URLs and never says the machine hostname in EHLO', () => {
    const options = smtpTransportOptions({ smtpUrl: 'smtp://mail.example.org:587' });
    expect(options).toMatchObject({ disableFileAccess: true, disableUrlAccess: true, name: 'mail.example.org' });
    expect(() => smtpTransportOptions({ smtpUrl: 'http://mail.example.org' })).toThrow(/smtp:\/\//);
    expect(() => smtpTransportOptions({ smtpUrl: 'not a url' })).toThrow(/SMTP_URL/);
  });
});

describe('SMTP mailer against a real server', () => {
  const replies: Array<{ code: number; message: string } | null> = [];
  let smtp: Awaited<ReturnType<typeof startTestSmtp>>;
  beforeAll(async () => {
    smtp = await startTestSmtp({
      respond: () => replies.shift() ?? null,
      rejectRecipient: (address) => (address.startsWith('nobody@') ? { code: 550, message: 'No such user' } : null),
    });
  });
  afterAll(() => smtp.close());

  it('resolves once the server answered 250, with the envelope and the raw message unchanged', async () => {
    const raw = await buildPgpMimeMessage({ tipId: 'tip-3', armored, from, to, now });
    await createSmtpMailer({ smtpUrl: smtp.url }).send({ from, to, raw });
    const got = smtp.accepted.at(-1)!;
    expect(got.from).toBe(from);
    expect(got.to).toEqual(to);
    expect(got.raw.toString()).toBe(raw);
    expect(smtp.ehloNames.at(-1)).toBe('localhost');
  });

  it('marks 451 transient and 550 permanent', async () => {
    const mailer = createSmtpMailer({ smtpUrl: smtp.url });
    const raw = await buildPgpMimeMessage({ tipId: 'tip-4', armored, from, to, now });
    replies.push({ code: 451, message: 'Try again later' });
    const transient = (await mailer.send({ from, to, raw }).catch((e) => e)) as MailError;
    expect(transient.permanent).toBe(false);
    expect(transient.responseCode).toBe(451);
    replies.push({ code: 550, message: 'Rejected' });
    const permanent = (await mailer.send({ from, to, raw }).catch((e) => e)) as MailError;
    expect(permanent.permanent).toBe(true);
    expect(permanent.responseCode).toBe(550);
  });

  it('fails when any one recipient is refused, so every TIP_MAIL_TO address gets the tip', async () => {
    const raw = await buildPgpMimeMessage({ tipId: 'tip-5', armored, from, to, now });
    const error = (await createSmtpMailer({ smtpUrl: smtp.url })
      .send({ from, to: [to[0]!, 'nobody@taskforce.example'], raw })
      .catch((e) => e)) as MailError;
    expect(error).toBeInstanceOf(Error);
    expect(error.message).toMatch(/1 of 2 recipients/);
    expect(error.permanent).toBe(true);
  });

  it('treats a refused connection as transient', async () => {
    const closed = await startTestSmtp();
    const url = closed.url;
    await closed.close();
    const raw = await buildPgpMimeMessage({ tipId: 'tip-6', armored, from, to, now });
    const error = (await createSmtpMailer({ smtpUrl: url })
      .send({ from, to, raw })
      .catch((e) => e)) as MailError;
    expect(error).toBeInstanceOf(Error);
    expect(error.permanent).toBe(false);
  });
});
