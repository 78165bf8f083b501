// The task force desk in real Chromium against the real server (test-server.ts, DESK_ORIGIN=http://localhost:PORT),
// with a CDP virtual authenticator (user-verifying platform passkey):
// - a coordinator accepts an invitation made by the command line and registers a passkey; the page nags about a
//   second passkey until one is added; opens their task force key (the demo key, as its file) in the key worker;
// - reads a tip written in Haitian Creole with a photo (danger: yes, first in the list; the photo shown from a
//   blob), sets a status, labels it, writes an internal note, and replies: the stored reply opens with the key
//   pair derived from the tipster's code and carries a valid signature by the task force key;
// - finds the case from the reference code a caller reads out, which matches the report's reply key;
// - every screen passes axe, makes no request to another origin, and the page has the desk's own CSP.
// Screenshots for docs/desk.md go to test-results/screenshots unless UPDATE_README_SCREENSHOTS is set.
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { AxeBuilder } from '@axe-core/playwright';
import { expect, test, type Page } from '@playwright/test';
import * as openpgp from 'openpgp';
import { openSqliteDeskStore } from '../../functions/desk-store/sqlite.ts';
import { e2ePort } from '../../playwright.config.ts';
import { buildTipEntity } from '../../src/shared/tip-entity.ts';
import {
  deriveThreadKeys,
  formatReplyKey,
  fromBase64url,
  lookupHash,
  openReply,
} from '../../src/shared/followup/index.ts';
import { e2eDataDir } from './server-paths.ts';

const origin = `http://localhost:${e2ePort}`;
const demoKeys = join(process.cwd(), '.data', 'demo-keys');
const photo = readFileSync(join(process.cwd(), 'tests', 'fixtures', 'gps-photo.jpg'));
const shotDir = process.env.UPDATE_README_SCREENSHOTS ? 'docs/images' : 'test-results/screenshots';
const shot = (page: Page, name: string) => page.screenshot({ path: `${shotDir}/desk-${name}.png`, fullPage: true });

async function expectAccessible(page: Page) {
  const axe = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21aa', 'wcag22aa']).analyze();
  expect(axe.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target).join(' ')}`)).toEqual([]);
}

/** A one-time invitation as an operator makes it on the server. */
function cliInvite(role: string, name: string, key?: string): string {
  const out = execFileSync(
    process.execPath,
    ['functions/cli/desk.ts', 'invite', '--role', role, '--name', name, ...(key ? ['--key', key] : [])],
    {
      env: {
        ...process.env,
        NODE_ENV: 'test',
        DATA_DIR: e2eDataDir,
        DESK_ORIGIN: origin,
        TASKFORCE_PUBLIC_KEYS: join(demoKeys, 'public.asc'),
      },
      encoding: 'utf8',
    },
  );
  const link = out.match(/http:\/\/localhost:\d+\/desk\/#invite=[A-Za-z0-9_-]+/)?.[0];
  expect(link, out).toBeTruthy();
  return link!;
}

/** A tip as the report page builds it in Haitian Creole (with its reply key), encrypted to the demo key. */
async function seedTip(code: string, marker: string) {
  const keys = await deriveThreadKeys(code);
  const entity = buildTipEntity({
    answers: {
      text: { happened: `${marker}: yon timoun ap travay lannwit nan ba a.`, where: 'Basseterre, Nevis Street' },
      choices: {
        danger: ['yes'],
        kind: ['forced-labour', 'child'],
        indicators: ['documents-taken'],
        reporter: ['witness'],
      },
    },
    attachments: [{ filename: 'foto.jpg', contentType: 'image/jpeg', bytes: new Uint8Array(photo) }],
    receipt: '(not in the report)',
    locale: 'ht',
    sentHour: '2026-12-02T07:00Z',
    randomBytes: (n) => crypto.getRandomValues(new Uint8Array(n)),
  });
  const header = new TextEncoder().encode(`X-Reply-Key: ${formatReplyKey(keys.replyPublicKey)}\r\n`);
  const bytes = new Uint8Array(header.length + entity.length);
  bytes.set(header);
  bytes.set(entity, header.length);
  const publicKey = await openpgp.readKey({ armoredKey: readFileSync(join(demoKeys, 'public.asc'), 'utf8') });
  const armored = await openpgp.encrypt({
    message: await openpgp.createMessage({ binary: bytes, format: 'binary' }),
    encryptionKeys: publicKey,
  });
  const store = openSqliteDeskStore({ dataDir: e2eDataDir });
  const id = crypto.getRandomValues(new Uint8Array(16)).reduce((s, b) => s + b.toString(16).padStart(2, '0'), '');
  await store.createCase({ id, lookupHash: await lookupHash(keys.lookup), day: '2026-12-02', body: armored as string });
  await store.close();
  return { id, keys };
}

/** A virtual authenticator in the page (a device's platform passkey, or a USB security key); returns its remover. */
async function withAuthenticator(page: Page, transport: 'internal' | 'usb' = 'internal') {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('WebAuthn.enable');
  const { authenticatorId } = await cdp.send('WebAuthn.addVirtualAuthenticator', {
    options: { protocol: 'ctap2', transport, hasResidentKey: true, hasUserVerification: true, isUserVerified: true },
  });
  return () => cdp.send('WebAuthn.removeVirtualAuthenticator', { authenticatorId });
}

test.describe.configure({ mode: 'serial' });

test('without a session the desk asks for a passkey; its page has the desk CSP and stays off the public site', async ({
  page,
}) => {
  const response = await page.goto(`${origin}/desk/`);
  expect(response!.headers()['content-security-policy']).toMatch(/^default-src 'none'; script-src 'self';/);
  expect(response!.headers()['x-robots-tag']).toBe('noindex, nofollow');
  await expect(page.getByRole('button', { name: 'Sign in with a passkey' })).toBeVisible();
  await expectAccessible(page);
  const sitemap = await (await page.request.get(`${origin}/sitemap-0.xml`)).text();
  expect(sitemap).not.toContain('/desk/');
});

test('a coordinator signs up from an invitation, opens their key, reads a Creole tip with a photo, triages, notes and replies', async ({
  page,
}) => {
  test.setTimeout(120_000);
  const offOrigin: string[] = [];
  page.on('request', (r) => {
    if (!r.url().startsWith(origin) && !/^(data|blob):/.test(r.url())) offOrigin.push(r.url());
  });
  const fingerprint = (await openpgp.readKey({ armoredKey: readFileSync(join(demoKeys, 'public.asc'), 'utf8') }))
    .getFingerprint()
    .toUpperCase();
  const code = 'HT7K-3MQ9-TX4B-2NH8-WC1R';
  const marker = `desk-${Date.now()}`;
  const { id, keys } = await seedTip(code, marker);

  await page.setViewportSize({ width: 1280, height: 900 });
  const removeDevice = await withAuthenticator(page);
  await page.goto(cliInvite('coordinator', 'Amara', fingerprint));
  await expect(page.getByText('This invitation is for Amara, as coordinator.')).toBeVisible();
  await shot(page, 'invitation');
  await page.getByRole('button', { name: 'Create my passkey' }).click();
  await expect(page.getByText('Amara · coordinator')).toBeVisible();
  expect(page.url()).toBe(`${origin}/desk/`); // the token left the address bar
  await expect(page.getByText('You have only one passkey.')).toBeVisible();

  // The key: the officer's file and passphrase go to the worker.
  await page.getByLabel('Secret key file (.asc)').setInputFiles(join(demoKeys, 'private.asc'));
  await page.getByRole('button', { name: 'Unlock' }).click();
  await expect(page.getByText('key unlocked')).toBeVisible();

  // The case: open it, the tip decrypts in the page, the photo shows.
  const row = page.getByRole('button', { name: new RegExp(`#${id.slice(0, 6)}`) });
  await row.click();
  await expect(page.getByText(`${marker}: yon timoun ap travay lannwit nan ba a.`)).toBeVisible();
  const img = page.getByRole('img', { name: /foto\.jpg/ });
  await expect(img).toBeVisible();
  expect(await img.evaluate((i: HTMLImageElement) => i.naturalWidth)).toBeGreaterThan(0);
  await expect(page.getByText('Form language: ht')).toBeVisible();
  // Decrypted: danger now puts it first, with a badge.
  await expect(page.locator('.desk-caserow').first()).toContainText('Danger now');

  await page.getByLabel('Move to').selectOption('assessing');
  await page.getByRole('button', { name: 'Set status' }).click();
  await expect(page.locator('legend', { hasText: 'Status: Assessing' })).toBeVisible();
  await page.getByRole('checkbox', { name: 'Nevis' }).click(); // saved, then shown checked
  await expect(page.getByRole('checkbox', { name: 'Nevis' })).toBeChecked();

  await page
    .getByRole('textbox', { name: 'Note', exact: true })
    .fill('Checked with the Nevis police: the bar is known.');
  await page.getByRole('button', { name: 'Save note' }).click();
  await expect(page.getByText('Checked with the Nevis police: the bar is known.')).toBeVisible();

  // The reply: the Creole opening, signed and sealed to the reply key in the decrypted report.
  await expect(page.getByLabel('Opening in')).toHaveValue('ht');
  await page.getByRole('button', { name: /^Mèsi pou rapò ou a. Nou gen/ }).click();
  await page.getByRole('textbox', { name: 'Reply', exact: true }).press('End');
  await page.getByRole('textbox', { name: 'Reply', exact: true }).pressSequentially(' Ki kote ba a ye?');
  await page.getByRole('button', { name: 'Sign and send reply' }).click();
  await expect(page.getByText(/Reply sent \(message 2\)/)).toBeVisible();
  await expect(page.locator('.desk-msg-reply')).toContainText('Ki kote ba a ye?');
  await shot(page, 'case');
  await expectAccessible(page);

  // What the tipster's browser will get: it opens with their derived key and is signed by the task force key.
  const store = openSqliteDeskStore({ dataDir: e2eDataDir });
  const thread = await store.messages(id);
  await store.close();
  expect(thread.map((m) => m.kind)).toEqual(['tip', 'note', 'reply']);
  expect(JSON.stringify(thread)).not.toContain('Ki kote');
  const signed = await openReply(keys.replyKeyPair, fromBase64url(thread[2]!.body)!, id, 2);
  const verified = await openpgp.verify({
    message: await openpgp.readMessage({ binaryMessage: signed }),
    verificationKeys: await openpgp.readKey({ armoredKey: readFileSync(join(demoKeys, 'public.asc'), 'utf8') }),
    expectSigned: true,
  });
  expect(verified.data).toContain('Ki kote ba a ye?');
  await expect(openReply(keys.replyKeyPair, fromBase64url(thread[2]!.body)!, id, 1)).rejects.toThrow();

  // A caller reads out the code: the desk finds the case and the code matches the report's reply key.
  await page.getByLabel("Caller's reference code").fill(code.toLowerCase());
  await page.getByRole('button', { name: 'Find case' }).click();
  await expect(page.getByText("The caller's code matches this tip.")).toBeVisible();

  // A second passkey (a security key; the device's own passkey is excluded) ends the nag.
  await page.getByRole('button', { name: 'My passkeys' }).click();
  await removeDevice();
  await withAuthenticator(page, 'usb');
  await page.getByRole('button', { name: 'Add a passkey' }).click();
  await expect(page.getByText('Passkey added.')).toBeVisible();
  await expect(page.getByText('You have only one passkey.')).toBeHidden();
  await expectAccessible(page);

  // People and the audit log.
  await page.getByRole('button', { name: 'People' }).click();
  await expect(page.getByRole('cell', { name: 'Amara (you)' })).toBeVisible();
  await shot(page, 'people');
  await expectAccessible(page);
  await page.getByRole('button', { name: 'Audit log' }).click();
  await page.getByRole('button', { name: 'Verify' }).click();
  await expect(page.getByText(/The log is intact/)).toBeVisible();
  await expect(page.getByRole('cell', { name: 'reply_sent' })).toBeVisible();
  await shot(page, 'audit');
  await expectAccessible(page);

  // On a phone: the list, then the case.
  await page.setViewportSize({ width: 360, height: 780 });
  await page.getByRole('button', { name: 'Cases' }).click();
  await shot(page, 'cases-phone');
  await page.getByRole('button', { name: new RegExp(`#${id.slice(0, 6)}`) }).click();
  await expect(page.getByText(`${marker}: yon timoun`)).toBeVisible();
  await shot(page, 'case-phone');
  await expectAccessible(page);

  // Lock and sign out: the tip is gone from the page.
  await page.getByRole('button', { name: 'Lock key' }).click();
  await expect(page.getByText(`${marker}: yon timoun`)).toBeHidden();
  await page.getByRole('button', { name: 'Sign out' }).click();
  await expect(page.getByRole('button', { name: 'Sign in with a passkey' })).toBeVisible();
  expect(offOrigin).toEqual([]);
});
