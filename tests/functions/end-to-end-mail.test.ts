// End to end on the delivery side, with real parts only: a report with a photo is built the way the browser builds
// it (metadata stripped, one padded MIME entity, OpenPGP-encrypted to the task force key), queued in SQLite,
// forwarded by nodemailer to a real SMTP server, parsed with mailparser, and decrypted by real GnuPG with the
// officer's secret key. The officer must find the report text and the photo, and the photo must have no GPS.
import { randomBytes, randomUUID } from 'node:crypto';
import { readFile, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { simpleParser } from 'mailparser';
import * as openpgp from 'openpgp';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { forwardDueTips } from '../../functions/forwarder/pass.ts';
import { recipientSet } from '../../functions/pgp/recipients.ts';
import { createSmtpMailer } from '../../functions/mail/smtp.ts';
import { openSqliteQueue } from '../../functions/queue/sqlite.ts';
import { newReceiptCode } from '../../src/shared/receipt.ts';
import { deriveThreadKeys, formatReplyKey } from '../../src/shared/followup/index.ts';
import { codeLookupHash } from '../../functions/tips/store.ts';
import { buildTipEntity, padmeLength } from '../../src/shared/tip-entity.ts';
import { stripImageMetadata } from '../../src/shared/report/strip-metadata.ts';
import { fixtureGps } from '../fixtures/make-gps-photo.ts';
import { readJpegGps } from './helpers/exif.ts';
import { createGpg, type Gpg } from './helpers/gpg.ts';
import { startTestSmtp, type TestSmtp } from './helpers/smtp-server.ts';

const passphrase = 'correct horse battery staple';
let gpg: Gpg;
let smtp: TestSmtp;
let dataDir: string;
let publicKey: openpgp.PublicKey;

beforeAll(async () => {
  // The kind of key `npm run keys -- generate` makes: v4, Ed25519 primary, Curve25519 ECDH subkey.
  const pair = await openpgp.generateKey({
    type: 'ecc',
    curve: 'curve25519Legacy',
    userIDs: [{ name: 'Test officer', email: 'officer@taskforce.example' }],
    passphrase,
    format: 'armored',
  });
  publicKey = await openpgp.readKey({ armoredKey: pair.publicKey });
  gpg = await createGpg();
  await gpg.importKey(pair.privateKey, passphrase);
  smtp = await startTestSmtp();
  dataDir = await mkdtemp(join(tmpdir(), 'e2e-mail-'));
});

afterAll(async () => {
  await smtp?.close();
  await gpg?.close();
  if (dataDir) await rm(dataDir, { recursive: true, force: true });
});

it('an officer decrypts the forwarded mail with GnuPG and finds the report and the photo, without its GPS', async () => {
  const photo = new Uint8Array(await readFile(new URL('../fixtures/gps-photo.jpg', import.meta.url)));
  expect(readJpegGps(photo)).toEqual(fixtureGps); // the fixture really carries a location

  // --- the browser's side ---
  const cleaned = stripImageMetadata(photo, 'image/jpeg', { keepLocation: false });
  const marker = `MARKER-${randomUUID()}`;
  const receipt = newReceiptCode((n) => new Uint8Array(randomBytes(n)));
  const entity = buildTipEntity({
    answers: {
      text: { happened: `Workers locked in at night. ${marker} Señora García said «no papers».`, where: 'Basseterre' },
      choices: { kind: ['forced-labour'], danger: ['no'] },
    },
    attachments: [{ filename: 'IMG_0042.jpg', contentType: 'image/jpeg', bytes: cleaned }],
    replyKey: formatReplyKey((await deriveThreadKeys(receipt)).replyPublicKey),
    locale: 'es',
    sentHour: '2026-11-27T20:00Z',
    randomBytes: (n) => new Uint8Array(randomBytes(n)),
  });
  const ciphertext = await openpgp.encrypt({
    message: await openpgp.createMessage({ binary: entity }),
    encryptionKeys: [publicKey],
  });

  // --- the functions' side ---
  const queue = openSqliteQueue({ dataDir });
  try {
    await queue.enqueue(
      { id: randomUUID(), armored: ciphertext, receiptHash: await codeLookupHash(receipt) },
      Date.now(),
    );
    const result = await forwardDueTips({
      queue,
      mailer: createSmtpMailer({ smtpUrl: smtp.url }),
      clock: { now: () => Date.now() },
      mail: { from: 'tipline@tipline.example', to: ['officer@taskforce.example'] },
      recipients: () => recipientSet([publicKey]),
      log: () => {},
    });
    expect(result).toMatchObject({ delivered: 1 });
  } finally {
    await queue.close();
  }

  // --- the officer's side ---
  expect(smtp.accepted).toHaveLength(1);
  const raw = smtp.accepted[0]!.raw;
  expect(raw.toString()).not.toContain(marker); // nothing readable in transit
  const mail = await simpleParser(raw);
  const type = mail.headers.get('content-type') as { value: string; params: Record<string, string> };
  expect(type.value).toBe('multipart/encrypted');
  expect(type.params.protocol).toBe('application/pgp-encrypted');
  const encryptedPart = mail.attachments.find((a) => a.filename === 'encrypted.asc');
  expect(encryptedPart).toBeTruthy();

  const decrypted = await gpg.decrypt(encryptedPart!.content.toString(), passphrase);
  expect(padmeLength(decrypted.length)).toBe(decrypted.length); // padded to a Padmé length
  const report = await simpleParser(decrypted);
  expect(report.text).toContain(marker);
  expect(report.text).toContain('Señora García'); // UTF-8 survives the 8bit text part and gpg
  // The code never travels, not even inside the report; the reply key the desk seals replies to does.
  expect(report.text).not.toContain(receipt);
  expect(report.headers.get('x-reply-key')).toBe(formatReplyKey((await deriveThreadKeys(receipt)).replyPublicKey));
  expect(report.text).toContain('Forced labour');
  expect(report.attachments).toHaveLength(1);
  const attachment = report.attachments[0]!;
  expect(attachment.filename).toBe('IMG_0042.jpg');
  expect(attachment.contentType).toBe('image/jpeg');
  const received = new Uint8Array(attachment.content);
  expect(Buffer.from(received).equals(Buffer.from(cleaned))).toBe(true);
  expect(readJpegGps(received)).toBeNull();
  expect(Buffer.from(received).includes('FixtureCam')).toBe(false); // camera make gone too
  expect(received[0]).toBe(0xff); // still a JPEG
  expect(received[1]).toBe(0xd8);
});
