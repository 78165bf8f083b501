// The favicon is the campaign mark, drawn from the one definition in src/identity/mark.ts.
import type { APIRoute } from 'astro';
import { markSvg } from '../identity/mark.ts';

export const GET: APIRoute = () => new Response(markSvg(), { headers: { 'Content-Type': 'image/svg+xml' } });
