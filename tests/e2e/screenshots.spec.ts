// Renders the pages a new reader meets first (home, a content page, the report page, the materials page) at a
// phone's 360 px and a desktop's 1280 px, in each language, for people to look at: test-results/screenshots/.
// Each shot is also checked: nothing sticks out sideways, the emergency bar and the quick exit are on screen, and
// the campaign's images loaded. UPDATE_README_SCREENSHOTS=1 refreshes the README's pictures in docs/images/.
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
        // Lazy pictures (materials previews) load when scrolled to: bring them in before the full-page shot.
        await page.evaluate(() => document.querySelectorAll('img').forEach((img) => img.setAttribute('loading', 'eager')));
        await page.waitForFunction(() => [...document.images].every((img) => img.complete && img.naturalWidth > 0));
        await expect(page.locator('.emergency-bar')).toBeInViewport();
        await expect(page.locator('.quick-exit__button')).toBeInViewport();
        expect(await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth)).toBeLessThanOrEqual(0);
        await page.screenshot({ path: join(out, `${locale}-${name}-${width}.png`), fullPage: true });
        if (process.env.UPDATE_README_SCREENSHOTS && locale === 'en' && (name === 'home' || name === 'materials')) {
          await page.screenshot({ path: join(readme, `${name}-${width}.png`), fullPage: false });
        }
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
