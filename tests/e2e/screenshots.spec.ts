// Renders the pages a new reader meets first (home, a content page, the report page, the materials page) at a
// phone's 360 px and a desktop's 1280 px, in each language, for people to look at: test-results/screenshots/.
// Each page gives a first-screen shot and a whole-page shot. Each is also checked: nothing sticks out sideways, the
// emergency bar and the quick exit are on the first screen, and every picture loaded.
// UPDATE_README_SCREENSHOTS=1 refreshes the README's pictures in docs/images/.
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { expect, test } from '@playwright/test';

const out = join(process.cwd(), 'test-results', 'screenshots');
const readme = join(process.cwd(), 'docs', 'images');
const pages = { home: '', signs: 'signs/', report: 'report/', materials: 'materials/' };
const widths = [360, 1280];
mkdirSync(out, { recursive: true });

for (const locale of ['en', 'es', 'ht']) {
  for (const [name, slug] of Object.entries(pages)) {
    test(`screenshots: ${locale} ${name} at ${widths.join(' and ')} px`, async ({ browser, baseURL }) => {
      for (const width of widths) {
        const context = await browser.newContext({ baseURL, viewport: { width, height: width < 500 ? 740 : 900 } });
        const page = await context.newPage();
        await page.goto(`/${locale}/${slug}`);
        await expect(page.locator('.emergency-bar')).toBeInViewport();
        await expect(page.locator('.quick-exit__button')).toBeInViewport();
        expect(
          await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth),
        ).toBeLessThanOrEqual(0);
        await page.screenshot({ path: join(out, `${locale}-${name}-${width}-first-screen.png`) });
        if (process.env.UPDATE_README_SCREENSHOTS && locale === 'en' && (name === 'home' || name === 'materials')) {
          await page.screenshot({ path: join(readme, `${name}-${width}.png`) });
        }
        // The whole page: the window grown to the page's height, so the sticky emergency bar is drawn where a reader
        // who scrolled to the end sees it (a full-page capture would paint it mid-page, where it never is), and
        // every lazy picture is in view, loaded and decoded, as it is for a reader who scrolls to it.
        const height = await page.evaluate(() => document.documentElement.scrollHeight);
        await page.setViewportSize({ width, height });
        await page.waitForFunction(() => [...document.images].every((img) => img.complete));
        const broken = await page.evaluate(async () => {
          await Promise.all([...document.images].map((img) => img.decode().catch(() => undefined)));
          return [...document.images].filter((img) => img.naturalWidth === 0).map((img) => img.src);
        });
        expect(broken).toEqual([]);
        await expect(page.locator('.emergency-bar')).toBeInViewport();
        await page.screenshot({ path: join(out, `${locale}-${name}-${width}.png`) });
        await context.close();
      }
    });
  }
  test(`screenshots: ${locale} home in dark mode at 360 px`, async ({ browser, baseURL }) => {
    const context = await browser.newContext({ baseURL, viewport: { width: 360, height: 740 }, colorScheme: 'dark' });
    const page = await context.newPage();
    await page.goto(`/${locale}/`);
    await expect(page.locator('.paths__link--help')).toBeInViewport();
    await page.screenshot({ path: join(out, `${locale}-home-360-dark.png`) });
    await context.close();
  });
}
