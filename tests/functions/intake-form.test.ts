// The no-JavaScript path: a plain multipart form post, encrypted on arrival; localized HTML pages back.
import { readFileSync } from 'node:fs';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { normalizeReceiptCode } from '../../src/shared/receipt.ts';
import { tipLimits } from '../../src/shared/tip-fields.ts';
import { codeLookupHash } from '../../functions/tips/store.ts';
import { sentPageKey, sentPageLifetimeMs, sentPageLocation } from '../../functions/tips/sent-page.ts';
import { makeIntake, type TestIntake } from './helpers/intake.ts';

const gpsPhoto = new Uint8Array(readFileSync(new URL('../fixtures/gps-photo.jpg', import.meta.url)));

/** The bytes of a base64 attachment in the decrypted MIME entity. */
function attachment(entity: string, filename: string): Uint8Array {
  const base64 = new RegExp(
    `filename="${filename}"\\r\\nContent-Transfer-Encoding: base64\\r\\n\\r\\n([\\s\\S]+?)\\r\\n--`,
  ).exec(entity)![1]!;
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

/** A request body that fails the test if anything reads it. */
function untouchable(): ReadableStream<Uint8Array> {
  return new ReadableStream({
    pull() {
      throw new Error('the body was read');
    },
  });
}

function expectPage(html: string, lang: string) {
  expect(html).toMatch(new RegExp(`^<!doctype html>\\n<html lang="${lang}" dir="ltr">`));
  expect(html).toContain('<link rel="stylesheet" href="/site.css">');
  expect(html).toMatch(/<header[^>]*>[\s\S]*<a class="quick-exit" href="https:\/\/[^"]+" rel="noreferrer">/);
  expect(html).toMatch(/<main[^>]*>\s*<h1>[^<]+<\/h1>/);
  expect(html).not.toContain('<script');
}

/** A stored report's answer: 303 to the "sent" page (Post/Redirect/Get); that page, fetched as the browser would. */
async function sentPageOf(intake: TestIntake, response: Response): Promise<Response> {
  expect(response.status).toBe(303);
  const location = response.headers.get('location') ?? '';
  expect(location).toMatch(/^\/api\/tips\/sent\?lang=(en|es|ht)&t=[\w-]+$/);
  return intake.app.request(location, {}, intake.env());
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
    const response = await post(
      form(
        {
          happened: 'MARKER-FORM-HAPPENED Workers locked in at night',
          where: 'Basseterre',
          kind: ['forced-labour', 'child', 'not-an-option'],
          danger: ['no', 'yes'],
          lang: 'es',
          website: '',
        },
        [
          new File([gpsPhoto], 'foto.jpg', { type: 'image/jpeg' }),
          new File([notes], 'notas.bin', { type: 'application/octet-stream; x="y"\r\nX-Injected: 1' }),
          new File([], '', { type: 'application/octet-stream' }), // an empty file input
        ],
      ),
    );
    expect(response.headers.get('cache-control')).toBe('no-store');
    const sent = await sentPageOf(intake, response);
    expect(sent.status).toBe(200);
    expect(sent.headers.get('content-type')).toMatch(/^text\/html/);
    expect(sent.headers.get('cache-control')).toBe('no-store');
    expect(sent.headers.get('content-security-policy')).toContain("default-src 'self'");
    const html = await sent.text();
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
    // Not the code (it reached the server here, but is written nowhere), and no reply key: the server could derive
    // one from the code, so a no-JS report offers the status only, and says so.
    expect(entity).not.toContain(receipt);
    expect(entity).not.toMatch(/X-Reply-Key/i);
    expect(entity).toContain('Replies: none possible. The report was sent without JavaScript');
    expect(entity).toContain('Form language: es');
    expect(entity).toMatch(/Sent \(to the hour, UTC\): \d{4}-\d\d-\d\dT\d\d:00Z/);
    expect(entity).toContain('Attachments (2):'); // the empty file input part is not an attachment
    expect(entity).toContain('Location and camera data were removed from photos before sending.');
    // A declared type that would break the MIME headers is replaced.
    expect(entity).toContain('Content-Type: application/octet-stream; name="notas.bin"');
    expect(entity).not.toContain('X-Injected');
    expect(attachment(entity, 'notas.bin')).toEqual(notes);
    // The photo arrives without its EXIF block: no camera, no capture time, no GPS; still a JPEG.
    // Renamed like on the JavaScript path: phone file names carry the date and time.
    expect(entity).not.toContain('foto.jpg');
    const photo = attachment(entity, 'photo-1.jpg');
    expect(photo.subarray(0, 2)).toEqual(new Uint8Array([0xff, 0xd8]));
    expect(photo.length).toBeLessThan(gpsPhoto.length);
    for (const gone of ['FixtureCam', 'GPS Test Phone', '2026:11:20'])
      expect(Buffer.from(photo).includes(gone)).toBe(false);
    expect(await intake.queue.receiptStatus(await codeLookupHash(receipt))).toBe('waiting');
    await intake.queue.markDelivered(stored!.id, intake.clock.now());

    // The no-JS status check, in Haitian Creole.
    const status = await intake.app.request(
      '/api/status',
      {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({ receipt: receipt.toLowerCase(), lang: 'ht' }).toString(),
      },
      intake.env(),
    );
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
      const files = Array.from(
        { length: tipLimits.maxFiles + 1 },
        (_, i) => new File(['x'], `f${i}.txt`, { type: 'text/plain' }),
      );
      const response = await post(form({ lang: 'en' }, files));
      expect(response.status).toBe(413);
      expect(await response.text()).toContain('You can attach at most 5 files.');
    });

    it('attachments over 4 MB in all → 413 attachments.too-large', async () => {
      const half = new Uint8Array(tipLimits.maxAttachmentBytes / 2 + 1);
      const response = await post(
        form({ lang: 'ht' }, [
          new File([half], 'a.pdf', { type: 'application/pdf' }),
          new File([half], 'b.pdf', { type: 'application/pdf' }),
        ]),
      );
      expect(response.status).toBe(413);
      const html = await response.text();
      expectPage(html, 'ht');
      expect(html).toContain('Fichye yo twò gwo.');
    });

    it('a "photo" that cannot be cleaned → 422 attachments.unreadable, rather than sent with its metadata', async () => {
      const response = await post(
        form({ lang: 'en' }, [new File(['MARKER not a jpeg'], 'x.jpg', { type: 'image/jpeg' })]),
      );
      expect(response.status).toBe(422);
      expect(await response.text()).toContain('A photo could not be cleaned of its hidden data');
    });

    it('an answer over the length limit → 413 text.too-long', async () => {
      const response = await post(form({ happened: 'x'.repeat(tipLimits.maxTextChars + 1) }));
      expect(response.status).toBe(413);
      expect(await response.text()).toContain('at most 20,000 characters');
    });

    it('a body declared over the request limit → 413 page before a byte is read, language from the query', async () => {
      const response = await intake.app.request(
        '/api/tips?lang=es',
        {
          method: 'POST',
          headers: {
            'content-type': 'multipart/form-data; boundary=xyz',
            'content-length': String(tipLimits.maxRequestBytes + 10),
          },
          body: untouchable(),
          duplex: 'half',
        } as RequestInit,
        intake.env(`198.18.${++network}.1`),
      );
      expect(response.status).toBe(413);
      const html = await response.text();
      expectPage(html, 'es');
      expect(html).toContain('La denuncia es demasiado grande.');
    });

    it('a body sent without a length that runs over the limit → 413, read no further than the limit', async () => {
      let sent = 0;
      const chunk = new Uint8Array(1 << 20);
      const body = new ReadableStream<Uint8Array>({
        pull(controller) {
          sent += chunk.length;
          controller.enqueue(chunk);
        },
      });
      const response = await intake.app.request(
        '/api/tips',
        {
          method: 'POST',
          headers: { 'content-type': 'multipart/form-data; boundary=xyz' },
          body,
          duplex: 'half',
        } as RequestInit,
        intake.env(`198.18.${++network}.1`),
      );
      expect(response.status).toBe(413);
      expect(sent).toBeLessThanOrEqual(tipLimits.maxRequestBytes + 2 * chunk.length);
    });

    it('a broken multipart body → 400 page, not a 500', async () => {
      const response = await intake.app.request(
        '/api/tips',
        {
          method: 'POST',
          headers: { 'content-type': 'multipart/form-data; boundary=xyz' },
          body: '--xyz\r\nContent-Disposition: form-data; name="happened"\r\n\r\nMARKER-BROKEN',
        },
        intake.env(),
      );
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
        expect(ok.status).toBe(303);
      }
      for (const tip of await intake.queue.claim(intake.clock.now(), 1, 10))
        await intake.queue.markDelivered(tip.id, 0);
      const refused = await post(form({ happened: 'x', lang: 'en' }), address);
      expect(refused.status).toBe(429);
      expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(0);
      expect(await refused.text()).toMatch(/Please wait \d+ minutes/);
    });
  });
});

describe('no-JS form: order and limits, empty reports, renaming, reloads, numbers to call', () => {
  let intake: TestIntake;
  beforeAll(async () => {
    intake = await makeIntake({ rateLimitMax: 2 });
  });
  afterAll(() => intake.close());
  afterEach(async () => {
    for (const tip of await intake.queue.claim(intake.clock.now() + 1e12, 1, 1000))
      await intake.queue.markDelivered(tip.id, 0);
  });

  let network = 0;
  const nextAddress = () => `198.19.${++network}.1`;
  const post = (body: BodyInit, headers: Record<string, string> = {}, address = nextAddress(), query = '') =>
    intake.app.request(
      `/api/tips${query}`,
      { method: 'POST', body, headers, duplex: 'half' } as RequestInit,
      intake.env(address),
    );
  const urlencoded = { 'content-type': 'application/x-www-form-urlencoded' };
  const codeIn = (html: string) => /<code>([0-9A-Z-]+)<\/code>/.exec(html)?.[1];
  const decryptAll = async () =>
    Promise.all((await intake.queue.claim(intake.clock.now(), 60_000, 100)).map((t) => intake.decrypt(t.armored)));

  it("decides the rate limit before reading the body: a limited network's post is refused unread", async () => {
    const address = nextAddress();
    for (let i = 0; i < 2; i++) expect((await post(form({ happened: `report ${i}` }), {}, address)).status).toBe(303);
    const refused = await post(
      untouchable(),
      { 'content-type': 'multipart/form-data; boundary=xyz' },
      address,
      '?lang=es',
    );
    expect(refused.status).toBe(429);
    const html = await refused.text();
    expectPage(html, 'es');
    expect(html).toContain('Se enviaron demasiadas denuncias desde su red');
  });

  it('refuses a form with more fields than the report form has (413), multipart or urlencoded', async () => {
    const many = form(Object.fromEntries(Array.from({ length: 65 }, (_, i) => [`field-${i}`, 'x'])));
    const multipart = await post(many, {}, nextAddress(), '?lang=ht');
    expect(multipart.status).toBe(413);
    expectPage(await multipart.text(), 'ht');
    const pairs = await post(Array.from({ length: 65 }, (_, i) => `kind=child&x${i}=1`).join('&'), urlencoded);
    expect(pairs.status).toBe(413);
    expect(await pairs.text()).toContain('the form had more fields than it should');
    expect(await intake.queue.counts()).toEqual({ pending: 0, dead: 0 });
  });

  it("refuses an empty report with a clear page in the tipster's language, and queues nothing", async () => {
    const empties: Array<[BodyInit, Record<string, string>]> = [
      ['', urlencoded],
      ['lang=es', urlencoded],
      ['lang=es&website=&keep-location=on&happened=%20%20&kind=not-an-option', urlencoded],
      ['{"happened":"MARKER json sent as a form"}', urlencoded],
      [form({ lang: 'es' }, [new File([], '', { type: 'application/octet-stream' })]), {}],
    ];
    for (const [body, headers] of empties) {
      const response = await post(body, headers, nextAddress(), '?lang=es');
      expect(response.status).toBe(422);
      const html = await response.text();
      expectPage(html, 'es');
      expect(html).toContain('La denuncia estaba vacía, así que no se envió nada.');
      expect(html).toContain('href="/es/report/"');
    }
    expect(await intake.queue.counts()).toEqual({ pending: 0, dead: 0 });
    // One answer is enough.
    expect((await post('danger=yes', urlencoded)).status).toBe(303);
  });

  it('catches a filled second copy of the trap field (not just the first)', async () => {
    expect((await post('happened=x&website=&website=http%3A%2F%2Fspam.example', urlencoded)).status).toBe(400);
  });

  it('renames photos exactly as the JavaScript path does (photo-1.jpg, photo-2.png), and keeps other names', async () => {
    const png = Uint8Array.of(
      0x89,
      0x50,
      0x4e,
      0x47,
      0x0d,
      0x0a,
      0x1a,
      0x0a,
      0,
      0,
      0,
      13,
      0x49,
      0x48,
      0x44,
      0x52,
      0,
      0,
      0,
      1,
      0,
      0,
      0,
      1,
      8,
      2,
      0,
      0,
      0,
      0x90,
      0x77,
      0x53,
      0xde,
      0,
      0,
      0,
      0,
      0x49,
      0x45,
      0x4e,
      0x44,
      0xae,
      0x42,
      0x60,
      0x82,
    );
    const response = await post(
      form({ happened: 'photos' }, [
        new File([gpsPhoto], 'IMG_20261127_201500.jpg', { type: 'image/jpeg' }),
        new File(['%PDF-1.4'], 'statement.pdf', { type: 'application/pdf' }),
        new File([png], 'WhatsApp Image 2026-11-20 at 22.15.00.png', { type: 'image/png' }),
      ]),
    );
    expect(response.status).toBe(303);
    const [entity] = await decryptAll();
    expect(entity).toContain('filename="photo-1.jpg"');
    expect(entity).toContain('filename="statement.pdf"');
    expect(entity).toContain('filename="photo-2.png"');
    expect(entity).not.toMatch(/IMG_2026|WhatsApp|2026-11-20/);
  });

  it('sends the browser on to the "sent" page: a reload shows the same code and sends nothing; after an hour, no code', async () => {
    const posted = await post(form({ happened: 'MARKER-RELOAD the report', where: 'Charlestown', lang: 'es' }));
    const location = posted.headers.get('location')!;
    const first = codeIn(await (await sentPageOf(intake, posted)).text())!;
    expect(first).toMatch(/^[0-9A-Z]{4}(-[0-9A-Z]{4}){4}$/);
    // The history holds this GET, not the POST: a reload, or a phone waking the tab, asks for the page again.
    for (let i = 0; i < 3; i++) {
      const again = await intake.app.request(location, {}, intake.env());
      expect(again.status).toBe(200);
      expect(again.headers.get('cache-control')).toBe('no-store');
      expect(codeIn(await again.text())).toBe(first);
    }
    const entities = await decryptAll();
    expect(entities).toHaveLength(1);
    expect(entities[0]).toContain('MARKER-RELOAD');
    expect(await intake.queue.receiptStatus(await codeLookupHash(first))).toBe('waiting');
    // The address carries the code sealed, not readable.
    expect(location).not.toContain(first.replace(/-/g, ''));

    const gone = async (path: string) => {
      const response = await intake.app.request(path, {}, intake.env());
      expect(response.status).toBe(410);
      const html = await response.text();
      expect(html).not.toMatch(/<code>/);
      return html;
    };
    const token = new URL(location, 'http://x').searchParams.get('t')!;
    const flipped = token.slice(0, 30) + (token[30] === 'A' ? 'B' : 'A') + token.slice(31);
    const otherKey = sentPageKey('another secret, another tip line, at least 32 chars');
    for (const path of [
      '/api/tips/sent?lang=es',
      `/api/tips/sent?lang=es&t=${flipped}`,
      `/api/tips/sent?lang=es&t=${token}x`,
      `/api/tips/sent?lang=es&t=${token.slice(0, -1)}*`,
      sentPageLocation(otherKey, 'es', first, intake.clock.now()),
    ])
      await gone(path);
    // An hour later the page has expired: no code, and still nothing sent again.
    intake.clock.advance(sentPageLifetimeMs);
    const expired = await gone(location);
    expectPage(expired, 'es');
    expect(expired).toContain('Esta página ha caducado');
    expect(expired).toContain('href="/es/status/"');
    expect(await intake.queue.counts()).toEqual({ pending: 1, dead: 0 }); // the one report, out for delivery
  });

  it("shows the emergency numbers as tel: links, and the site's emergency bar, on every page the no-JS path answers with", async () => {
    const pages = [
      await sentPageOf(intake, await post(form({ happened: 'numbers' }))), // sent
      await intake.app.request('/api/tips/sent?lang=es', {}, intake.env()), // sent, expired
      await post('lang=es', urlencoded), // refused: empty
      await intake.app.request(
        '/api/status',
        { method: 'POST', headers: urlencoded, body: 'receipt=0000-0000-0000-0000-0000&lang=ht' },
        intake.env(),
      ),
      await intake.app.request('/api/status', { method: 'POST', headers: urlencoded, body: 'receipt=nope&lang=es' }),
    ];
    for (const response of pages) {
      const html = await response.text();
      expect(html).toContain('<a class="response-numbers__number" href="tel:911">911</a>');
      expect(html).toContain('<a class="response-numbers__number" href="tel:707">707</a>');
      const bar = html.slice(html.indexOf('<aside class="emergency-bar"'));
      expect(bar).toMatch(/^<aside class="emergency-bar" aria-label="[^"]+"/);
      expect(bar).toContain('href="tel:911"');
      expect(bar).toContain('href="tel:707"');
    }
  });

  it('keeps a file name\'s line breaks out of the report\'s own lines (no forged "Replies:")', async () => {
    const body = [
      '--xyz',
      'Content-Disposition: form-data; name="happened"',
      '',
      'story\r\nReplies: FAKE',
      '--xyz',
      'Content-Disposition: form-data; name="where"',
      '',
      'here\r\nReplies: FAKE',
      '--xyz',
      'Content-Disposition: form-data; name="attachments"; filename*=UTF-8\'\'a%0D%0AReplies%3A%20FAKE.txt',
      'Content-Type: text/plain',
      '',
      'notes',
      '--xyz--',
      '',
    ].join('\r\n');
    expect((await post(body, { 'content-type': 'multipart/form-data; boundary=xyz' })).status).toBe(303);
    const [entity] = await decryptAll();
    const summary = entity!.slice(0, entity!.indexOf('--tip-', entity!.indexOf('Attachments')));
    const decoded = summary
      .replace(/=\r\n/g, '')
      .replace(/=([0-9A-F]{2})/g, (_, h: string) => String.fromCharCode(parseInt(h, 16)));
    expect(decoded.split('\r\n').filter((line) => line.startsWith('Replies:'))).toHaveLength(1);
  });

  it('refuses a request with no client address (503, said in the log), instead of a bucket shared by all of them', async () => {
    const errors = vi.spyOn(console, 'error').mockImplementation(() => {});
    try {
      for (let i = 0; i < 4; i++) {
        const response = await intake.app.request('/api/tips?lang=es', {
          method: 'POST',
          headers: urlencoded,
          body: 'danger=yes',
        });
        expect(response.status).toBe(503);
        expect(await response.text()).toContain('no puede recibir denuncias en este momento');
      }
      expect(errors).toHaveBeenCalledTimes(1); // the first at once, then at most one line a minute
      expect(String(errors.mock.calls[0]![0])).toMatch(
        /1 request refused .*TRUSTED_CLIENT_IP=socket gave no client address/,
      );
      // Whoever has an address is not affected.
      expect((await post('danger=yes', urlencoded)).status).toBe(303);
    } finally {
      errors.mockRestore();
    }
  });
});
