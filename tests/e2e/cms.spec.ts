// The CMS for campaign staff, driven in real Chromium through Sveltia CMS's real interface. Backend: Sveltia's own
// "local repository" mode (File System Access API) on a folder the test provides (cms/local-repository.ts): it runs
// here without the internet or a Git host, and reads and writes files exactly as staff's commits would. The files it
// writes must pass the content check and the schema, and a build of the site must show them.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { expect, test, type Locator, type Page } from '@playwright/test';
import { checkContent } from '../../src/content-check/check.ts';
import { formatProblem } from '../../src/content-check/problem.ts';
import { fillRepository, provideRepositoryFolder, readRepository } from './cms/local-repository.ts';
import { siteBuilder } from '../unit/helpers/build-site.ts';
import { settingsSchema } from '../../src/schema/collections.ts';

/** content/settings.json as written (dates as YYYY-MM-DD text). */
type Settings = { site: unknown; numbers: Record<string, string>[] };

// The CMS loads 2 MB of script and all of content/: on a shared machine that takes a while.
test.use({ actionTimeout: 30_000 });
const ui = expect.configure({ timeout: 30_000 });

const photo = join(process.cwd(), 'tests', 'fixtures', 'gps-photo.jpg');
/** Sveltia wraps names in Unicode isolates (“⁨Title⁩” Field); match the text with them anywhere. */
const named = (text: string) =>
  new RegExp(
    `^\u2068?${[...text].map((c) => c.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('[\u2068\u2069]*')}\u2069?$`,
  );
/** The editor pane of one language, and a field in it (or in a part of it). */
const editor = (page: Page, language: string) => page.getByRole('group', { name: named(`Edit ${language} Content`) });
const field = (scope: Locator, label: string) => scope.getByRole('group', { name: named(`“${label}” Field`) }).first();
/** Drops a file on an element, as staff do when they drag a photo from their computer. */
export async function dropFile(page: Page, target: Locator, path: string, type: string) {
  const dataTransfer = await page.evaluateHandle(
    ({ base64, name, type }) => {
      const transfer = new DataTransfer();
      transfer.items.add(new File([Uint8Array.from(atob(base64), (c) => c.charCodeAt(0))], name, { type }));
      return transfer;
    },
    { base64: readFileSync(path).toString('base64'), name: 'volunteers.jpg', type },
  );
  for (const event of ['dragenter', 'dragover', 'drop']) await target.dispatchEvent(event, { dataTransfer });
}
// The staff guide's pictures: refreshed only when asked (UPDATE_README_SCREENSHOTS=1), so a test run leaves the tree clean.
const shotDir = process.env.UPDATE_README_SCREENSHOTS ? 'docs/images' : 'test-results/screenshots';
const shot = (page: Page, name: string) => page.screenshot({ path: `${shotDir}/staff-${name}.png` });

test("staff write and translate news with a photo (previewed in the site's style), mark a Creole translation as checked and change a phone number with its source; the site builds with what the CMS wrote", async ({
  page,
  baseURL,
}) => {
  test.setTimeout(360_000);
  await page.setViewportSize({ width: 1280, height: 800 });
  const self = new URL(baseURL!).origin;
  const requests: string[] = [];
  page.on('request', (r) => requests.push(r.url()));
  await provideRepositoryFolder(page);
  await page.goto('/robots.txt');
  await fillRepository(page, 'content');

  // Log in: on this machine, the local folder; on the public site, "Sign In with GitHub".
  const admin = await page.goto('/admin/');
  expect(admin!.headers()['content-security-policy']).toContain("connect-src 'self' https://api.github.com");
  expect(admin!.headers()['x-robots-tag']).toBe('noindex, nofollow');
  await ui(page.getByRole('button', { name: named('Sign In with GitHub') })).toBeVisible();
  await shot(page, 'login');
  await page.getByRole('button', { name: 'Work with Local Repository' }).click();
  await ui(page.getByRole('button', { name: 'New' })).toBeVisible();

  // A news item, written in English and translated into Spanish, with a photo.
  await page.getByRole('button', { name: 'New' }).click();
  const en = editor(page, 'English');
  await field(en, 'Title').getByRole('textbox').fill('Volunteers train in Basseterre');
  await field(en, 'Date').getByRole('textbox').fill('2026-11-20');
  await field(en, 'Summary').getByRole('textbox').fill('Twenty volunteers learned the warning signs of trafficking.');
  await field(en, 'Picture').getByRole('button', { name: 'Browse' }).click();
  const library = page.getByRole('dialog', { name: 'Select Image' });
  const chooser = page.waitForEvent('filechooser', { timeout: 15_000 });
  await library.getByRole('button', { name: 'Upload' }).click();
  await (await chooser).setFiles(photo);
  await shot(page, 'image-upload');
  await library.getByRole('option', { name: 'gps-photo.jpg' }).waitFor();
  await library.getByRole('button', { name: 'Insert' }).click();
  await field(en, 'Alt text').getByRole('textbox').fill('Volunteers sit in a circle with leaflets');
  await field(en, 'Sources')
    .getByRole('button', { name: named('Add Sources') })
    .click();
  await field(field(en, 'Sources'), 'Title').getByRole('textbox').fill('Training on the signs of trafficking');
  await field(field(en, 'Sources'), 'Publisher').getByRole('textbox').fill('National Task Force');
  await field(en, 'Text').getByRole('textbox').click();
  await page.keyboard.type('The training covered the warning signs and where to get help.');
  await shot(page, 'news-english');

  await en.getByRole('radio', { name: 'Spanish' }).click();
  const es = editor(page, 'Spanish');
  await field(es, 'Title').getByRole('textbox').fill('Voluntarios se capacitan en Basseterre');
  await field(es, 'Summary').getByRole('textbox').fill('Veinte voluntarios aprendieron las señales de la trata.');
  await field(es, 'Alt text').getByRole('textbox').fill('Voluntarios sentados en círculo con folletos');
  await field(es, 'Translation').getByRole('radio', { name: 'draft' }).check();
  await field(es, 'Text').getByRole('textbox').click();
  await page.keyboard.type('La capacitación trató las señales de alerta y dónde buscar ayuda.');
  // The preview beside it: the site's own stylesheet (same origin, as the CMS's CSP requires), in Spanish.
  const preview = page.locator('[data-mode="preview"] iframe').contentFrame();
  await ui(preview.getByText('Voluntarios se capacitan en Basseterre')).toBeVisible();
  await ui(preview.locator('html')).toHaveAttribute('lang', 'es');
  expect(
    await preview.locator('section[data-key-path="title"] > p').evaluate((title) => ({
      sheets: [...title.ownerDocument.styleSheets].map((s) => new URL(s.href ?? 'inline:', location.href).pathname),
      font: getComputedStyle(title).fontFamily,
      weight: getComputedStyle(title).fontWeight,
    })),
  ).toMatchObject({
    sheets: expect.arrayContaining(['/site.css', '/admin/preview.css']),
    font: expect.stringMatching(/^"?Atkinson Hyperlegible Next/),
    weight: '800',
  });
  await shot(page, 'news-spanish');
  await es.getByRole('radio', { name: 'Haitian Creole' }).click();
  await editor(page, 'Haitian Creole')
    .getByRole('button', { name: named('Show Haitian Creole Content Options') })
    .click();
  // Not translated yet: the Creole site shows the English text with a notice until a translator adds it.
  await page.getByRole('menuitem', { name: named('Disable Haitian Creole') }).click();
  await page.getByRole('button', { name: 'Save' }).click();
  await ui(page.getByRole('treeitem', { name: 'News' })).toContainText('4');

  // A page's Haitian Creole translation: a new description, and the translation marked as checked.
  await page.getByRole('treeitem', { name: 'Pages' }).click();
  await page.getByText('The law and the National Task Force').click();
  await editor(page, 'English').getByRole('radio', { name: 'Haitian Creole' }).click();
  const ht = editor(page, 'Haitian Creole');
  await field(ht, 'Description')
    .getByRole('textbox')
    .fill('Sa lwa Sen Kits ak Nevis di sou trafik moun, ak ki moun k ap travay kont li.');
  await field(ht, 'Translation').getByRole('radio', { name: 'reviewed' }).check();
  await shot(page, 'translation-checked');
  await page.getByRole('button', { name: 'Save' }).click();
  await ui(page.getByRole('main', { name: named('Pages Collection') })).toBeVisible();

  // A phone number changed with its source and the day it was checked. The numbers are folded, one line each;
  // staff unfold the one to change (Sveltia draws an unfolded item's fields only as they scroll into view).
  const settingsBefore = JSON.parse(readFileSync('content/settings.json', 'utf8')) as Settings;
  const police = settingsBefore.numbers.findIndex((n) => n.id === 'police');
  await page.getByRole('treeitem', { name: named('Settings and phone numbers') }).click();
  await page
    .getByRole('grid', { name: 'Files' })
    .getByRole('row', { name: /Settings and phone numbers/ })
    .click();
  const numbers = field(page.locator('body'), 'Phone numbers');
  await ui(numbers.getByText('869-465-2241 (police): confirmed, checked 2023-05-01')).toBeVisible();
  await numbers
    .getByRole('group')
    .filter({ hasText: '869-465-2241 (police)' })
    .last()
    .getByRole('button', { name: 'Expand' })
    .click();
  const number = (name: string) => page.locator(`[data-key-path="numbers.${police}.${name}"]`);
  await number('sourceUrl').scrollIntoViewIfNeeded();
  await ui(page.getByText('Entry saved.')).toBeHidden(); // the notice of the last save, over the form
  await shot(page, 'phone-number');
  await number('number').getByRole('textbox').fill('869-555-0100');
  await number('tel').getByRole('textbox').fill('+18695550100');
  await number('source').getByRole('textbox').fill('Test source: a police press release');
  await number('sourceUrl').getByRole('textbox').fill('https://police.kn/press-releases/detail/99');
  await number('verified').getByRole('textbox').fill('2026-11-30');
  await number('status').getByRole('combobox').click();
  await page.getByRole('option', { name: 'unverified' }).click();
  await page.getByRole('button', { name: 'Save' }).click();
  // What the CMS wrote, read once it holds the new number. (A read while the CMS replaces a file finds it missing:
  // read again; the read that saw the number is the one checked, so no later write can race it.)
  let written: Record<string, Buffer> = {};
  await ui
    .poll(async () => {
      written = await readRepository(page).catch(() => ({}));
      return written['content/settings.json']?.toString() ?? '';
    })
    .toContain('869-555-0100');

  // It passes the content check and the schema, and the site builds with it.
  const created = Object.keys(written).filter((p) => /^content\/news\/[a-z]+\/.*volunteers/.test(p));
  expect(created, Object.keys(written).join(' ')).toHaveLength(2);
  const slug = created[0]!.split('/').at(-1)!.replace(/\.md$/, '');
  expect(slug).toMatch(/^2026-\d{2}-volunteers-train-in-basseterre$/);
  const spanish = written[`content/news/es/${slug}.md`]!.toString();
  expect(spanish).toContain('title: Voluntarios se capacitan en Basseterre');
  expect(spanish).toContain('translation: draft');
  expect(spanish).toMatch(/^image: \/media\/[\w-]+\.webp\nimageAlt: Voluntarios sentados en círculo con folletos$/m);
  expect(written[`content/news/ht/${slug}.md`]).toBeUndefined();
  const creole = written['content/pages/ht/law.md']!.toString();
  expect(creole).toContain('translation: reviewed');
  const picture = Object.keys(written).find((p) => p.startsWith('content/media/'))!;
  expect(picture).toMatch(/\.webp$/);
  // Re-encoded in the browser: the photo's GPS position and camera never reach the repository.
  expect(written[picture]!.includes(Buffer.from('Exif'))).toBe(false);
  expect(written[picture]!.includes(Buffer.from('GPS Test Phone'))).toBe(false);
  // Only the police number changed; the others are exactly as they were.
  const settingsJson = JSON.parse(written['content/settings.json']!.toString()) as Settings;
  expect(settingsSchema.safeParse(settingsJson).error).toBeUndefined();
  const settings = settingsJson;
  expect(settings.numbers[police]).toEqual({
    id: 'police',
    number: '869-555-0100',
    tel: '+18695550100',
    source: 'Test source: a police press release',
    sourceUrl: 'https://police.kn/press-releases/detail/99',
    verified: '2026-11-30',
    status: 'unverified',
  });
  expect(settings.numbers.toSpliced(police, 1)).toEqual(settingsBefore.numbers.toSpliced(police, 1));
  expect(settings.site).toEqual(settingsBefore.site);

  const { buildWith, cleanup } = siteBuilder('cms-build');
  try {
    const build = await buildWith('after-cms', (content) => {
      for (const [path, bytes] of Object.entries(written)) {
        mkdirSync(dirname(join(content, path.slice('content/'.length))), { recursive: true });
        writeFileSync(join(content, path.slice('content/'.length)), bytes);
      }
      expect(checkContent(content).map(formatProblem)).toEqual([]);
    });
    expect(build.ok, /Error[\s\S]{0,1200}/.exec(build.output)?.[0]).toBe(true);
    const news = readFileSync(join(build.out, 'es', 'news', slug, 'index.html'), 'utf8');
    expect(news).toContain('<h1>Voluntarios se capacitan en Basseterre</h1>');
    expect(news).toContain('data-notice="draft"');
    expect(news).toMatch(
      /<img[^>]+src="\/_astro\/[^"]+\.webp"[^>]*alt="Voluntarios sentados en círculo con folletos"|<img[^>]+alt="Voluntarios sentados en círculo con folletos"[^>]+src="\/_astro\/[^"]+\.webp"/,
    );
    const law = readFileSync(join(build.out, 'ht', 'law', 'index.html'), 'utf8');
    expect(law).toContain('Sa lwa Sen Kits ak Nevis di sou trafik moun, ak ki moun k ap travay kont li.');
    expect(law).not.toContain('data-notice="draft"');
    expect(readFileSync(join(build.out, 'ht', 'news', slug, 'index.html'), 'utf8')).toContain(
      'data-notice="untranslated"',
    );
    const help = readFileSync(join(build.out, 'en', 'get-help', 'index.html'), 'utf8');
    expect(help).toContain('<a class="numbers__number" href="tel:+18695550100">869-555-0100</a>');
    expect(help).toContain('Test source: a police press release');
    expect(help).not.toContain('869-465-2241');
  } finally {
    cleanup();
  }

  // The CMS asked no other origin for anything (no Git host is used in local mode).
  expect(
    requests.filter((url) => new URL(url).origin !== self && !url.startsWith('data:') && !url.startsWith('blob:')),
  ).toEqual([]);
});
