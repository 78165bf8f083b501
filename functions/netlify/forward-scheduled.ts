// Netlify scheduled function: every 5 minutes, one forwarding pass (due retries, tips whose immediate attempt
// failed or whose function died mid-send). Netlify stops scheduled functions after 30 s; the pass stops taking new
// tips after 20 s and the rest wait for the next run. Logs counts only, never content.
import { serverlessRuntime } from '../serverless/parts.ts';

export default async function handler(_request: Request): Promise<Response> {
  let runtime;
  try {
    runtime = await serverlessRuntime();
  } catch (error) {
    console.error(`[tipline] forwarder not configured: ${error instanceof Error ? error.message : 'error'}`);
    return new Response(null, { status: 503 });
  }
  const result = await runtime.forwardOnce();
  if (!result) {
    console.error('[tipline] forwarder: SMTP_URL or TIP_MAIL_TO is not set; tips stay queued.');
    return new Response(null, { status: 503 });
  }
  const counts = await runtime.parts.queue.counts();
  console.log(
    `[tipline] forward: ${result.delivered} delivered, ${result.retried} to retry, ${result.dead} dead letters; ` +
      `queue: ${counts.pending} pending, ${counts.dead} dead`,
  );
  return new Response(null, { status: 204 });
}

export const config = { schedule: '*/5 * * * *' };
