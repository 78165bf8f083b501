// The task force desk in real Chromium against the real server (test-server.ts, DESK_ORIGIN=http://localhost:PORT),
// with CDP virtual authenticators (a user-verifying platform passkey, then a USB security key):
// - a coordinator accepts an invitation made by the command line and registers a passkey; the page reminds them to
//   add a second one until they do; they open their task force key from a file GnuPG exported, with its passphrase
//   (a wrong one is refused), in the key worker;
// - a tip sent in Haitian Creole with a photo through the real report page (the intake makes the case): danger
//   first after reading the unread tips; the photo shown from a blob; status, label, internal note; a reply from a
//   Creole opening, signed in the worker and sealed to the report's reply key: the stored reply opens with the key
//   pair derived from the tipster's code and verifies against the task force key;
// - the tipster, in another browser, sees the status in Creole and the reply as signed by the task force, while a
//   reply written straight into the store without a signature is not shown as genuine; their follow-up (signed in
//   the seal worker with the key derived from their code) reaches the desk, which shows it as from the tipster,
//   while follow-ups written straight into the store (encrypted to the task force key with OpenPGP, but unsigned,
//   signed by another code's key, the genuine one stored twice, or copied into another case) are shown with a
//   warning;
// - export (encrypted to the task force keys); figures and the export of a set (both cases, one signature, one CSV
//   decrypted by GnuPG with two rows); phone lookup by the code, a second passkey, an invitation, the audit
//   log verified, retention and deletion for good, lock and sign-out, sign-in again, an auditor's limited view;
// - every screen passes axe, no request goes to another origin, the page has the desk's own CSP, and nothing is kept
//   in the browser after signing out.
// Screenshots for docs/desk.md go to test-results/screenshots unless UPDATE_README_SCREENSHOTS is set.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AxeBuilder } from '@axe-core/playwright';
import { expect, test, type Page } from '@playwright/test';
import * as openpgp from 'openpgp';
import { openSqliteDeskStore } from '../../functions/desk-store/sqlite.ts';
import { e2ePort } from '../../playwright.config.ts';
import ht from '../../content/i18n/ht.json' with { type: 'json' };
import { deriveThreadKeys, fromBase64url, lookupHash, openReply } from '../../src/shared/followup/index.ts';
import { deriveFollowupKey } from '../../src/shared/followup/signature.ts';
import { newReceiptCode } from '../../src/shared/receipt.ts';
import { e2eDataDir } from './server-paths.ts';
import { storeReply } from '../functions/helpers/thread-reply.ts';
import { storeFollowup } from '../functions/helpers/thread-followup.ts';

const origin = `http://localhost:${e2ePort}`;
/** The public site's host name: the desk's (localhost) serves the desk only (functions/node/desk-host.ts). */
const publicOrigin = `http://127.0.0.1:${e2ePort}`;
const demoKeys = join(process.cwd(), '.data', 'demo-keys');
const photo = join(process.cwd(), 'tests', 'fixtures', 'gps-photo.jpg');
const shotDir = process.env.UPDATE_README_SCREENSHOTS ? 'docs/images' : 'test-results/screenshots';
const shot = (page: Page, name: string) => page.screenshot({ path: `${shotDir}/desk-${name}.png`, fullPage: true });
/** What an officer sees without scrolling (a phone's screen), beside the whole page. */
const viewShot = (page: Page, name: string) =>
  page.screenshot({ path: `test-results/screenshots/desk-${name}-view.png` });

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

/** GnuPG in a fresh home holding the task force's (demo) secret key; the home is removed a minute later. */
function taskForceGpg() {
  const home = mkdtempSync(join(tmpdir(), 'gpg-'));
  setTimeout(() => rmSync(home, { recursive: true, force: true }), 60_000).unref();
  const gpg = (args: string[], input = '') =>
    execFileSync('gpg', ['--batch', '--no-tty', '--pinentry-mode', 'loopback', ...args], {
      env: { ...process.env, GNUPGHOME: home },
      input,
      stdio: ['pipe', 'pipe', 'pipe'],
    });
  gpg(['--import'], readFileSync(join(demoKeys, 'private.asc'), 'utf8'));
  return { home, gpg };
}

/**
 * The officer's key file as GnuPG exports it, protected by a passphrase: the task force key (the demo key the site
 * was built with) imported into a fresh GnuPG home, given a passphrase by gpg, and exported armored by gpg.
 */
function gpgExportedKey(fingerprint: string, passphrase: string): string {
  const { home, gpg } = taskForceGpg();
  gpg(['--command-fd', '0', '--passwd', fingerprint], `${passphrase}\n${passphrase}\n`);
  const armored = gpg(['--passphrase', passphrase, '--armor', '--export-secret-keys', fingerprint]).toString();
  const file = join(home, 'officer-secret-key.asc');
  writeFileSync(file, armored);
  return file;
}

/** Sends a report in Haitian Creole with a photo through the real report page; returns the reference code shown. */
async function sendCreoleTip(page: Page, marker: string): Promise<string> {
  await page.goto(`${publicOrigin}/ht/report/`);
  await page
    .getByRole('group', { name: ht['tip.field.danger.label'] })
    .getByLabel(ht['tip.field.danger.option.yes'], { exact: true })
    .check();
  await page.getByLabel(ht['tip.field.reporter.option.witness']).check();
  await page.getByLabel(ht['tip.field.kind.option.child']).check();
  await page.getByLabel(ht['tip.field.happened.label']).fill(`${marker}: yon timoun ap travay lannwit nan ba a.`);
  await page.getByLabel(ht['tip.field.where.label']).fill('Charlestown, Nevis');
  await page.setInputFiles('input[name="attachments"]', photo);
  await page.getByRole('button', { name: ht['tip.submit'] }).click();
  await expect(page.getByRole('heading', { name: ht['tip.receipt.title'] })).toBeVisible({ timeout: 45_000 });
  return ((await page.locator('[data-tip-receipt-code]').textContent()) ?? '').trim();
}

/** The case the intake made for a code (the desk finds it the same way: by the lookup hash). */
async function caseIdFor(code: string): Promise<string> {
  const store = openSqliteDeskStore({ dataDir: e2eDataDir });
  try {
    const id = await store.caseIdByLookup(await lookupHash((await deriveThreadKeys(code)).lookup));
    expect(id, 'the intake made a desk case for the report').toBeTruthy();
    return id!;
  } finally {
    await store.close();
  }
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
  await expect(page.locator('meta[name="robots"]')).toHaveAttribute('content', 'noindex, nofollow');
  await expect(page.locator('link[rel="canonical"], [data-pagefind-body]')).toHaveCount(0);
  await expectAccessible(page);
  const sitemap = await (await page.request.get(`${publicOrigin}/sitemap-0.xml`)).text();
  expect(sitemap).not.toContain('/desk/');
  // Under the public host name (127.0.0.1 here, not the desk's localhost) there is no desk page.
  expect((await page.request.get('/desk/')).status()).toBe(404);
  // A server without DESK_ORIGIN has no desk API (functions/app.ts answers any other /api/ path with its own
  // not-found): the page says the desk is not enabled.
  await page.route('**/api/desk/session', (route) =>
    route.fulfill({
      status: 404,
      contentType: 'application/json',
      body: JSON.stringify({ error: { code: 'not-found', message: 'No such API route.' } }),
    }),
  );
  await page.reload();
  await expect(page.getByRole('heading', { name: 'The desk is not enabled' })).toBeVisible();
  await page.unroute('**/api/desk/session');

  // Signed out, nothing is kept in the browser.
  expect(await page.context().cookies()).toEqual([]);
  expect(await page.evaluate(() => localStorage.length + sessionStorage.length)).toBe(0);
});

test('a coordinator signs up, opens their key, triages and answers a Creole tip; the tipster reads the verified reply and follows up', async ({
  page,
  browser,
}) => {
  test.setTimeout(300_000); // one whole desk session with dozens of steps: 2 minutes were not enough on a busy machine
  const offOrigin: string[] = [];
  page.on('request', (r) => {
    if (![origin, publicOrigin].some((o) => r.url().startsWith(`${o}/`)) && !/^(data|blob):/.test(r.url()))
      offOrigin.push(r.url());
  });
  const fingerprint = (await openpgp.readKey({ armoredKey: readFileSync(join(demoKeys, 'public.asc'), 'utf8') }))
    .getFingerprint()
    .toUpperCase();
  const marker = `desk-${Date.now()}`;
  const code = await sendCreoleTip(page, marker);
  const id = await caseIdFor(code);
  const otherMarker = `desk-other-${Date.now()}`;
  const otherId = await caseIdFor(await sendCreoleTip(page, otherMarker));
  const keys = await deriveThreadKeys(code);

  await page.setViewportSize({ width: 1280, height: 900 });
  const removeDevice = await withAuthenticator(page);
  await page.goto(cliInvite('coordinator', 'Amara', fingerprint));
  await expect(page.getByText('This invitation is for Amara, as coordinator.')).toBeVisible();
  await shot(page, 'invitation');
  await page.getByRole('button', { name: 'Create my passkey' }).click();
  await expect(page.getByText('Amara · coordinator')).toBeVisible();
  expect(page.url()).toBe(`${origin}/desk/`); // the token left the address bar
  await expect(page.getByText('You have only one passkey.')).toBeVisible();

  // The key: the officer's file (exported by GnuPG) and passphrase go to the worker. Its passphrase is stretched
  // with the iteration count gpg calibrated for native code, which takes the worker seconds on a busy machine.
  const unlocking = { timeout: 30_000 };
  const keyFile = gpgExportedKey(fingerprint, 'correct horse');
  await page.getByLabel('Secret key file (.asc)').setInputFiles(keyFile);
  await page.getByLabel('Passphrase').fill('wrong horse');
  await page.getByRole('button', { name: 'Unlock' }).click();
  await expect(page.getByText('The passphrase does not unlock this key.')).toBeVisible(unlocking);
  await page.getByLabel('Passphrase').fill('correct horse');
  await shot(page, 'key');
  await page.getByRole('button', { name: 'Unlock' }).click();
  await expect(page.getByText('key unlocked')).toBeVisible(unlocking);
  // Leaving the page (pagehide) locks the key at once.
  await page.evaluate(() => dispatchEvent(new PageTransitionEvent('pagehide')));
  await expect(page.getByText('key locked')).toBeVisible();
  await page.getByLabel('Secret key file (.asc)').setInputFiles(keyFile);
  await page.getByLabel('Passphrase').fill('correct horse');
  await page.getByRole('button', { name: 'Unlock' }).click();
  await expect(page.getByText('key unlocked')).toBeVisible(unlocking);

  // Danger first: reading the unread tips marks the ones where someone is in danger now, before opening any.
  const row = page.getByRole('button', { name: new RegExp(`#${id.slice(0, 6)}`) });
  await expect(row).toContainText('New');
  await page.getByRole('button', { name: /^Read \d+ unread tips to put danger first$/ }).click();
  await expect(row).toContainText('Danger now');
  await expect(row).toContainText('New'); // read by the desk, not yet opened by anyone

  // The case: open it, the tip decrypts in the page, the photo shows.
  await row.click();
  await expect(page.getByText(`${marker}: yon timoun ap travay lannwit nan ba a.`)).toBeVisible();
  const img = page.getByRole('img', { name: /photo-1\.jpg/ });
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
  expect(JSON.stringify(thread)).not.toContain('Nevis police');
  expect(readFileSync(join(e2eDataDir, 'desk.sqlite')).includes('Ki kote')).toBe(false);
  const signed = await openReply(keys.replyKeyPair, fromBase64url(thread[2]!.body)!, id, 2);
  const verified = await openpgp.verify({
    message: await openpgp.readMessage({ binaryMessage: signed }),
    verificationKeys: await openpgp.readKey({ armoredKey: readFileSync(join(demoKeys, 'public.asc'), 'utf8') }),
    expectSigned: true,
  });
  expect(verified.data).toContain('Ki kote ba a ye?');
  await expect(openReply(keys.replyKeyPair, fromBase64url(thread[2]!.body)!, id, 1)).rejects.toThrow();

  // The tipster, in another browser, opens their thread in Creole: the status the officer set, the reply shown as
  // signed by the task force; a reply written straight into the store without a signature is not shown as genuine.
  const desk = openSqliteDeskStore({ dataDir: e2eDataDir });
  const forgedSeq = await storeReply(desk, code, 'Vin jwenn mwen nan pò a pou kont ou. REPLY-FORGED', {
    signingKey: null,
  });
  await desk.close();
  const tipsterContext = await browser.newContext();
  const tipster = await tipsterContext.newPage();
  await tipster.goto(`${publicOrigin}/ht/status/`);
  await tipster.getByLabel(ht['status.code.label']).fill(code.toLowerCase().replace(/-/g, ' '));
  await tipster.getByRole('button', { name: ht['status.submit'] }).click();
  await expect(tipster.getByText(ht['thread.status.assessing'])).toBeVisible({ timeout: 15_000 });
  const genuine = tipster.locator('[data-reply-seq="2"]');
  await expect(genuine).toContainText('Ki kote ba a ye?');
  await expect(genuine).toContainText(ht['thread.reply.verified'].split('{{day}}')[0]!.trim());
  await expect(tipster.locator(`[data-reply-seq="${forgedSeq}"]`)).toContainText(ht['thread.reply.unverified']);
  await expect(tipster.getByText('REPLY-FORGED')).toHaveCount(0);
  // The tipster answers; the officer reads the follow-up in the desk.
  await tipster.getByLabel(ht['thread.followup.message']).fill(`${marker} ba a nan Charlestown, bò lanmè a.`);
  await tipster.getByRole('button', { name: ht['thread.followup.send'] }).click();
  await expect(tipster.getByText(ht['thread.followup.sent'])).toBeVisible({ timeout: 30_000 });
  await tipsterContext.close();
  await page.getByRole('button', { name: 'Refresh' }).click();
  const followup = page.locator('.desk-msg-followup');
  await expect(followup).toContainText(`${marker} ba a nan Charlestown, bò lanmè a.`);
  await expect(followup).toContainText('From the tipster: signed with the key in this case’s report');
  await expect(page.locator('.desk-msg-reply').last()).toContainText('could not be decrypted');

  // Follow-ups the server (or anyone with the database) could add: encrypted to the task force key like any
  // follow-up, but unsigned, or signed with another code's key; the genuine one stored a second time; and the
  // genuine one copied into the other case. None is shown as the tipster's.
  const taskForceKeys = readFileSync(join(demoKeys, 'public.asc'), 'utf8');
  const forger = openSqliteDeskStore({ dataDir: e2eDataDir });
  const genuineFollowup = (await forger.messages(id)).find((m) => m.kind === 'followup')!;
  await storeFollowup(forger, id, 'FORGED-UNSIGNED come alone to the port', { taskForceKeys, signingKey: null });
  const otherCode = newReceiptCode((n) => crypto.getRandomValues(new Uint8Array(n)));
  await storeFollowup(forger, id, 'FORGED-OTHER-KEY the bar is closed now', {
    taskForceKeys,
    signingKey: await deriveFollowupKey(otherCode),
  });
  const copy = { kind: 'followup' as const, day: genuineFollowup.day, body: genuineFollowup.body, record: null };
  await forger.addMessage(id, { ...copy, author: null });
  await forger.addMessage(otherId, { ...copy, author: null });
  await forger.close();
  await page.getByRole('button', { name: 'Refresh' }).click();
  await expect(followup).toHaveCount(4);
  const notTheTipster = 'Not signed by the tipster’s key — it may not come from them.';
  await expect(followup.nth(1)).toContainText('FORGED-UNSIGNED');
  await expect(followup.nth(1)).toContainText(`${notTheTipster} It carries no signature.`);
  await expect(followup.nth(2)).toContainText('FORGED-OTHER-KEY');
  await expect(followup.nth(2)).toContainText(`${notTheTipster} It carries a signature that does not match`);
  await expect(followup.nth(3)).toContainText('A copy, not a new message: the same signed follow-up as message');
  await expect(followup.filter({ hasText: 'From the tipster' })).toHaveCount(1);
  await followup.nth(1).scrollIntoViewIfNeeded();
  await shot(page, 'followups');
  await expectAccessible(page);

  // Export: a step-up signed in the worker, then the file built here, encrypted to the task force keys.
  const download = page.waitForEvent('download');
  await page.getByRole('button', { name: 'Export CSV (HTCDS)' }).click();
  const file = await download;
  expect(file.suggestedFilename()).toMatch(/-htcds\.csv\.asc$/);
  const { data: csv } = await openpgp.decrypt({
    message: await openpgp.readMessage({ armoredMessage: readFileSync((await file.path())!, 'utf8') }),
    decryptionKeys: await openpgp.readPrivateKey({ armoredKey: readFileSync(join(demoKeys, 'private.asc'), 'utf8') }),
  });
  expect(csv).toContain('"PossibleVictimOfTrafficking"');
  expect(csv).toContain('"Nevis"');
  expect(csv).not.toContain(marker); // free text only when asked
  await expect(page.getByText('Exported (and logged), encrypted to the task force keys.')).toBeVisible();

  // A set: both cases, labelled Nevis, chosen by that label. Figures first (each read logged as a view), then one
  // export signed once for the set: one CSV with a row per case, encrypted to the task force keys, read by GnuPG.
  await page.getByRole('button', { name: new RegExp(`#${otherId.slice(0, 6)}`) }).click();
  await page.getByRole('checkbox', { name: 'Nevis' }).click();
  await expect(page.getByRole('checkbox', { name: 'Nevis' })).toBeChecked();
  await page.getByRole('button', { name: 'Export and figures' }).click();
  await page.getByRole('combobox', { name: 'Label', exact: true }).selectOption('nevis');
  await page.getByRole('button', { name: 'Count figures' }).click();
  const figures = page.getByRole('table', { name: /^Cases that arrived from .*: 2$/ });
  await expect(figures.getByRole('row', { name: 'Nevis 2' })).toBeVisible();
  await expect(figures.getByRole('row', { name: 'A child is involved 2' })).toBeVisible();
  await expect(figures.getByRole('row', { name: 'Assessing 1' })).toBeVisible();
  await shot(page, 'figures');
  await expectAccessible(page);
  const figuresDownload = page.waitForEvent('download');
  await page.getByRole('button', { name: 'Download the figures (CSV)' }).click();
  const figuresCsv = readFileSync((await (await figuresDownload).path())!, 'utf8');
  expect(figuresCsv).toContain('"Island (case labels)","Nevis","2"');
  expect(figuresCsv).not.toContain(marker);
  const setDownload = page.waitForEvent('download');
  await page.getByRole('button', { name: 'Export CSV (HTCDS)' }).click();
  const setFile = await setDownload;
  expect(setFile.suggestedFilename()).toMatch(/^cases-\d{4}-01-01-\d{4}-\d\d-\d\d-htcds\.csv\.asc$/);
  const setCsv = taskForceGpg()
    .gpg(['--decrypt', (await setFile.path())!])
    .toString();
  // gpg writes a text message out with its own line ends.
  const setRows = setCsv.split(/\r?\n/).filter(Boolean).slice(2);
  expect(setRows.map((r) => r.split(',')[0]).sort()).toEqual([`"${id}"`, `"${otherId}"`].sort());
  expect(setCsv).not.toContain(marker); // free text only when asked
  await expect(page.getByText('Exported 2 cases (each logged), encrypted to the task force keys.')).toBeVisible();
  const log = openSqliteDeskStore({ dataDir: e2eDataDir });
  const exported = (await log.readAudit(1, 10_000)).filter((e) => e.action === 'exported' && e.detail.set);
  await log.close();
  expect(exported.map((e) => e.object).sort()).toEqual([id, otherId].sort());
  await page.getByRole('button', { name: 'Cases', exact: true }).click();

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
  await page.getByLabel('Name (as colleagues know them)').fill('Bea');
  await page.getByLabel("Their task force key's fingerprint (not for auditors)").fill(fingerprint);
  await page.getByRole('button', { name: 'Sign and make the invitation' }).click();
  await expect(page.locator('code', { hasText: `${origin}/desk/#invite=` })).toBeVisible();
  await shot(page, 'people');
  await expectAccessible(page);
  await page.getByRole('button', { name: 'Audit log' }).click();
  await page.getByRole('button', { name: 'Verify' }).click();
  await expect(page.getByText(/The log is intact/)).toBeVisible();
  await expect(page.getByRole('cell', { name: 'reply_sent' })).toBeVisible();
  await expect(page.getByRole('cell', { name: 'Amara', exact: true }).first()).toBeVisible();
  await shot(page, 'audit');
  await expectAccessible(page);

  // On a phone: the list, then the case.
  await page.setViewportSize({ width: 360, height: 780 });
  await page.getByRole('button', { name: 'Cases' }).click();
  await shot(page, 'cases-phone');
  await viewShot(page, 'cases-phone');
  await page.getByRole('button', { name: new RegExp(`#${id.slice(0, 6)}`) }).click();
  await expect(page.getByText(`${marker}: yon timoun`)).toBeVisible();
  await shot(page, 'case-phone');
  await viewShot(page, 'case-phone');
  await page.getByRole('textbox', { name: 'Reply', exact: true }).scrollIntoViewIfNeeded();
  await viewShot(page, 'case-reply-phone');
  await expectAccessible(page);
  for (const screen of ['Export and figures', 'People', 'Audit log', 'My passkeys']) {
    await page.getByRole('button', { name: screen, exact: true }).click();
    await expectAccessible(page);
    await shot(page, `${screen.toLowerCase().replace(/ /g, '-')}-phone`);
    await viewShot(page, `${screen.toLowerCase().replace(/ /g, '-')}-phone`);
  }
  await page.getByRole('button', { name: 'Cases', exact: true }).click();
  await page.getByRole('button', { name: new RegExp(`#${id.slice(0, 6)}`) }).click();

  // Retention, then deletion for good (both signed with the coordinator's key).
  await page.getByLabel('Keep until').fill('2031-06-30');
  await page.getByRole('button', { name: 'Sign and set' }).click();
  await expect(page.getByText('This case is deleted after 2031-06-30.')).toBeVisible();
  page.once('dialog', (dialog) => dialog.accept());
  await page.getByRole('button', { name: 'Delete this case for good' }).click();
  // The case closes (on a phone the list comes back) and is no longer listed.
  await expect(page.getByRole('heading', { name: 'Cases', exact: true })).toBeVisible();
  await expect(page.getByRole('button', { name: new RegExp(`#${otherId.slice(0, 6)}`) })).toBeVisible();
  await expect(page.getByRole('button', { name: new RegExp(`#${id.slice(0, 6)}`) })).toHaveCount(0);
  const after = openSqliteDeskStore({ dataDir: e2eDataDir });
  expect(await after.getCase(id)).toBeNull();
  expect(await after.messages(id)).toEqual([]);
  await after.close();
  await page.getByRole('button', { name: new RegExp(`#${otherId.slice(0, 6)}`) }).click();

  // The genuine follow-up copied into this other case does not pass for its tipster's.
  await expect(page.getByText(`${otherMarker}: yon timoun`)).toBeVisible();
  await expect(page.locator('.desk-msg-followup')).toContainText(`${marker} ba a nan Charlestown`);
  await expect(page.locator('.desk-msg-followup')).toContainText('does not match the key in this case’s report');

  // Lock and sign out: the tip is gone from the page.
  await page.getByRole('button', { name: 'Lock key' }).click();
  await expect(page.getByText(`${otherMarker}: yon timoun`)).toBeHidden();
  await page.getByRole('button', { name: 'Sign out' }).click();
  await expect(page.getByRole('button', { name: 'Sign in with a passkey' })).toBeVisible();
  expect(offOrigin).toEqual([]);
  // Signing in again with a passkey, and a reload keeps the session (GET session) but not the key.
  await page.getByRole('button', { name: 'Sign in with a passkey' }).click();
  await expect(page.getByText('Amara · coordinator')).toBeVisible();
  await page.reload();
  await expect(page.getByText('Amara · coordinator')).toBeVisible();
  await expect(page.getByText('key locked')).toBeVisible();
  await page.getByRole('button', { name: 'Sign out' }).click();
  await expect(page.getByRole('button', { name: 'Sign in with a passkey' })).toBeVisible();

  // Signed out: the session cookie is gone (only the __Host- cookies of /api/desk/ were ever set), nothing stored.
  await expect
    .poll(async () => (await page.context().cookies()).map((c) => c.name))
    .not.toContain('__Host-desk-session');
  expect(await page.evaluate(() => localStorage.length + sessionStorage.length)).toBe(0);
});

test('an auditor sees the audit log and their passkeys, and nothing of the cases', async ({ page }) => {
  await withAuthenticator(page);
  await page.goto(cliInvite('auditor', 'Ines'));
  await page.getByRole('button', { name: 'Create my passkey' }).click();
  await expect(page.getByText('Ines · auditor')).toBeVisible();
  await expect(page.getByRole('navigation', { name: 'Desk' }).getByRole('button')).toHaveText([
    'Audit log',
    'My passkeys',
  ]);
  await expect(page.getByText('Open your task force key')).toBeHidden();
  await expect(page.getByRole('heading', { name: 'Audit log' })).toBeVisible();
  await expect(page.getByRole('cell', { name: 'invited' }).first()).toBeVisible();
  // An auditor may not list people: the log names officers by the start of their id.
  expect((await page.request.get(`${origin}/api/desk/cases`)).status()).toBe(403);
  await expectAccessible(page);
});
