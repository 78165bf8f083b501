// The tip line in a real browser against the real server (tests/e2e/test-server.ts: Node server, SQLite queue,
// forwarder, SMTP sink). In Spanish, with the fixture photo that carries a GPS position:
// - with JavaScript: the report is encrypted in the page (only ciphertext goes over the wire), a receipt code
//   comes back, the status page shows it turn to "delivered", and the delivered mail, decrypted with the demo
//   private key, holds the report and the photo without its GPS block;
// - without JavaScript: the plain form post, its notice, the server's receipt page, and the same status check;
// - a report with about 3.5 MB of photos goes in parts (no request larger than a part), and is delivered.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { AxeBuilder } from '@axe-core/playwright';
import { expect, test, type Page } from '@playwright/test';
import { simpleParser } from 'mailparser';
import * as openpgp from 'openpgp';
import es from '../../content/i18n/es.json' with { type: 'json' };
import { tipHeaders, tipLimits } from '../../src/shared/tip-fields.ts';
import { jpegSegments, readTiff } from '../unit/fixtures/images.ts';
import { plaintextMarker } from './markers.ts';
import { e2eMailDir } from './server-paths.ts';

const photo = join(process.cwd(), 'tests', 'fixtures', 'gps-photo.jpg');
const demoPrivateKey = join(process.cwd(), '.data', 'demo-keys', 'private.asc');
const codePattern = /[0-9A-HJKMNP-TV-Z]{4}(?:[ -][0-9A-HJKMNP-TV-Z]{4}){4}/;

/** Fills the Spanish form the way a person would, by its visible labels. */
async function fillReport(page: Page, marker: string) {
  await page
    .getByRole('group', { name: es['tip.field.danger.label'] })
    .getByLabel(es['tip.field.danger.option.no'], { exact: true })
    .check();
  await page.getByLabel(es['tip.field.reporter.option.witness']).check();
  await page.getByLabel(es['tip.field.kind.option.forced-labour']).check();
  await page.getByLabel(es['tip.field.kind.option.child']).check();
  await page
    .getByLabel(es['tip.field.happened.label'])
    .fill(`${plaintextMarker} ${marker}: una niña trabaja de noche en el bar.`);
  await page.getByLabel(es['tip.field.indicators.option.documents-taken']).check();
  await page.getByLabel(es['tip.field.where.label']).fill('Basseterre, cerca del puerto');
  await page.setInputFiles('input[name="attachments"]', photo);
}

/**
 * The status page finds the report by its code (the test server runs the desk, so it says "received", the case's
 * status, with or without JavaScript), and the forwarder mails it within seconds.
 */
async function expectDelivered(page: Page, code: string, marker: string) {
  await page.goto('/es/status/');
  await page.getByLabel(es['status.code.label']).fill(code.toLowerCase().replace(/-/g, ' '));
  await page.getByRole('button', { name: es['status.submit'] }).click();
  await expect(page.getByText(es['thread.status.received'])).toBeVisible({ timeout: 10_000 });
  if (existsSync(demoPrivateKey))
    await expect.poll(() => deliveredReports(marker), { timeout: 40_000, intervals: [500, 1_000, 2_000] }).toBe(1);
}

/** Every delivered mail holding `marker`, decrypted with the demo private key (null if the key is not local). */
async function deliveredWith(marker: string) {
  if (!existsSync(demoPrivateKey)) return null;
  const key = await openpgp.readPrivateKey({ armoredKey: readFileSync(demoPrivateKey, 'utf8') });
  const found = [];
  for (const name of readdirSync(e2eMailDir).filter((n) => n.endsWith('.eml'))) {
    const mail = await simpleParser(readFileSync(join(e2eMailDir, name)));
    const part = mail.attachments.find((a) => a.contentType === 'application/octet-stream');
    if (!part) continue;
    const message = await openpgp.readMessage({ armoredMessage: part.content.toString('utf8') });
    const { data } = await openpgp.decrypt({ message, decryptionKeys: key, format: 'binary' });
    const entity = await simpleParser(Buffer.from(data as Uint8Array));
    if (entity.text?.includes(marker)) found.push(entity);
  }
  return found;
}

/** The delivered mail holding `marker` (null if the key is not local). */
async function deliveredReport(marker: string) {
  return (await deliveredWith(marker))?.[0] ?? null;
}

/** How many delivered mails hold `marker`. */
async function deliveredReports(marker: string) {
  return (await deliveredWith(marker))?.length ?? 0;
}

/** axe in real Chromium, as site.spec.ts runs it on every page. */
async function expectAccessible(page: Page) {
  const axe = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21aa', 'wcag22aa']).analyze();
  expect(axe.violations.map((v) => v.id)).toEqual([]);
}

test.describe('with JavaScript', () => {
  test('a report in Spanish with a photo is encrypted in the page, gets a receipt and is delivered', async ({
    page,
    context,
    baseURL,
  }) => {
    const marker = `js-${Date.now()}`;
    const posted: Array<{ body: Buffer; headers: Record<string, string> }> = [];
    const offOrigin: string[] = [];
    page.on('request', async (r) => {
      if (!r.url().startsWith(baseURL!) && !/^(data|blob):/.test(r.url())) offOrigin.push(r.url());
      if (r.url().endsWith('/api/tips'))
        posted.push({ body: r.postDataBuffer() ?? Buffer.alloc(0), headers: await r.allHeaders() });
    });
    await page.goto('/es/report/');

    // Progressive enhancement: the no-JS notice is gone, follow-ups appear only after the answer that needs them.
    await expect(page.getByText(es['tip.noJs.title'])).toBeHidden();
    const danger = page.getByRole('group', { name: es['tip.field.danger.label'] });
    const dangerCallout = page.locator('[data-reveal-when^="danger="]');
    await expect(dangerCallout).toBeHidden();
    await danger.getByLabel(es['tip.field.danger.option.yes'], { exact: true }).check();
    await expect(dangerCallout).toBeVisible();
    await expect(dangerCallout.getByRole('link', { name: '911' })).toHaveAttribute('href', 'tel:911');
    await expect(dangerCallout).toHaveAttribute('role', 'alert');
    await page.getByLabel(es['tip.field.reporter.option.self']).check();
    await expect(page.getByRole('link', { name: es['tip.self.link'] }).last()).toBeVisible();
    const contactHow = page.getByLabel(es['tip.field.contact-how.label']);
    await expect(contactHow).toBeHidden();
    await page
      .getByRole('group', { name: es['tip.field.contact.label'] })
      .getByLabel(es['tip.field.contact.option.yes'], { exact: true })
      .check();
    await contactHow.fill('contact detail that must not be sent');
    await page.getByLabel(es['tip.field.contact.option.no']).check();
    await expect(contactHow).toBeHidden();
    await expect(contactHow).toBeDisabled(); // so the hidden answer is not sent
    // The revealed help and numbers pass axe as well as the page as first shown (site.spec.ts).
    const axe = await new AxeBuilder({ page })
      .include('.tip')
      .withTags(['wcag2a', 'wcag2aa', 'wcag21aa', 'wcag22aa'])
      .analyze();
    expect(axe.violations.map((v) => v.id)).toEqual([]);

    // The task force keys are shown as grouped fingerprints and served at the stable address.
    await expect(page.locator('.tip-keys__fingerprint').first()).toHaveText(/^([0-9A-F]{4} ){9}[0-9A-F]{4}$/);
    const keys = await page.request.get('/taskforce-keys.asc');
    expect(keys.ok()).toBe(true);
    expect(await keys.text()).toContain('-----BEGIN PGP PUBLIC KEY BLOCK-----');

    await fillReport(page, marker);
    const workers: string[] = [];
    page.on('worker', (w) => workers.push(w.url()));
    await page.getByRole('button', { name: es['tip.submit'] }).click();

    const receipt = page.getByRole('heading', { name: es['tip.receipt.title'] });
    await expect(receipt).toBeVisible({ timeout: 30_000 });
    await expect(receipt).toBeFocused();
    const shown = (await page.locator('[data-tip-receipt-code]').textContent()) ?? '';
    expect(shown).toMatch(/^[0-9A-HJKMNP-TV-Z]{4}( [0-9A-HJKMNP-TV-Z]{4}){4}$/);
    const code = shown.replace(/ /g, '-');

    // Only ciphertext went over the wire, in binary (a recipient packet first: new-format tag 1); the thread's
    // lookup hash (never the code) and the proof of work in headers; the form was cleared; nothing was stored in the
    // browser.
    expect(posted).toHaveLength(1);
    const { body, headers } = posted[0]!;
    expect(headers['content-type']).toBe('application/octet-stream');
    expect(body[0]).toBe(0xc1);
    expect(headers[tipHeaders.lookup]).toMatch(/^[0-9a-f]{64}$/);
    expect(headers[tipHeaders.receipt]).toBeUndefined();
    expect(JSON.stringify(headers)).not.toContain(code.replace(/-/g, '').slice(0, 8));
    expect(headers[tipHeaders.proof]).toMatch(/^[A-Za-z0-9+/]+=*$/);
    expect(headers.cookie).toBeUndefined();
    expect(body.includes(plaintextMarker)).toBe(false);
    expect(body.includes('Basseterre')).toBe(false);
    await page.getByRole('button', { name: es['tip.receipt.another'] }).click();
    await expect(page.getByLabel(es['tip.field.happened.label'])).toHaveValue('');
    expect(await page.locator('input[name="attachments"]').evaluate((i: HTMLInputElement) => i.files?.length)).toBe(0);
    expect(await page.evaluate(() => localStorage.length + sessionStorage.length)).toBe(0);
    expect(await page.evaluate(async () => (await indexedDB.databases()).length)).toBe(0);
    expect(await context.cookies()).toEqual([]);
    expect(offOrigin).toEqual([]);
    // Encryption ran in a worker (the page stays responsive), which was ended after the report.
    expect(workers.some((u) => u.includes('seal-worker'))).toBe(true);

    await expectDelivered(page, code, marker);

    const report = await deliveredReport(marker);
    test.skip(report === null, 'the demo private key is not in ./.data (TASKFORCE_PUBLIC_KEYS set): cannot decrypt');
    expect(report!.text).not.toContain(code);
    expect(report!.headers.get('x-reply-key')).toMatch(/^x25519:[\w-]{43}$/);
    expect(report!.text).toContain('Kind of exploitation: Forced labour; A child is involved');
    expect(report!.text).toContain('Is anyone in immediate danger now: No');
    expect(report!.text).not.toContain('How to contact the reporter'); // not answered, so not listed
    expect(report!.text).not.toContain('contact detail that must not be sent');
    expect(report!.attachments).toHaveLength(1);
    const sent = new Uint8Array(report!.attachments[0]!.content);
    expect(report!.attachments[0]!.filename).toBe('photo-1.jpg');
    const original = new Uint8Array(readFileSync(photo));
    expect(jpegSegments(original).some((s) => s.marker === 0xe1)).toBe(true); // the fixture had EXIF with GPS
    const app1 = jpegSegments(sent).filter((s) => s.marker === 0xe1);
    for (const s of app1) expect(readTiff(s.payload.subarray(6)).ifds.has('gps')).toBe(false);
    expect(Buffer.from(sent).includes('FixtureCam')).toBe(false);
    expect(Buffer.from(sent).includes('2026:11:20')).toBe(false);
    // Rewritten bytes, still the same picture: the browser decodes it at the fixture's size.
    const size = await page.evaluate(async (b64) => {
      const bitmap = await createImageBitmap(
        new Blob([Uint8Array.from(atob(b64), (c) => c.charCodeAt(0))], { type: 'image/jpeg' }),
      );
      return [bitmap.width, bitmap.height];
    }, Buffer.from(sent).toString('base64'));
    expect(size).toEqual([32, 32]);
  });

  test('attachment limits are shown before choosing and checked as soon as files are chosen', async ({ page }) => {
    await page.goto('/es/report/');
    await expect(page.getByText('Hasta 5 archivos, 4 MB en total.')).toBeVisible();
    const input = page.locator('input[name="attachments"]');
    const file = (i: number, size = 10) => ({
      name: `f${i}.pdf`,
      mimeType: 'application/pdf',
      buffer: Buffer.alloc(size, 65),
    });
    await page.getByLabel(es['tip.field.happened.label']).focus(); // first interaction loads the checks
    await input.setInputFiles([1, 2, 3, 4, 5, 6].map((i) => file(i)));
    await expect(page.locator('[data-tip-files-error]')).toHaveText(/Eligió 6 archivos; puede enviar como máximo 5/);
    await expect(input).toHaveAttribute('aria-invalid', 'true');
    await input.setInputFiles([file(1, 3 * 1024 * 1024), file(2, 1024 * 1024 + 1)]);
    await expect(page.locator('[data-tip-files-error]')).toHaveText(/el límite es 4 MB en total/);
    await input.setInputFiles([file(1, 1024 * 1024)]);
    await expect(page.locator('[data-tip-files-error]')).toBeHidden();
    await expect(page.locator('[data-tip-files-summary]')).toHaveText(/Archivos elegidos: 1/);
    // Sending with too many files says so, and that nothing was sent.
    await input.setInputFiles([1, 2, 3, 4, 5, 6].map((i) => file(i)));
    let posted = 0;
    page.on('request', (r) => {
      if (r.url().endsWith('/api/tips')) posted++;
    });
    await page.getByRole('button', { name: es['tip.submit'] }).click();
    const alert = page.locator('[data-tip-alert]');
    await expect(alert).toBeVisible();
    await expect(alert).toContainText(es['tip.notSent']);
    await expect(alert).toBeFocused();
    expect(posted).toBe(0);
    const axe = await new AxeBuilder({ page })
      .include('.tip')
      .withTags(['wcag2a', 'wcag2aa', 'wcag21aa', 'wcag22aa'])
      .analyze();
    expect(axe.violations.map((v) => v.id)).toEqual([]);
  });

  test('a photo that cannot be cleaned, or a refusal by the server, is explained and nothing is sent', async ({
    page,
  }) => {
    await page.goto('/es/report/');
    await page.getByLabel(es['tip.field.happened.label']).fill(`${plaintextMarker} not to be sent`);
    // Says it is a JPEG but is not one: refusing beats sending a photo whose hidden data may still be there.
    await page.setInputFiles('input[name="attachments"]', {
      name: 'IMG_2026.jpg',
      mimeType: 'image/jpeg',
      buffer: Buffer.from('not a jpeg'),
    });
    let posted = 0;
    page.on('request', (r) => {
      if (r.url().endsWith('/api/tips')) posted++;
    });
    await page.getByRole('button', { name: es['tip.submit'] }).click();
    const alert = page.locator('[data-tip-alert]');
    await expect(alert).toContainText('«IMG_2026.jpg» parece una foto');
    await expect(alert).toContainText(es['tip.notSent']);
    expect(posted).toBe(0);

    // The server says no (here: the rate limit): its code is shown in Spanish, the answers stay in the form.
    await page.route('**/api/tips', (route) =>
      route.fulfill({
        status: 429,
        contentType: 'application/json',
        body: JSON.stringify({ error: { code: 'rate.limited', message: 'Too many' } }),
      }),
    );
    await page.setInputFiles('input[name="attachments"]', []);
    await page.getByRole('button', { name: es['tip.submit'] }).click();
    await expect(alert).toContainText(es['tip.error.rate.limited'], { timeout: 30_000 });
    await expect(alert).toContainText(es['tip.notSent']);
    await expect(page.getByLabel(es['tip.field.happened.label'])).toHaveValue(`${plaintextMarker} not to be sent`);
    await expect(page.getByRole('heading', { name: es['tip.receipt.title'] })).toBeHidden();
  });
});

test.describe('a lost answer', () => {
  test('when the connection drops after the server queued the report, the page still shows the receipt', async ({
    page,
  }) => {
    const marker = `lost-answer-${Date.now()}`;
    await page.goto('/es/report/');
    await fillReport(page, marker);
    // The report reaches the server, which queues it; its 202 never reaches the page.
    let queued = 0;
    await page.route('**/api/tips', async (route) => {
      const response = await route.fetch();
      if (response.status() === 202) queued++;
      await route.abort('connectionreset');
    });
    await page.getByRole('button', { name: es['tip.submit'] }).click();
    await expect(page.getByRole('heading', { name: es['tip.receipt.title'] })).toBeVisible({ timeout: 45_000 });
    expect(queued).toBe(1);
    await expect(page.locator('[data-tip-alert]')).toBeHidden();
  });

  test('when the report never reached the server, the page says nothing was sent', async ({ page }) => {
    await page.goto('/es/report/');
    await page.getByLabel(es['tip.field.happened.label']).fill(`${plaintextMarker} never arrives`);
    await page.route('**/api/tips', (route) => route.abort('connectionreset'));
    await page.getByRole('button', { name: es['tip.submit'] }).click();
    const alert = page.locator('[data-tip-alert]');
    await expect(alert).toContainText(es['tip.notSent'], { timeout: 45_000 });
    await expect(page.getByRole('heading', { name: es['tip.receipt.title'] })).toBeHidden();
  });
});

test.describe('a large report', () => {
  test('3.5 MB of photos: sent in parts, every request within a part, progress shown, a dropped part resumed, delivered', async ({
    page,
    baseURL,
  }) => {
    test.slow(); // encrypting and sending about 7 MiB
    const marker = `parts-${Date.now()}`;
    await page.goto('/es/report/');

    // An incompressible photo (noise) of about 3.5 MB, encoded as a real JPEG by the browser itself.
    const photoBase64 = await page.evaluate(async () => {
      const [w, h] = [1100, 1090];
      const canvas = new OffscreenCanvas(w, h);
      const ctx = canvas.getContext('2d')!;
      const image = ctx.createImageData(w, h);
      let x = 2463534242;
      for (let i = 0; i < image.data.length; i++) {
        x ^= x << 13;
        x ^= x >>> 17;
        x ^= x << 5;
        image.data[i] = (i & 3) === 3 ? 255 : x & 255;
      }
      ctx.putImageData(image, 0, 0);
      const bytes = new Uint8Array(
        await (await canvas.convertToBlob({ type: 'image/jpeg', quality: 1 })).arrayBuffer(),
      );
      let binary = '';
      for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
      return btoa(binary);
    });
    const photoBytes = Buffer.from(photoBase64, 'base64');
    expect(photoBytes.length).toBeGreaterThan(3_200_000);
    expect(photoBytes.length).toBeLessThanOrEqual(tipLimits.maxAttachmentBytes);

    const requests: Array<{ method: string; path: string; size: number }> = [];
    page.on('request', (r) => {
      if (!r.url().startsWith(`${baseURL}/api/`)) return;
      requests.push({ method: r.method(), path: new URL(r.url()).pathname, size: r.postDataBuffer()?.length ?? 0 });
    });
    // The connection drops once, in the middle of the third part: the upload must resume from that part.
    let dropped = 0;
    await page.route('**/api/tips/uploads/*/parts/2', async (route) => {
      if (dropped++ === 0) await route.abort('connectionreset');
      else await route.continue();
    });

    await page.getByLabel(es['tip.field.happened.label']).fill(`${plaintextMarker} ${marker}: fotos del lugar.`);
    await page.setInputFiles('input[name="attachments"]', {
      name: 'IMG_3000.jpg',
      mimeType: 'image/jpeg',
      buffer: photoBytes,
    });
    // What the live region says while sending (it changes faster than a poll could see).
    // The same for the bytes sent (not a live region), and whether the bar and the note to keep the page open showed.
    await page.evaluate(() => {
      const w = window as unknown as {
        progressSeen: string[];
        transferSeen: string[];
        barSeen: number[];
        keepOpenSeen: boolean;
      };
      const region = document.querySelector('[data-tip-progress]')!;
      const transfer = document.querySelector('[data-tip-transfer-text]')!;
      const bar = document.querySelector<HTMLProgressElement>('[data-tip-transfer-bar]')!;
      const sending = document.querySelector<HTMLElement>('[data-tip-sending]')!;
      w.progressSeen = [];
      w.transferSeen = [];
      w.barSeen = [];
      w.keepOpenSeen = false;
      const watch = { childList: true, characterData: true, subtree: true };
      new MutationObserver(() => w.progressSeen.push(region.textContent ?? '')).observe(region, watch);
      new MutationObserver(() => {
        w.transferSeen.push(transfer.textContent ?? '');
        if (!bar.hidden) w.barSeen.push(bar.value / bar.max);
        if (!sending.hidden && sending.offsetHeight > 0) w.keepOpenSeen = true;
      }).observe(transfer, watch);
    });
    await page.getByRole('button', { name: es['tip.submit'] }).click();

    const receipt = page.getByRole('heading', { name: es['tip.receipt.title'] });
    await expect(receipt).toBeVisible({ timeout: 90_000 });
    const code = ((await page.locator('[data-tip-receipt-code]').textContent()) ?? '').replace(/ /g, '-');

    // Sent in parts: open, the parts, complete; never the whole report in one request.
    const parts = requests.filter(
      (r) => r.method === 'PUT' && /^\/api\/tips\/uploads\/[\w-]{22}\/parts\/\d+$/.test(r.path),
    );
    const count = new Set(parts.map((r) => r.path)).size;
    expect(count).toBeGreaterThanOrEqual(3);
    expect(requests.some((r) => r.method === 'POST' && r.path === '/api/tips/uploads')).toBe(true);
    expect(requests.some((r) => r.method === 'POST' && /\/complete$/.test(r.path))).toBe(true);
    expect(requests.some((r) => r.path === '/api/tips')).toBe(false);
    for (const r of requests)
      expect(r.size, `${r.method} ${r.path}`).toBeLessThanOrEqual(tipLimits.maxPartRequestBytes);
    // Resumed: the dropped third part went again, and no part before it did.
    expect(dropped).toBe(2);
    const sentOf = (i: number) => parts.filter((r) => r.path.endsWith(`/parts/${i}`)).length;
    expect([sentOf(0), sentOf(1), sentOf(2), sentOf(3)]).toEqual([1, 1, 2, 1]);
    const w = await page.evaluate(() => {
      const { progressSeen, transferSeen, barSeen, keepOpenSeen } = window as unknown as {
        progressSeen: string[];
        transferSeen: string[];
        barSeen: number[];
        keepOpenSeen: boolean;
      };
      return { progressSeen, transferSeen, barSeen, keepOpenSeen };
    });
    for (let n = 1; n <= count; n++) {
      expect(w.progressSeen).toContain(
        es['tip.progress.part'].replace('{{part}}', String(n)).replace('{{parts}}', String(count)),
      );
    }
    expect(w.progressSeen).toContain(
      es['tip.progress.retrying'].replace('{{part}}', '3').replace('{{parts}}', String(count)),
    );
    // Bytes sent of the whole, in the reader's language, part by part; the bar moved forward to full.
    const ofParts = (n: number) =>
      es['tip.progress.ofParts'].replace('{{part}}', String(n)).replace('{{parts}}', String(count));
    for (let n = 1; n <= count; n++)
      expect(
        w.transferSeen.some((t) => t.endsWith(ofParts(n))),
        ofParts(n),
      ).toBe(true);
    expect(w.transferSeen.some((t) => /^\d+(,\d)? MB de \d+(,\d)? MB enviados /.test(t))).toBe(true);
    expect(w.barSeen.some((v) => v > 0 && v < 1)).toBe(true);
    expect(w.barSeen.at(-1)).toBe(1);
    expect(w.keepOpenSeen).toBe(true);
    await expect(page.getByText(es['tip.progress.keepOpen'])).toBeHidden(); // gone with the receipt

    await expectDelivered(page, code, marker);
    const report = await deliveredReport(marker);
    test.skip(report === null, 'the demo private key is not in ./.data (TASKFORCE_PUBLIC_KEYS set): cannot decrypt');
    expect(report!.text).not.toContain(code);
    expect(report!.headers.get('x-reply-key')).toMatch(/^x25519:/);
    expect(report!.attachments).toHaveLength(1);
    // The photo arrived whole (its metadata-free rewrite keeps the picture data: nearly every byte).
    expect(report!.attachments[0]!.content.length).toBeGreaterThan(photoBytes.length - 1024);
  });
});

test.describe('without JavaScript', () => {
  test.use({ javaScriptEnabled: false });

  test('the plain form says the server encrypts, posts the report with the photo, and the status turns to delivered', async ({
    page,
  }) => {
    const marker = `nojs-${Date.now()}`;
    await page.goto('/es/report/');
    // Before sending: the notice about server-side encryption, and the emergency numbers are simply there.
    await expect(page.getByRole('heading', { name: es['tip.noJs.title'] })).toBeVisible();
    await expect(page.getByText(es['tip.noJs.text'])).toBeVisible();
    await expect(page.locator('[data-reveal-when^="danger="]').getByRole('link', { name: '911' })).toBeVisible();
    await expect(page.getByLabel(es['tip.field.contact-how.label'])).toBeVisible();
    // The honeypot is off-screen and hidden from screen readers: only bots fill it.
    await expect(page.locator('.tip-hp')).toHaveAttribute('aria-hidden', 'true');
    const trap = await page.locator('input[name="website"]').boundingBox();
    expect(trap!.x + trap!.width).toBeLessThanOrEqual(0);

    await fillReport(page, marker);
    const posts: string[] = [];
    page.on('request', (r) => {
      if (r.method() === 'POST' && r.url().includes('/api/tips')) posts.push(r.url());
    });
    await page.getByRole('button', { name: es['tip.submit'] }).click();
    await expect(page.getByRole('heading', { level: 1, name: es['response.sent.title'] })).toBeVisible({
      timeout: 30_000,
    });
    const code = (await page.locator('main').textContent())?.match(codePattern)?.[0];
    expect(code).toBeTruthy();
    // The browser was sent on to the "sent" page (Post/Redirect/Get). Its address carries the code sealed, never
    // readable (the history of a phone someone else may look at).
    expect(posts).toHaveLength(1);
    expect(new URL(page.url()).pathname).toBe('/api/tips/sent');
    expect(page.url()).not.toContain(code!);
    expect(page.url()).not.toContain(code!.replace(/-/g, ''));
    // The numbers to call are links on this page too.
    await expect(page.getByRole('link', { name: '911', exact: true })).toHaveAttribute('href', 'tel:911');
    await expect(page.getByRole('link', { name: '707', exact: true })).toHaveAttribute('href', 'tel:707');

    // Reloading the page posts nothing: the same code, and the task force gets the report once.
    await page.reload();
    await expect(page.getByRole('heading', { level: 1, name: es['response.sent.title'] })).toBeVisible({
      timeout: 30_000,
    });
    expect(posts).toHaveLength(1);
    expect((await page.locator('main').textContent())?.match(codePattern)?.[0]).toBe(code);

    await expectDelivered(page, code!, marker);
    // Without JavaScript the page says why replies need it.
    await expect(page.getByText(es['response.status.replies-need-js'])).toBeVisible();
    const report = await deliveredReport(marker);
    test.skip(report === null, 'the demo private key is not in ./.data (TASKFORCE_PUBLIC_KEYS set): cannot decrypt');
    expect(report!.text).not.toContain(code!);
    expect(report!.headers.has('x-reply-key')).toBe(false);
    expect(report!.text).toContain('Kind of exploitation: Forced labour; A child is involved');
    expect(report!.attachments).toHaveLength(1);
    // Renamed as on the JavaScript path (the fixture is gps-photo.jpg).
    expect(report!.attachments[0]!.filename).toBe('photo-1.jpg');
    expect(await deliveredReports(marker)).toBe(1);
  });

  test("an empty report is refused with a page in the tipster's language, and nothing is sent", async ({ page }) => {
    await page.goto('/es/report/');
    await page.getByRole('button', { name: es['tip.submit'] }).click();
    await expect(page.getByRole('heading', { level: 1, name: es['response.error.title'] })).toBeVisible();
    await expect(page.getByText(es['response.error.report.empty'])).toBeVisible();
    await expect(page.getByRole('link', { name: es['response.error.back'] })).toHaveAttribute('href', '/es/report/');
    await expect(page.getByRole('link', { name: '911', exact: true })).toHaveAttribute('href', 'tel:911');
  });
});

test.describe('the pages a plain form post gets back', () => {
  // axe needs JavaScript in the page it checks, so these pages are reached by a native form submission (which no
  // script intercepts) from a page with JavaScript on.
  const submitNatively = (page: Page) =>
    page.evaluate(() => document.querySelector<HTMLFormElement>('form.tip-form')!.submit());

  test('the "sent" page, its expired form and a refusal page pass axe and carry the numbers to call', async ({
    page,
  }) => {
    await page.goto('/es/report/');
    await submitNatively(page); // nothing filled in: the empty report is refused
    // The server encrypts a plain post on arrival; on a loaded machine that can outlast the default 5 s.
    await expect(page.getByText(es['response.error.report.empty'])).toBeVisible({ timeout: 30_000 });
    await expectAccessible(page);
    await page.goto('/es/report/');
    await page.getByLabel(es['tip.field.happened.label']).fill(`${plaintextMarker} response page`);
    await submitNatively(page);
    await expect(page.getByRole('heading', { level: 1, name: es['response.sent.title'] })).toBeVisible({
      timeout: 30_000,
    });
    await expect(page.getByRole('link', { name: '707', exact: true })).toHaveAttribute('href', 'tel:707');
    await expectAccessible(page);
    // The "sent" page's address once it has expired.
    await page.goto('/api/tips/sent?lang=es');
    await expect(page.getByRole('heading', { level: 1, name: es['response.sent.expired-title'] })).toBeVisible();
    await expectAccessible(page);
  });
});
