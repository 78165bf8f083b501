// The task force public keys at a stable address, built from the same loader as the fingerprints on the report
// page and the keys the intake checks against. Static hosting serves it by its extension; the Node server maps
// .asc to application/pgp-keys.
import type { APIRoute } from 'astro';
import { buildTimeKeys } from '../lib/taskforce-keys.ts';

export const GET: APIRoute = async () => {
  const { armored } = await buildTimeKeys();
  return new Response(`${armored.trim()}\n`, { headers: { 'Content-Type': 'application/pgp-keys' } });
};
