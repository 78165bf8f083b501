// robots.txt: everything may be indexed except the tip line's API; the sitemap's absolute address.
import type { APIRoute } from 'astro';
import { absoluteUrl } from '../lib/site-data.ts';

export const GET: APIRoute = () =>
  new Response(
    ['User-agent: *', 'Disallow: /api/', 'Allow: /', '', `Sitemap: ${absoluteUrl('/sitemap-index.xml')}`, ''].join(
      '\n',
    ),
    {
      headers: { 'Content-Type': 'text/plain; charset=utf-8' },
    },
  );
