// The content check speaks to campaign staff: one line per problem, naming the file, the exact line, the field and
// what to do. Each case writes a small content folder with one mistake in it.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterEach, describe, expect, test } from 'vitest';
import { checkContent } from '../../src/content-check/check.ts';
import { formatProblem } from '../../src/content-check/problem.ts';
import { calendarDateProblem } from '../../src/schema/calendar-date.ts';

const news = (lines: string[]) => ['---', ...lines, '---', '', 'The text of the news item.', ''].join('\n');
const goodNews = [
  'title: "A title"',
  'date: 2026-07-30',
  'summary: A short summary.',
  'sources:',
  '  - title: A report',
  '    publisher: UNODC',
];
const settings = (verified: string) =>
  JSON.stringify(
    {
      site: {
        campaignName: { en: 'Together' },
        taskForceName: 'Task force',
        ministry: 'Ministry',
        quickExitUrl: 'https://example.org',
        siteUrl: 'https://example.org',
      },
      numbers: [{ id: 'police', number: '911', tel: '911', source: 'Police', verified, status: 'confirmed' }],
    },
    null,
    2,
  );

let dir = '';
function content(files: Record<string, string>): string {
  dir = mkdtempSync(join(tmpdir(), 'content-check-'));
  for (const [name, text] of Object.entries({ 'settings.json': settings('2023-05-01'), ...files })) {
    mkdirSync(dirname(join(dir, name)), { recursive: true });
    writeFileSync(join(dir, name), text);
  }
  return dir;
}
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const lines = (files: Record<string, string>) => checkContent(content(files)).map(formatProblem);

describe('content check', () => {
  test('good content has no problems', () => {
    expect(
      lines({
        'news/en/item.md': news(goodNews),
        'media/photo.jpg': 'x',
        'news/es/item.md': news([...goodNews, 'image: /media/photo.jpg', 'imageAlt: Una foto']),
      }),
    ).toEqual([]);
  });

  test('a missing required field points at the closing --- where it goes', () => {
    expect(lines({ 'news/en/item.md': news(goodNews.filter((l) => !l.startsWith('summary'))) })).toEqual([
      'content/news/en/item.md, line 7, field "summary": it is missing. Add a line "summary: …" to the front matter, above this closing ---.',
    ]);
  });

  test('a missing field inside a list item names the item and its line', () => {
    expect(lines({ 'news/en/item.md': news(goodNews.filter((l) => !l.includes('publisher'))) })).toEqual([
      'content/news/en/item.md, line 6, field "sources > item 1 > publisher": it is missing. Add a line "publisher: …" to the front matter, above this closing ---.',
    ]);
  });

  test('an impossible date is caught before YAML rolls it over into the next year', () => {
    expect(lines({ 'news/en/item.md': news(goodNews.map((l) => l.replace('2026-07-30', '2026-12-45'))) })).toEqual([
      'content/news/en/item.md, line 3, field "date": "2026-12-45" is not on the calendar: December 2026 has 31 days. Write a real date as YYYY-MM-DD.',
    ]);
  });

  test('30 February is refused (JavaScript would make it 2 March)', () => {
    expect(calendarDateProblem('2026-02-30')).toBe('"2026-02-30" is not on the calendar: February 2026 has 28 days');
    expect(calendarDateProblem('2028-02-29')).toBeNull();
    expect(calendarDateProblem('2026-13-01')).toBe('"2026-13-01" has no month 13: the month is 01 to 12');
    expect(calendarDateProblem('next week')).toMatch(/not a date written as YYYY-MM-DD/);
  });

  test('an impossible "verified" date in settings.json names its line', () => {
    const text = settings('2023-02-29');
    const line = text.split('\n').findIndex((l) => l.includes('"verified"')) + 1;
    expect(lines({ 'settings.json': text })).toEqual([
      `content/settings.json, line ${line}, field "numbers > item 1 > verified": "2023-02-29" is not on the calendar: February 2023 has 28 days. Write a real date as YYYY-MM-DD.`,
    ]);
  });

  test('an unknown language folder names the folder and the languages', () => {
    expect(lines({ 'news/en/item.md': news(goodNews), 'news/fr/item.md': news(goodNews) })).toEqual([
      'content/news/fr/item.md, line 1, language folder "fr": it is not one of the site\'s languages (en, es, ht). Move the file into content/news/en/, content/news/es/, content/news/ht/, or ask a developer to add the language in src/i18n/locales.ts.',
    ]);
  });

  test('a UI strings file for an unknown language is named', () => {
    expect(lines({ 'i18n/fr.json': '{}' })[0]).toMatch(
      /^content\/i18n\/fr\.json, line 1, language "fr": it is not one of the site's languages/,
    );
  });

  test('a picture without alt text, in the front matter or in the text, names its line', () => {
    const withPicture = [...goodNews, 'image: /media/photo.jpg'];
    expect(
      lines({ 'media/photo.jpg': 'x', 'news/es/item.md': news(withPicture) + '\n![](/media/photo.jpg)\n' }),
    ).toEqual([
      'content/news/es/item.md, line 9, field "imageAlt": the picture has no alt text. Add a line "imageAlt: …" with a sentence in this language saying what the picture shows.',
      'content/news/es/item.md, line 13, picture in the text: the picture has no alt text. Write what it shows between the square brackets: ![A volunteer hands out leaflets](…).',
    ]);
    expect(lines({ 'media/photo.jpg': 'x', 'news/es/item.md': news([...withPicture, 'imageAlt: ""']) })[0]).toMatch(
      /line 9, field "imageAlt": the picture has no alt text/,
    );
  });

  test('a picture that is not in content/media/ is named', () => {
    expect(lines({ 'news/en/item.md': news([...goodNews, 'image: /media/gone.jpg', 'imageAlt: A photo']) })).toEqual([
      'content/news/en/item.md, line 8, field "image": the picture /media/gone.jpg is not in content/media/. Upload it again, or choose another.',
    ]);
  });

  test('broken YAML names the line to look at', () => {
    expect(
      lines({ 'news/en/item.md': news([...goodNews.slice(0, 2), 'summary: "an open quote', ...goodNews.slice(3)]) })[0],
    ).toMatch(
      /^content\/news\/en\/item\.md, line 4, front matter: it cannot be read \(.+\)\. Check the quotes, colons and indentation on this line\.$/,
    );
  });
});
