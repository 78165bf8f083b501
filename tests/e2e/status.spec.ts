// The status page in a real browser against the real server with the desk on (tests/e2e/test-server.ts): a
// report sent in Haitian Creole, then its thread. The reference code never leaves the browser: every request of
// both pages is recorded (URL, headers, body) and none carries it. A reply signed with a task force key (the demo
// key the site was built with) and sealed to the tipster's key is shown as genuine; one written straight into the
// store without a signature is shown only as a warning; a follow-up is sealed like a report; deletion is real.
// Screenshots for people to look at: test-results/screenshots/status-*.png.
import { existsSync, mkdirSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { AxeBuilder } from '@axe-core/playwright';
import { expect, test, type Page } from '@playwright/test';
import * as openpgp from 'openpgp';
import en from '../../content/i18n/en.json' with { type: 'json' };
import ht from '../../content/i18n/ht.json' with { type: 'json' };
import { openSqliteDeskStore } from '../../functions/desk-store/sqlite.ts';
import { caseOfCode, storeReply } from '../functions/helpers/thread-reply.ts';
import { formatFollowupKey } from '../../src/shared/followup/followup-headers.ts';
import { deriveFollowupKey } from '../../src/shared/followup/signature.ts';
import { plaintextMarker } from './markers.ts';
import { e2eDataDir } from './server-paths.ts';

const demoPrivateKey = join(process.cwd(), '.data', 'demo-keys', 'private.asc');
const photo = join(process.cwd(), 'tests', 'fixtures', 'gps-photo.jpg');
const shots = join(process.cwd(), 'test-results', 'screenshots');
mkdirSync(shots, { recursive: true });

interface Recorded {
  url: string;
  headers: string;
  body: string;
}

/** Every request the page makes, as text, to search for the code afterwards. */
function record(page: Page): Recorded[] {
  const seen: Recorded[] = [];
  page.on('request', (r) => {
    const body = r.postDataBuffer();
    seen.push({ url: r.url(), headers: JSON.stringify(r.headers()), body: body ? body.toString('latin1') : '' });
  });
  return seen;
}

/** The code in every spelling a request could carry it. */
function spellings(code: string): string[] {
  const plain = code.replace(/-/g, '');
  return [code, plain, code.toLowerCase(), plain.toLowerCase(), code.replace(/-/g, ' '), encodeURIComponent(code)];
}

async function sendReport(page: Page, marker: string): Promise<string> {
  await page.goto('/ht/report/');
  await page
    .getByLabel(ht['tip.field.happened.label'])
    .fill(`${plaintextMarker} ${marker}: yon ti fi ap travay lannwit.`);
  await page.getByRole('button', { name: ht['tip.submit'] }).click();
  await expect(page.getByRole('heading', { name: ht['tip.receipt.title'] })).toBeVisible({ timeout: 30_000 });
  return ((await page.locator('[data-tip-receipt-code]').textContent()) ?? '').replace(/ /g, '-');
}

async function openStatus(page: Page, locale: 'ht' | 'en', code: string) {
  const strings = locale === 'ht' ? ht : en;
  await page.goto(`/${locale}/status/`);
  await page.getByLabel(strings['status.code.label']).fill(code.toLowerCase().replace(/-/g, ' '));
  await page.getByRole('button', { name: strings['status.submit'] }).click();
}

async function screenshots(page: Page, name: string) {
  for (const width of [360, 1280]) {
    await page.setViewportSize({ width, height: width < 500 ? 740 : 900 });
    // Nothing sticks out sideways (the elements that would, named).
    expect(
      await page.evaluate(() =>
        [...document.querySelectorAll('body *')]
          .filter((e) => e.getBoundingClientRect().right > document.documentElement.clientWidth + 1)
          .map((e) => `${e.tagName}.${e.className}`),
      ),
    ).toEqual([]);
    await page.screenshot({ path: join(shots, `status-${name}-${width}.png`), fullPage: true });
  }
}

test('a tipster follows their report in Creole: status, a verified reply, a forged one, a follow-up; the code never leaves the browser', async ({
  page,
  context,
}) => {
  test.skip(!existsSync(demoPrivateKey), 'the demo private key is not in ./.data: no task force key to sign with');
  test.setTimeout(240_000);
  await page.setViewportSize({ width: 360, height: 740 }); // a phone, as most tipsters
  const requests = record(page);
  const marker = `thread-${Date.now()}`;
  const code = await sendReport(page, marker);

  await openStatus(page, 'ht', code);
  await expect(page.getByText(ht['thread.status.received'])).toBeVisible({ timeout: 15_000 });
  await expect(page.getByText(ht['thread.replies.none'])).toBeVisible();
  await expect(page.getByText(ht['thread.codeOnly'])).toBeVisible();
  await expect(page.getByText(ht['thread.checkBack'])).toBeVisible();
  await expect(page.getByText(ht['thread.noScript'])).toBeHidden();

  // The task force answers (as the desk will: signed with a task force key, sealed to the tipster's key) and sets
  // a status; then someone with only the database writes a reply of their own.
  const desk = openSqliteDeskStore({ dataDir: e2eDataDir });
  const secretKey = readFileSync(demoPrivateKey, 'utf8');
  // Read through a second connection to desk.sqlite: polled, so a commit still in flight on a loaded machine is
  // waited for rather than taken for a missing case.
  await expect.poll(() => caseOfCode(desk, code), { timeout: 15_000 }).toBeTruthy();
  const caseId = (await caseOfCode(desk, code))!;
  const genuine = 'Mèsi pou rapò ou a. Èske moun yo toujou la? REPLY-GENUINE';
  const genuineSeq = await storeReply(desk, code, genuine, { signingKey: secretKey });
  const forgedSeq = await storeReply(desk, code, 'Vin jwenn mwen nan pò a pou kont ou. REPLY-FORGED', {
    signingKey: null,
  });
  await desk.updateCase(caseId, { status: 'assessing' });

  await openStatus(page, 'ht', code);
  await expect(page.getByText(ht['thread.status.assessing'])).toBeVisible({ timeout: 15_000 });
  const replies = page.locator('[data-thread-replies-list] > li');
  await expect(replies).toHaveCount(2);
  const shown = page.locator(`[data-reply-seq="${genuineSeq}"]`);
  await expect(shown).toContainText(genuine);
  await expect(shown).toContainText(ht['thread.reply.verified'].split('{{day}}')[0]!.trim());
  const forged = page.locator(`[data-reply-seq="${forgedSeq}"]`);
  await expect(forged).toContainText(ht['thread.reply.unverified']);
  await expect(page.getByText('REPLY-FORGED')).toHaveCount(0); // a forger's words are never shown
  const axe = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21aa', 'wcag22aa']).analyze();
  expect(axe.violations.map((v) => v.id)).toEqual([]);
  // What a tipster sees first after opening: the page has moved to the status (the first screen at 360 px).
  await expect(page.getByRole('heading', { name: ht['thread.statusTitle'] })).toBeFocused();
  await page.screenshot({ path: join(shots, 'status-ht-opened-360-first-screen.png') });
  await screenshots(page, 'ht-replies');

  // A follow-up, sealed on this device like a report.
  const followupMarker = `FOLLOWUP-${marker}`;
  await page.getByLabel(ht['thread.followup.message']).fill(`${plaintextMarker} ${followupMarker} machin nan tounen.`);
  await page.setInputFiles('#followup-files', photo);
  await page.getByRole('button', { name: ht['thread.followup.send'] }).click();
  await expect(page.getByText(ht['thread.followup.sent'])).toBeVisible({ timeout: 30_000 });
  const thread = await desk.messages(caseId);
  const added = thread.find((m) => m.kind === 'followup');
  expect(added).toBeTruthy();
  expect(added!.body).not.toContain(followupMarker);
  const key = await openpgp.readPrivateKey({ armoredKey: secretKey });
  const { data } = await openpgp.decrypt({
    message: await openpgp.readMessage({ armoredMessage: added!.body }),
    decryptionKeys: key,
    format: 'binary',
  });
  const entity = new TextDecoder().decode(data as Uint8Array);
  expect(entity).toContain(followupMarker);
  expect(entity).toContain('Follow-up from the reporter of an earlier report');
  expect(entity).toMatch(/X-Reply-Key: x25519:[\w-]{43}/);
  // Signed in this browser (WebCrypto Ed25519) with the key derived from the code, whose public half the report
  // carries: what the desk checks it against.
  expect(entity.startsWith('X-Followup-Signature: v1; nonce=')).toBe(true);
  const report = await openpgp.decrypt({
    message: await openpgp.readMessage({ armoredMessage: thread[0]!.body }),
    decryptionKeys: key,
    format: 'binary',
  });
  const followupKey = formatFollowupKey((await deriveFollowupKey(code)).publicKey);
  expect(new TextDecoder().decode(report.data as Uint8Array)).toContain(`X-Followup-Key: ${followupKey}\r\n`);
  // The photo went through the report's cleaning: renamed, its camera and GPS data gone.
  expect(entity).toContain('filename="photo-1.jpg"');
  expect(entity).not.toContain('gps-photo.jpg');
  expect(entity).toContain('Location and camera data were removed from photos before sending.');

  // Deleting the genuine reply deletes it from the store.
  await shown.getByRole('button', { name: ht['thread.reply.delete'] }).click();
  await expect(page.getByText(ht['thread.reply.deleted'])).toBeVisible();
  await expect(page.getByText(genuine)).toHaveCount(0);
  expect((await desk.messages(caseId)).some((m) => m.seq === genuineSeq)).toBe(false);

  // The store holds ciphertext only.
  for (const file of readdirSync(e2eDataDir).filter((f) => f.startsWith('desk.sqlite'))) {
    const bytes = readFileSync(join(e2eDataDir, file));
    for (const secret of [marker, followupMarker, 'REPLY-GENUINE', ...spellings(code)])
      expect(bytes.includes(secret), `${secret} in ${file}`).toBe(false);
  }
  await desk.close();

  // Not one request of the report page or the status page carried the code, in any spelling.
  expect(requests.length).toBeGreaterThan(5);
  for (const r of requests)
    for (const spelling of spellings(code)) {
      expect(r.url, r.url).not.toContain(spelling);
      expect(r.headers, r.url).not.toContain(spelling);
      expect(r.body, r.url).not.toContain(spelling);
    }
  expect(requests.some((r) => r.url.endsWith('/api/thread'))).toBe(true);
  expect(await context.cookies()).toEqual([]);
  expect(await page.evaluate(() => localStorage.length + sessionStorage.length)).toBe(0);
});

test('the status page in English at 360 px: a code that finds nothing, then a real one', async ({ page }) => {
  test.setTimeout(90_000);
  await page.goto('/en/status/');
  await page.getByLabel(en['status.code.label']).fill('0000 0000 0000 0000 0000');
  await page.getByRole('button', { name: en['status.submit'] }).click();
  await expect(page.getByText(en['thread.status.unknown'])).toBeVisible({ timeout: 15_000 });
  await expect(page.getByText(en['thread.followup.title'], { exact: true })).toBeHidden();
  await page.getByLabel(en['status.code.label']).fill('not a code');
  await page.getByRole('button', { name: en['status.submit'] }).click();
  await expect(page.getByText(en['status.error.invalid'])).toBeVisible();
  const axe = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21aa', 'wcag22aa']).analyze();
  expect(axe.violations.map((v) => v.id)).toEqual([]);
  await screenshots(page, 'en-unknown');
});

test.describe('without JavaScript', () => {
  test.use({ javaScriptEnabled: false });

  test('the status page says why replies need JavaScript, and the server page shows the status only', async ({
    page,
  }) => {
    await page.goto('/en/status/');
    await expect(page.getByText(en['thread.noScript'])).toBeVisible();
    await expect(page.getByText(en['thread.codeOnly'])).toBeVisible();
    await screenshots(page, 'en-nojs');
    await page.getByLabel(en['status.code.label']).fill('0000-0000-0000-0000-0000');
    await page.getByRole('button', { name: en['status.submit'] }).click();
    await expect(page.getByText(en['response.status.replies-need-js'])).toBeVisible();
  });
});
