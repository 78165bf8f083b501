// The no-JavaScript path: a plain multipart form post, encrypted on arrival; localized HTML pages back.
import { readFileSync } from 'node:fs';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { normalizeReceiptCode } from '../../src/shared/receipt.ts';
import { tipLimits } from '../../src/shared/tip-fields.ts';
import { receiptHash } from '../../functions/tips/context.ts';
import { makeIntake, type TestIntake } from './helpers/intake.ts';

const gpsPhoto = new Uint8Array(readFileSync(new URL('../fixtures/gps-photo.jpg', import.meta.url)));

/** The bytes of a base64 attachment in the decrypted MIME entity. */
function attachment(entity: string, filename: string): Uint8Array {
  const base64 = new RegExp(`filename="${filename}"\\r\\nContent-Transfer-Encoding: base64\\r\\n\\r\\n([\\s\\S]+?)\\r\\n--`).exec(entity)![1]!;
  return new Uint8Array(Buffer.from(base64.replace(/\r\n/g, ''), 'base64'));
}

function form(fields: Record<string, string | string[]>, files: File[] = []): FormData {
  const data = new FormData();
  for (const [name, value] of Object.entries(fields)) {
    for (const v of Array.isArray(value) ? value : [value]) data.append(name, v);
  }
  for (const file of files) data.append('attachments', file);
  return data;
}

function expectPage(html: string, lang: string) {
  expect(html).toMatch(new RegExp(`^<!doctype html>\\n<html lang="${lang}" dir="ltr">`));
  expect(html).toContain('<link rel="stylesheet" href="/site.css">');
  expect(html).toMatch(/<header[^>]*>[\s\S]*<a class="quick-exit" href="https:\/\/[^"]+" rel="noreferrer">/);
  expect(html).toMatch(/<main[^>]*>\s*<h1>[^<]+<\/h1>/);
  expect(html).not.toContain('<script');
}

describe('no-JS form intake', () => {
  let intake: TestIntake;
  beforeAll(async () => {
    intake = await makeIntake({ rateLimitMax: 3 });
  });
  afterAll(() => intake.close());

  // Each post from its own network unless a test says otherwise, so the limit (3) only bites where tested.
  let network = 0;
  const post = (data: FormData, address = `198.18.${++network}.1`, query = '') =>
    intake.app.request(`/api/tips${query}`, { method: 'POST', body: data }, intake.env(address));

  it('encrypts the answers and attachments on arrival, queues only ciphertext, shows the code in the chosen language', async () => {
    const notes = new Uint8Array(3000).map((_, i) => (i * 7) % 256);
    const response = await post(form({
      happened: 'MARKER-FORM-HAPPENED Workers locked in at night',
      where: 'Basseterre',
      kind: ['forced-labour', 'child', 'not-an-option'],
      danger: ['no', 'yes'],
      lang: 'es',
      website: '',
    }, [
      new File([gpsPhoto], 'foto.jpg', { type: 'image/jpeg' }),
      new File([notes], 'notas.bin', { type: 'application/octet-stream; x="y"\r\nX-Injected: 1' }),
      new File([], '', { type: 'application/octet-stream' }), // an empty file input
    ]));
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^text\/html/);
    expect(response.headers.get('cache-control')).toBe('no-store');
    expect(response.headers.get('content-security-policy')).toContain("default-src 'self'");
    const html = await response.text();
    expectPage(html, 'es');
    expect(html).toContain('Su denuncia fue enviada');
    expect(html).toContain('href="/es/status/"');
    const receipt = /<code>([0-9A-Z-]+)<\/code>/.exec(html)![1]!;
    expect(normalizeReceiptCode(receipt)).toBe(receipt);

    const [stored] = await intake.queue.claim(intake.clock.now(), 60_000, 10);
    expect(stored!.armored).toMatch(/^-----BEGIN PGP MESSAGE-----/);
    expect(stored!.armored).not.toContain('MARKER-FORM-HAPPENED');
    const entity = await intake.decrypt(stored!.armored);
    expect(entity).toContain('MARKER-FORM-HAPPENED Workers locked in at night');
    expect(entity).toContain('Kind of exploitation: Forced labour; A child is involved');
    expect(entity).toContain('Is anyone in immediate danger now: No'); // one answer for a single-choice question
    expect(entity).toContain(`Reference code: ${receipt}`);
    expect(entity).toContain('Form language: es');
    expect(entity).toMatch(/Sent \(to the hour, UTC\): \d{4}-\d\d-\d\dT\d\d:00Z/);
    expect(entity).toContain('Attachments (2):'); // the empty file input part is not an attachment
    expect(entity).toContain('Location and camera data were removed from photos before sending.');
    // A declared type that would break the MIME headers is replaced.
    expect(entity).toContain('Content-Type: application/octet-stream; name="notas.bin"');
    expect(entity).not.toContain('X-Injected');
    expect(attachment(entity, 'notas.bin')).toEqual(notes);
    // The photo arrives without its EXIF block: no camera, no capture time, no GPS; still a JPEG.
    const photo = attachment(entity, 'foto.jpg');
    expect(photo.subarray(0, 2)).toEqual(new Uint8Array([0xff, 0xd8]));
    expect(photo.length).toBeLessThan(gpsPhoto.length);
    for (const gone of ['FixtureCam', 'GPS Test Phone', '2026:11:20']) expect(Buffer.from(photo).includes(gone)).toBe(false);
    expect(await intake.queue.receiptStatus(receiptHash(receipt))).toBe('waiting');
    await intake.queue.markDelivered(stored!.id, intake.clock.now());

    // The no-JS status check, in Haitian Creole.
    const status = await intake.app.request('/api/status', {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ receipt: receipt.toLowerCase(), lang: 'ht' }).toString(),
    });
    expect(status.status).toBe(200);
    const statusHtml = await status.text();
    expectPage(statusHtml, 'ht');
    expect(statusHtml).toContain('Rapò ou a te livre bay gwoup travay la.');
  });

  describe('rejections (nothing is queued)', () => {
    afterEach(async () => {
      expect(await intake.queue.counts()).toEqual({ pending: 0, dead: 0 });
    });

    it('a filled honeypot → 400 page, in the form language', async () => {
      const response = await post(form({ happened: 'MARKER-HONEYPOT', website: 'http://spam.example', lang: 'es' }));
      expect(response.status).toBe(400);
      const html = await response.text();
      expectPage(html, 'es');
      expect(html).toContain('se llenó un campo que debe quedar vacío');
      expect(html).toContain('href="/es/report/"');
      expect(html).not.toContain('MARKER-HONEYPOT');
    });

    it('more than 5 attachments → 413 attachments.too-many', async () => {
      const files = Array.from({ length: tipLimits.maxFiles + 1 }, (_, i) => new File(['x'], `f${i}.txt`, { type: 'text/plain' }));
      const response = await post(form({ lang: 'en' }, files));
      expect(response.status).toBe(413);
      expect(await response.text()).toContain('You can attach at most 5 files.');
    });

    it('attachments over 4 MB in all → 413 attachments.too-large', async () => {
      const half = new Uint8Array(tipLimits.maxAttachmentBytes / 2 + 1);
      const response = await post(form({ lang: 'ht' }, [new File([half], 'a.pdf', { type: 'application/pdf' }), new File([half], 'b.pdf', { type: 'application/pdf' })]));
      expect(response.status).toBe(413);
      const html = await response.text();
      expectPage(html, 'ht');
      expect(html).toContain('Fichye yo twò gwo.');
    });

    it('a "photo" that cannot be cleaned → 422 attachments.unreadable, rather than sent with its metadata', async () => {
      const response = await post(form({ lang: 'en' }, [new File(['MARKER not a jpeg'], 'x.jpg', { type: 'image/jpeg' })]));
      expect(response.status).toBe(422);
      expect(await response.text()).toContain('A photo could not be cleaned of its hidden data');
    });

    it('an answer over the length limit → 413 text.too-long', async () => {
      const response = await post(form({ happened: 'x'.repeat(tipLimits.maxTextChars + 1) }));
      expect(response.status).toBe(413);
      expect(await response.text()).toContain('at most 20,000 characters');
    });

    it('a body over the request limit → 413 page, language from the query', async () => {
      const big = new Uint8Array(tipLimits.maxRequestBytes + 10);
      const response = await post(form({ lang: 'es' }, [new File([big], 'big.bin')]), undefined, '?lang=es');
      expect(response.status).toBe(413);
      const html = await response.text();
      expectPage(html, 'es');
      expect(html).toContain('La denuncia es demasiado grande.');
    });

    it('a broken multipart body → 400 page, not a 500', async () => {
      const response = await intake.app.request('/api/tips', {
        method: 'POST',
        headers: { 'content-type': 'multipart/form-data; boundary=xyz' },
        body: '--xyz\r\nContent-Disposition: form-data; name="happened"\r\n\r\nMARKER-BROKEN',
      }, intake.env());
      expect(response.status).toBe(400);
      expect(await response.text()).toContain('could not be read');
    });

    it('a bad code on the status form → 400 page', async () => {
      const response = await intake.app.request('/api/status', {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: 'receipt=nope&lang=es',
      });
      expect(response.status).toBe(400);
      const html = await response.text();
      expectPage(html, 'es');
      expect(html).toContain('Este no es un código de referencia válido.');
    });

    it('the rate limit applies to form posts too: 429 page with Retry-After', async () => {
      const address = '198.51.100.99';
      // The limit is 3 per window.
      for (let i = 0; i < 3; i++) {
        const ok = await post(form({ happened: 'x' }), address);
        expect(ok.status).toBe(200);
      }
      for (const tip of await intake.queue.claim(intake.clock.now(), 1, 10)) await intake.queue.markDelivered(tip.id, 0);
      const refused = await post(form({ happened: 'x', lang: 'en' }), address);
      expect(refused.status).toBe(429);
      expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(0);
      expect(await refused.text()).toMatch(/Please wait \d+ minutes/);
    });
  });
});
