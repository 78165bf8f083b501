// Vercel Cron entry (vercel.json "crons"): one forwarding pass every 5 minutes. Vercel calls it with
// `Authorization: Bearer $CRON_SECRET`; without CRON_SECRET configured the endpoint refuses to run, so no one else
// can make the function hammer the SMTP server. Answers with counts only, never content.
import { timingSafeEqual } from 'node:crypto';
import { scheduledForward } from '../../functions/runtime/serverless.ts';

function authorized(request: Request, secret: string | undefined): boolean {
  if (!secret || secret.length < 16) return false;
  const given = Buffer.from(request.headers.get('authorization') ?? '');
  const expected = Buffer.from(`Bearer ${secret}`);
  return given.length === expected.length && timingSafeEqual(given, expected);
}

export async function GET(request: Request): Promise<Response> {
  if (!process.env.CRON_SECRET) {
    console.error('[tipline] CRON_SECRET is not set: the scheduled forwarder refuses to run.');
    return Response.json({ error: 'CRON_SECRET is not set' }, { status: 503 });
  }
  if (!authorized(request, process.env.CRON_SECRET)) return Response.json({ error: 'unauthorized' }, { status: 401 });
  const pass = await scheduledForward();
  if (!pass.ok && pass.reason === 'mail-off') return new Response(null, { status: 204 }); // the desk was swept
  if (!pass.ok) {
    const error = pass.reason === 'no-smtp' ? 'SMTP_URL or TIP_MAIL_TO is not set' : 'The tip line is not configured';
    return Response.json({ error }, { status: 503, headers: { 'Cache-Control': 'no-store' } });
  }
  const { result, counts } = pass;
  return Response.json(
    { delivered: result.delivered, retried: result.retried, dead: result.dead, queue: counts },
    { headers: { 'Cache-Control': 'no-store' } },
  );
}
