// A tipster's thread, found by the lookup token their browser derives from the reference code (never the code):
//
//   POST /api/thread                  { lookup, legacy? } → { caseId, status, statusKey, replies: [{ seq, day, body }] }
//   POST /api/thread/followups        { lookup, ciphertext, altcha } → 202 { seq }  (ciphertext: the binary
//                                     OpenPGP message as base64url, as the seal worker makes it; armored here)
//   POST /api/thread/replies/delete   { lookup, seq } → { deleted: seq }
//
// Reading (the first and last): the token is checked, then one unit of the thread-read limit per client network
// (apart from the reports' limit, so checking for replies never uses up the allowance to report). With the desk on,
// the case's status and its replies (HPKE-sealed to the tipster, opened in their browser); without it, or for a
// report sent before the desk, the queue's delivery status. `legacy` is the SHA-256 (hex) of the code itself, the
// key reports sent before follow-up existed were stored under: it opens nothing and derives nothing.
// A follow-up costs what a report costs (a proof of work and a unit of the reports' limit), and passes the same
// envelope check (exactly the task force keys); it joins the case's thread and, like a report, goes out by mail.
// Deleting a reply deletes it for good (the task force keeps its own record copy, encrypted to their keys).
import type { Context, Hono } from 'hono';
import { followupLimits } from '../../src/shared/followup/limits.ts';
import { dayOf } from '../desk/day.ts';
import { declaredBodyLimit } from '../http/body.ts';
import { serverLimits } from '../http/limits.ts';
import { checkBinaryEnvelope } from '../pgp/envelope.ts';
import { fromBase64url } from '../../src/shared/followup/bytes.ts';
import type { RateLimiter } from '../ports.ts';
import { admitReport, inTurnIfLarge, rateLimit, refusal } from '../tips/admission.ts';
import { jsonError, parseLookupHash, readJsonBody } from '../tips/answer.ts';
import type { IntakeDeps } from '../tips/intake-deps.ts';
import { enqueueTip } from '../tips/store.ts';
import { lookupHashOf } from './lookup.ts';
import { statusKey, statusOfCase, statusOfDelivery, type TipsterStatus } from './status.ts';

/** Highest seq a thread is expected to reach; a larger one is refused without a lookup. */
const maxSeq = 100_000;

export function mountThread(app: Hono, deps: IntakeDeps, threadLimiter: RateLimiter): void {
  const small = declaredBodyLimit(serverLimits.smallBodyBytes, (c) => jsonError(c, 'body.too-large'));

  /** One unit of the thread-read limit, or the refusal. */
  const limitRead = async (c: Context): Promise<Response | null> => {
    const admitted = await rateLimit(c, deps, threadLimiter);
    return admitted.ok ? null : refusal(c, admitted);
  };

  app.post('/api/thread', small, async (c) => {
    const body = await readJsonBody(c, serverLimits.smallBodyBytes);
    if (body instanceof Response) return body;
    const hash = lookupHashOf(body.lookup);
    const legacy = body.legacy === undefined ? null : parseLookupHash(body.legacy);
    if (!hash || (body.legacy !== undefined && !legacy)) return jsonError(c, 'thread.invalid');
    const refused = await limitRead(c);
    if (refused) return refused;

    const caseId = deps.desk ? await deps.desk.caseIdByLookup(hash) : null;
    const found = caseId ? await deps.desk!.getCase(caseId) : null;
    if (caseId && found) {
      const replies = (await deps.desk!.messages(caseId))
        .filter((m) => m.kind === 'reply')
        .map((m) => ({ seq: m.seq, day: m.day, body: m.body }));
      const status = statusOfCase(found.status);
      return c.json({ caseId, status, statusKey: statusKey(status), replies });
    }
    let status: TipsterStatus = statusOfDelivery(await deps.queue.receiptStatus(hash));
    if (status === 'unknown' && legacy) status = statusOfDelivery(await deps.queue.receiptStatus(legacy));
    return c.json({ caseId: null, status, statusKey: statusKey(status), replies: [] });
  });

  app.post(
    '/api/thread/followups',
    declaredBodyLimit(followupLimits.maxRequestBytes, (c) => jsonError(c, 'body.too-large')),
    // Up to 4 MiB read before its proof of work can be checked (it is in the body): in turn, like a report.
    inTurnIfLarge(deps),
    async (c) => {
      const body = await readJsonBody(c, followupLimits.maxRequestBytes);
      if (body instanceof Response) return body;
      const hash = lookupHashOf(body.lookup);
      if (!hash) return jsonError(c, 'thread.invalid');
      if (typeof body.ciphertext !== 'string') return jsonError(c, 'body.invalid');
      const refused = await admitReport(c, deps, body.altcha);
      if (refused) return refused;

      const caseId = deps.desk ? await deps.desk.caseIdByLookup(hash) : null;
      if (!caseId) return jsonError(c, 'thread.unknown');
      // Decoded strictly (one spelling per message, character by character), then the tips' binary envelope check.
      const binary = fromBase64url(body.ciphertext);
      if (!binary) return jsonError(c, 'envelope.malformed');
      const envelope = await checkBinaryEnvelope(binary, await deps.recipients(), followupLimits.maxRequestBytes);
      if (!envelope.ok) return jsonError(c, envelope.code);
      const day = dayOf(deps.clock.now());
      const seq = await deps.desk!.addMessage(caseId, {
        kind: 'followup',
        day,
        body: envelope.armored,
        record: null,
        author: null,
      });
      if (seq === null) return jsonError(c, 'thread.unknown'); // the case was deleted meanwhile
      await enqueueTip(deps, envelope.armored, hash);
      return c.json({ seq, status: 'waiting' }, 202);
    },
  );

  app.post('/api/thread/replies/delete', small, async (c) => {
    const body = await readJsonBody(c, serverLimits.smallBodyBytes);
    if (body instanceof Response) return body;
    const hash = lookupHashOf(body.lookup);
    const seq = body.seq;
    if (!hash || typeof seq !== 'number' || !Number.isSafeInteger(seq) || seq < 1 || seq > maxSeq)
      return jsonError(c, 'thread.invalid');
    const refused = await limitRead(c);
    if (refused) return refused;
    const caseId = deps.desk ? await deps.desk.caseIdByLookup(hash) : null;
    if (!caseId) return jsonError(c, 'thread.unknown');
    if (!(await deps.desk!.deleteMessage(caseId, seq, 'reply'))) return jsonError(c, 'reply.unknown');
    return c.json({ deleted: seq });
  });
}
