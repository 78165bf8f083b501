// Puts a follow-up into a case's thread straight through the desk store, as the server (or anyone with the
// database) could: a MIME entity shaped like the seal worker's, unsigned or signed by whatever key the test holds,
// encrypted with real OpenPGP to the task force keys (which anyone may do: they are public). For the tests of the
// desk's authorship check (tests/e2e/desk.spec.ts).
import * as openpgp from 'openpgp';
import type { DeskStore } from '../../../functions/desk-ports.ts';
import { signFollowupEntity, type FollowupKey } from '../../../src/shared/followup/signature.ts';
import { hourLabel } from '../../../src/shared/hour.ts';
import { buildTipEntity } from '../../../src/shared/tip-entity.ts';

/** Stores the follow-up as the thread's next message; returns its seq. */
export async function storeFollowup(
  store: DeskStore,
  caseId: string,
  message: string,
  options: { taskForceKeys: string; signingKey: FollowupKey | null },
): Promise<number> {
  const sentHour = hourLabel(Date.now());
  const entity = buildTipEntity({
    answers: { text: {}, choices: {} },
    attachments: [],
    replyKey: null,
    locale: 'en',
    sentHour,
    randomBytes: (n) => crypto.getRandomValues(new Uint8Array(n)),
    followup: { message, signed: options.signingKey !== null },
  });
  if (options.signingKey) await signFollowupEntity(entity, options.signingKey, sentHour);
  const body = await openpgp.encrypt({
    message: await openpgp.createMessage({ binary: entity, format: 'binary' }),
    encryptionKeys: await openpgp.readKeys({ armoredKeys: options.taskForceKeys }),
  });
  const seq = await store.addMessage(caseId, {
    kind: 'followup',
    day: new Date().toISOString().slice(0, 10),
    body,
    record: null,
    author: null,
  });
  if (seq === null) throw new Error('no such case');
  return seq;
}
