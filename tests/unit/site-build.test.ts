// Checks the built site in dist/ (npm test builds it first): every page's head for search engines and link
// previews, the pictures pages show, the share cards, the sitemap, the feeds and robots.txt.
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import sharp from 'sharp';
import { describe, expect, test } from 'vitest';

const dist = join(process.cwd(), 'dist');
const locales = ['en', 'es', 'ht'];
const settings = JSON.parse(readFileSync('content/settings.json', 'utf8'));
const origin = (process.env.SITE_URL || settings.site.siteUrl).replace(/\/+$/, '');

function pages(): { path: string; html: string }[] {
  const found: { path: string; html: string }[] = [];
  const walk = (dir: string) => {
    for (const name of readdirSync(dir)) {
      const file = join(dir, name);
      if (statSync(file).isDirectory()) walk(file);
      else if (name === 'index.html')
        found.push({
          path: `/${relative(dist, dir).split(sep).join('/')}/`.replace(/\/+$/, '/'),
          html: readFileSync(file, 'utf8'),
        });
    }
  };
  walk(dist);
  // "/" only redirects; /admin/ is the CMS for staff and /desk/ the task force's desk (both noindex, no share card),
  // checked by deploy-headers, cms.spec and desk.spec.
  return found.filter((p) => p.path !== '/' && !p.path.startsWith('/admin/') && !p.path.startsWith('/desk/'));
}

const attr = (html: string, selector: RegExp) => [...html.matchAll(selector)].map((m) => m[1]!);
const meta = (html: string, property: string) =>
  attr(html, new RegExp(`<meta (?:property|name)="${property.replace(/[.:]/g, '\\$&')}" content="([^"]*)"`, 'g'));

describe.skipIf(!existsSync(dist))('the built site', () => {
  const all = pages();

  test('there are pages in every language, among them search and materials', () => {
    for (const l of locales) {
      for (const slug of ['', 'signs/', 'report/', 'search/', 'materials/', 'news/'])
        expect(all.map((p) => p.path)).toContain(`/${l}/${slug}`);
    }
  });

  test('every page has an absolute canonical address and absolute alternates for each language, itself and x-default', () => {
    for (const { path, html } of all) {
      const [lang, ...rest] = path.split('/').filter(Boolean);
      const tail = rest.length ? `${rest.join('/')}/` : '';
      expect(attr(html, /<link rel="canonical" href="([^"]+)"/g), path).toEqual([`${origin}${path}`]);
      const alternates = Object.fromEntries(
        [...html.matchAll(/<link rel="alternate" hreflang="([^"]+)" href="([^"]+)"/g)].map((m) => [m[1], m[2]]),
      );
      expect(alternates, path).toEqual({
        en: `${origin}/en/${tail}`,
        es: `${origin}/es/${tail}`,
        ht: `${origin}/ht/${tail}`,
        'x-default': `${origin}/en/${tail}`,
      });
      expect(alternates[lang!]).toBe(`${origin}${path}`);
    }
  });

  test('every picture a page shows (src and each srcset candidate) is a file in the build', () => {
    let count = 0;
    for (const { path, html } of all) {
      for (const [, tag] of html.matchAll(/<img\b([^>]*)>/g)) {
        const urls = [
          ...attr(tag!, /\ssrc="([^"]+)"/g),
          ...attr(tag!, /\ssrcset="([^"]+)"/g).flatMap((set) => set.split(',').map((c) => c.trim().split(/\s+/)[0]!)),
        ];
        for (const url of urls) {
          expect(url, `${path}: ${url}`).toMatch(/^\//);
          expect(existsSync(join(dist, url)), `${path}: ${url}`).toBe(true);
          count++;
        }
      }
    }
    expect(count).toBeGreaterThan(locales.length * 8); // the home page's poster (two sizes) and the materials previews
  });

  test('every page in every language has its own 1200×630 share card at an absolute address, with Open Graph and Twitter tags', async () => {
    const cards = new Set<string>();
    for (const { path, html } of all) {
      const [image] = meta(html, 'og:image');
      expect(image, path).toMatch(new RegExp(`^${origin.replace(/[.]/g, '\\.')}/og/(en|es|ht)/.+\\.png$`));
      expect(meta(html, 'twitter:image'), path).toEqual([image]);
      expect(meta(html, 'twitter:card'), path).toEqual(['summary_large_image']);
      expect(meta(html, 'og:title')[0], path).toBeTruthy();
      expect(meta(html, 'og:url'), path).toEqual([`${origin}${path}`]);
      expect(meta(html, 'og:locale')[0], path).toMatch(/^(en|es|ht)_[A-Z]{2}$/);
      const file = join(dist, new URL(image!).pathname);
      expect(existsSync(file), `${path}: ${image}`).toBe(true);
      cards.add(file);
    }
    expect(cards.size).toBe(all.length);
    for (const file of [...cards].filter((_, i) => i % 7 === 0)) {
      const { width, height, format } = await sharp(file).metadata();
      expect({ width, height, format }, file).toEqual({ width: 1200, height: 630, format: 'png' });
    }
  });

  test('every sitemap entry lists its alternates in all three languages, and utility pages stay out', () => {
    const index = readFileSync(join(dist, 'sitemap-index.xml'), 'utf8');
    expect(XMLValidator.validate(index)).toBe(true);
    const parser = new XMLParser({
      ignoreAttributes: false,
      isArray: (name) => ['url', 'xhtml:link', 'sitemap'].includes(name),
    });
    const sitemaps = parser.parse(index).sitemapindex.sitemap.map((s: { loc: string }) => new URL(s.loc).pathname);
    const urls = sitemaps.flatMap((p: string) => parser.parse(readFileSync(join(dist, p), 'utf8')).urlset.url) as {
      loc: string;
      'xhtml:link': { '@_hreflang': string; '@_href': string }[];
    }[];
    expect(urls.length).toBeGreaterThan(40);
    for (const url of urls) {
      expect(url.loc.startsWith(`${origin}/`)).toBe(true);
      const tail = new URL(url.loc).pathname.split('/').slice(2).join('/');
      expect(
        url['xhtml:link'].map((l) => [l['@_hreflang'], l['@_href']]),
        url.loc,
      ).toEqual(locales.map((l) => [l, `${origin}/${l}/${tail}`]));
      expect(url.loc).not.toMatch(/\/(status|search)\/$/);
    }
  });

  test("each language's feed parses and lists that language's news, newest first, with absolute links", () => {
    for (const l of locales) {
      const xml = readFileSync(join(dist, l, 'news', 'rss.xml'), 'utf8');
      expect(XMLValidator.validate(xml), l).toBe(true);
      const channel = new XMLParser({ isArray: (name) => name === 'item' }).parse(xml).rss.channel;
      expect(channel.language).toBe(l);
      const news = readdirSync(join('content', 'news', l)).map((f) => f.replace(/\.md$/, ''));
      const links = channel.item.map((i: { link: string }) => i.link);
      expect(links.sort()).toEqual(news.map((slug) => `${origin}/${l}/news/${slug}/`).sort());
      const titles = news.map(
        (slug) => /^title: "?(.*?)"?$/m.exec(readFileSync(join('content', 'news', l, `${slug}.md`), 'utf8'))![1],
      );
      for (const item of channel.item) expect(titles).toContain(item.title);
      const dates = channel.item.map((i: { pubDate: string }) => Date.parse(i.pubDate));
      expect(dates).toEqual([...dates].sort((a, b) => b - a));
      expect(readFileSync(join(dist, l, 'index.html'), 'utf8')).toContain(
        `type="application/rss+xml" title="${channel.title}" href="${origin}/${l}/news/rss.xml"`,
      );
    }
  });

  test('robots.txt allows the site, keeps crawlers off the API and points at the sitemap', () => {
    const robots = readFileSync(join(dist, 'robots.txt'), 'utf8');
    expect(robots).toMatch(/^User-agent: \*$/m);
    expect(robots).toMatch(/^Disallow: \/api\/$/m);
    expect(robots).toContain(`Sitemap: ${origin}/sitemap-index.xml`);
  });

  test('the search index has one index per language', () => {
    const entry = JSON.parse(readFileSync(join(dist, 'pagefind', 'pagefind-entry.json'), 'utf8'));
    expect(Object.keys(entry.languages).sort()).toEqual(locales);
  });
});
