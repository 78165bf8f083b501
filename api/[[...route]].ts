// Vercel Function entry for the tip line's API (/api/altcha, /api/tips, /api/tips/uploads/…, /api/status): the
// shared Hono app (functions/runtime/serverless.ts), with Vercel's Web signature (a Request in, a Response out, one
// export per method).
// Client address for rate limiting: TRUSTED_CLIENT_IP=x-real-ip, which Vercel's edge sets from the connection
// (whatever the client sent is replaced). Vercel refuses request bodies over 4.5 MB before this code runs.
import { handleApi } from '../functions/runtime/serverless.ts';

const handler = (request: Request): Promise<Response> => handleApi(request);

export const GET = handler;
export const HEAD = handler;
export const POST = handler;
export const PUT = handler; // the parts of a report sent in parts
export const OPTIONS = handler;
