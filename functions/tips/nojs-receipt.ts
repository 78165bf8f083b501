// The no-JS path's reference code, derived from the report itself: HMAC(server key, the cleaned report, its
// language, the UTC day), as 100 bits in the usual 20-character form.
//
// Why: reloading the "sent" page makes the browser post the same form again. The code must then be the same, and the
// task force must not get the report twice. The choices:
// - Post/Redirect/Get to a page that shows the code needs the code (or a token that brings it back) kept on the
//   server and reachable from an address in the browser history: on a seized phone, that address would show the code
//   again; a one-time page cannot show the same code on a reload.
// - A code derived from the submission needs nothing stored beyond what every tip already has (the code's hash), keeps
//   the code out of every URL (it is only in the answer to the POST, which is not cached: no-store), and the queue
//   refuses a second tip under a known code atomically (NewTip.oncePerReceipt), so a reload, a double click or a
//   "Confirm resubmission" never queues a duplicate.
// The cost: two byte-identical reports sent on the same day share one code and one tip (the second adds nothing the
// task force does not have); and whoever sends the very same report again learns its code and its status, which tells
// them nothing about the sender. The UTC day in the derivation lets the same report be sent again on another day.
// The key is derived from ALTCHA_HMAC_SECRET, which is the same on every instance; without it nobody can compute a
// report's code, so the code stays as unguessable as a random one.
import { createHash, createHmac, createSecretKey, type KeyObject } from 'node:crypto';
import { newReceiptCode } from '../../src/shared/receipt.ts';
import type { TipAttachment } from '../../src/shared/tip-entity.ts';
import type { TipAnswers } from '../../src/shared/tip-fields.ts';

export function noJsReceiptKey(secret: string): KeyObject {
  return createSecretKey(createHmac('sha256', secret).update('tipline no-JavaScript reference codes').digest());
}

export interface ReportIdentity {
  answers: TipAnswers;
  attachments: readonly TipAttachment[];
  locale: string;
  now: number;
}

const sorted = <T>(record: Partial<Record<string, T>>) => Object.entries(record).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));

export function reportReceiptCode(key: KeyObject, report: ReportIdentity): string {
  const digest = createHash('sha256');
  digest.update(JSON.stringify({
    day: Math.floor(report.now / 86_400_000),
    locale: report.locale,
    text: sorted(report.answers.text),
    choices: sorted(report.answers.choices),
    keepPhotoLocation: report.answers.keepPhotoLocation === true,
    attachments: report.attachments.map((a) => [a.filename, a.contentType, createHash('sha256').update(a.bytes).digest('hex')]),
  }));
  const derived = createHmac('sha256', key).update(digest.digest()).digest();
  return newReceiptCode((length) => new Uint8Array(derived.subarray(0, length)));
}
