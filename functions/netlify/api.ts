// Netlify Functions entry for the tip line's API (/api/*): the shared Hono app (functions/runtime/serverless.ts).
// Netlify's `functions` directory is this folder (netlify.toml), so only entries live here: every file directly in
// it becomes a function.
// Client address for rate limiting: TRUSTED_CLIENT_IP=x-nf-client-connection-ip, a header Netlify's edge sets and a
// client cannot forge. Netlify's request body limit (about 6 MB, less for binary) applies before this code runs.
import { handleApi } from '../runtime/serverless.ts';

/** The part of Netlify's Context the app may use (typed here to avoid a dependency on @netlify/functions). */
export interface NetlifyContext {
  ip?: string;
  waitUntil?: (promise: Promise<unknown>) => void;
}

export default function handler(request: Request, context: NetlifyContext): Promise<Response> {
  return handleApi(request, { context });
}

export const config = { path: '/api/*' };
