// Share cards: a 1200×630 picture for every page in every language, shown when a link is shared on WhatsApp,
// Facebook and the like (og:image). Built from the page's title and the campaign identity.
import type { APIRoute, GetStaticPaths } from 'astro';
import sharp from 'sharp';
import type { Locale } from '../../../i18n/locales.ts';
import { siteOrigin } from '../../../lib/site-data.ts';
import { sitePages } from '../../../lib/site-pages.ts';
import { shareCard } from '../../../materials/designs.ts';
import { printText } from '../../../materials/print-text.ts';
import { pageToSvg } from '../../../materials/to-svg.ts';

export const getStaticPaths: GetStaticPaths = async () =>
  (await sitePages()).map((page) => ({
    params: { lang: page.locale, slug: page.slug === '' ? 'index' : page.slug },
    props: { title: page.title },
  }));

export const GET: APIRoute = async ({ params, props }) => {
  const locale = params.lang as Locale;
  const { title } = props as { title: string };
  const svg = pageToSvg(shareCard(title, await printText(locale), new URL(siteOrigin()).host), 1200, title);
  const png = await sharp(Buffer.from(svg)).png({ compressionLevel: 9, palette: true, quality: 100 }).toBuffer();
  return new Response(new Uint8Array(png), { headers: { 'Content-Type': 'image/png' } });
};
