// Netlify scheduled function: every 5 minutes, one forwarding pass (due retries, tips whose immediate attempt
// failed or whose function died mid-send). Netlify stops scheduled functions after 30 s; the pass stops taking new
// tips after 20 s and the rest wait for the next run. Logs counts only, never content.
import { scheduledForward } from '../runtime/serverless.ts';

export default async function handler(_request: Request): Promise<Response> {
  const pass = await scheduledForward();
  if (!pass.ok) return new Response(null, { status: pass.reason === 'mail-off' ? 204 : 503 });
  const { result, counts } = pass;
  console.log(
    `[tipline] forward: ${result.delivered} delivered, ${result.retried} to retry, ${result.dead} dead letters; ` +
      `queue: ${counts.pending} pending, ${counts.dead} dead`,
  );
  return new Response(null, { status: 204 });
}

// A literal, as Netlify reads it from the source; vercel.json's cron (scripts/write-deploy-headers.ts) says the same.
export const config = { schedule: '*/5 * * * *' };
