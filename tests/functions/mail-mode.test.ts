// Mail as a choice (TIP_MAIL): full (the encrypted report, as before), notify (a constant notification with no
// content), off (no mail; only with the desk). Through the configuration, the real forwarder and a real SMTP server,
// and the intake with the real SQLite queue and desk store.
import { simpleParser } from 'mailparser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../functions/config.ts';
import { openSqliteDeskStore } from '../../functions/desk-store/sqlite.ts';
import { forwardDueTips } from '../../functions/forwarder/pass.ts';
import { createSmtpMailer } from '../../functions/mail/smtp.ts';
import { notificationText, tipSubject } from '../../functions/mail/pgp-mime.ts';
import { recipientSet } from '../../functions/pgp/recipients.ts';
import { deriveThreadKeys, lookupHash, toBase64url } from '../../src/shared/followup/index.ts';
import { dearmor } from '../../functions/pgp/armor.ts';
import { newReceiptCode } from '../../src/shared/receipt.ts';
import { makeIntake, postJson, type TestIntake } from './helpers/intake.ts';
import { startTestSmtp, type TestSmtp } from './helpers/smtp-server.ts';
import { ConfigError } from '../../functions/config.ts';

/** The problems a configuration reports (none: []). */
function problemsOf(run: () => unknown): string[] {
  try {
    run();
    return [];
  } catch (error) {
    if (error instanceof ConfigError) return error.problems;
    throw error;
  }
}

const newCode = () => newReceiptCode((n) => crypto.getRandomValues(new Uint8Array(n)));

describe('TIP_MAIL in the configuration', () => {
  it('is full unless said otherwise; notify and off are read; anything else is a problem', () => {
    expect(loadConfig({}).tipMail).toBe('full');
    expect(loadConfig({ TIP_MAIL: 'notify' }).tipMail).toBe('notify');
    expect(loadConfig({ TIP_MAIL: 'off', DESK_ORIGIN: 'http://localhost:4321' }).tipMail).toBe('off');
    expect(problemsOf(() => loadConfig({ TIP_MAIL: 'none' }))).toEqual([
      'TIP_MAIL must be full, notify or off (it is "none").',
    ]);
  });

  it('off only with the desk: without it no one would ever see a tip', () => {
    expect(problemsOf(() => loadConfig({ TIP_MAIL: 'off' }))).toEqual([
      'TIP_MAIL=off needs the desk (DESK_ORIGIN): without mail and without the desk, no one would ever see a tip.',
    ]);
  });

  it('in production, off needs no SMTP server; full and notify do', () => {
    const production = {
      NODE_ENV: 'production',
      TASKFORCE_PUBLIC_KEYS: 'keys.asc',
      RATE_LIMIT_SECRET: 'r'.repeat(48),
      ALTCHA_HMAC_SECRET: 'a'.repeat(48),
      DESK_ORIGIN: 'https://desk.tipline.example',
    };
    const smtpProblem = (env: Record<string, string>) =>
      problemsOf(() => loadConfig({ ...production, ...env })).some((p) => p.startsWith('SMTP_URL must be set'));
    expect(smtpProblem({ TIP_MAIL: 'off' })).toBe(false);
    expect(smtpProblem({ TIP_MAIL: 'notify' })).toBe(true);
    expect(smtpProblem({})).toBe(true);
  });
});

describe('what the task force mailbox receives', () => {
  let smtp: TestSmtp;
  let intake: TestIntake;
  beforeAll(async () => {
    smtp = await startTestSmtp();
    intake = await makeIntake({ desk: (dataDir) => openSqliteDeskStore({ dataDir }) });
  });
  afterAll(async () => {
    await intake?.close();
    await smtp?.close();
  });

  const pass = async (mode: 'full' | 'notify') =>
    forwardDueTips({
      queue: intake.queue,
      mailer: createSmtpMailer({ smtpUrl: smtp.url }),
      clock: intake.clock,
      mail: { from: 'tipline@tipline.example', to: ['desk@taskforce.example'], mode },
      recipients: () => recipientSet(intake.keys.keys, new Date()),
      log: () => {},
    });

  const send = async (text: string) => {
    const hash = await lookupHash((await deriveThreadKeys(newCode())).lookup);
    const response = await postJson(intake, {
      ciphertext: await intake.encrypt(text),
      lookupHash: hash,
      altcha: await intake.solvePow(),
    });
    expect(response.status).toBe(202);
  };

  it('notify: a constant subject and text, nothing of the tip, no ciphertext; the queue forgets it after the 250', async () => {
    await send('MARKER-NOTIFY the boat at night');
    const before = smtp.accepted.length;
    expect(await pass('notify')).toMatchObject({ delivered: 1 });
    const raw = smtp.accepted[before]!.raw.toString('utf8');
    expect(raw).not.toContain('MARKER-NOTIFY');
    expect(raw).not.toContain('BEGIN PGP');
    const mail = await simpleParser(smtp.accepted[before]!.raw);
    expect(mail.subject).toBe(tipSubject);
    expect(mail.text?.replace(/\n/g, '\r\n')).toBe(notificationText);
    expect(mail.attachments).toHaveLength(0);
    expect(await intake.queue.counts()).toEqual({ pending: 0, dead: 0 });

    // Two notifications are the same but for Message-ID and Date (to the hour).
    await send('MARKER-NOTIFY-2 something else, much longer '.repeat(50));
    expect(await pass('notify')).toMatchObject({ delivered: 1 });
    const strip = (b: Buffer) =>
      b
        .toString('utf8')
        .replace(/^Message-ID:.*$/im, '')
        .replace(/^Date:.*$/im, '');
    expect(strip(smtp.accepted[before + 1]!.raw)).toBe(strip(smtp.accepted[before]!.raw));
  });

  it('full: the encrypted report, as before', async () => {
    await send('MARKER-FULL');
    const before = smtp.accepted.length;
    expect(await pass('full')).toMatchObject({ delivered: 1 });
    const mail = await simpleParser(smtp.accepted[before]!.raw);
    const encrypted = mail.attachments.find((a) => a.filename === 'encrypted.asc')!;
    expect(await intake.decrypt(encrypted.content.toString())).toContain('MARKER-FULL');
  });
});

describe('TIP_MAIL=off', () => {
  let intake: TestIntake;
  beforeAll(async () => {
    intake = await makeIntake({
      env: { TIP_MAIL: 'off', DESK_ORIGIN: 'http://localhost:4321' },
      desk: (dataDir) => openSqliteDeskStore({ dataDir }),
    });
  });
  afterAll(() => intake?.close());

  it('a tip and a follow-up go to the desk only: nothing is queued for mail', async () => {
    const keys = await deriveThreadKeys(newCode());
    const hash = await lookupHash(keys.lookup);
    const response = await postJson(intake, {
      ciphertext: await intake.encrypt('MARKER-OFF'),
      lookupHash: hash,
      altcha: await intake.solvePow(),
    });
    expect(response.status).toBe(202);
    const followup = await postJson(
      intake,
      {
        lookup: toBase64url(keys.lookup),
        ciphertext: Buffer.from(dearmor(await intake.encrypt('MARKER-OFF-FOLLOWUP'))!).toString('base64url'),
        altcha: await intake.solvePow(),
      },
      undefined,
      '/api/thread/followups',
    );
    expect(followup.status).toBe(202);
    expect(await intake.queue.counts()).toEqual({ pending: 0, dead: 0 });
    const caseId = (await intake.desk!.caseIdByLookup(hash))!;
    expect((await intake.desk!.messages(caseId)).map((m) => m.kind)).toEqual(['tip', 'followup']);
    // The tipster's status comes from the case.
    const thread = await postJson(intake, { lookup: toBase64url(keys.lookup) }, undefined, '/api/thread');
    expect(((await thread.json()) as { status: string }).status).toBe('received');
  });
});
