// Cases: the server keeps ciphertext and metadata; officers decrypt in their browsers.
//   GET  cases?status=&assignee=&label=&cursor=&limit=   metadata only, newest first, with the 7- and 90-day marks
//   GET  cases/:id                    the case and its whole thread (ciphertext); logged as viewed; new → opened
//   POST cases/:id/status             { status, closeReason? }  closing schedules deletion (retentionDays on)
//   POST cases/:id/assign             { assignee: officer id | null }
//   POST cases/:id/labels             { labels: [...] } from the fixed set
//   POST cases/:id/replies            { seq, body: HPKE-sealed reply (base64url), record: OpenPGP copy to the task
//                                     force keys }; seq must be the thread's next (the seal's associated data names
//                                     it, so a reply stored anywhere else would not open): 409 otherwise
//   POST cases/lookup                 { lookupHash }: the case a tipster's reference code leads to (the desk derives
//                                     the hash from the code read out on the phone; the code never reaches here)
//   POST cases/:id/notes              { body: an internal note, OpenPGP to exactly the task force keys }
//   POST cases/:id/export             step-up ("export"): the thread, logged as exported
//   POST cases/:id/retention          coordinator + step-up ("retention"): { keepUntilDay }
//   POST cases/:id/delete             coordinator + step-up ("delete"): deleted for good
// Coordinators and officers work cases; auditors see none of this.
import type { Context, Hono } from 'hono';
import { checkEnvelope } from '../pgp/envelope.ts';
import { appendAudit } from './audit.ts';
import { readDeskJson } from './body.ts';
import type { DeskDeps, DeskEnv } from './context.ts';
import { addDays, dayOf, isDay } from './day.ts';
import { deskError } from './errors.ts';
import { requireRole } from './session.ts';
import { checkStepUp, objectPattern } from './step-up.ts';
import {
  caseLabels,
  caseStatuses,
  closeReasons,
  type CaseFilter,
  type CaseLabel,
  type CasePatch,
  type CaseStatus,
  type CloseReason,
  type DeskCase,
  type DeskStore,
} from '../desk-ports.ts';

/** Where a case may go from each status. Closing needs a reason; a closed case may be reopened for assessment. */
export const transitions: Readonly<Record<CaseStatus, readonly CaseStatus[]>> = {
  new: ['opened', 'assessing', 'closed'],
  opened: ['assessing', 'referred', 'closed'],
  assessing: ['referred', 'closed'],
  referred: ['assessing', 'closed'],
  closed: ['assessing'],
};

export const replyLimits = {
  /** The sealed reply, base64url. */
  bodyChars: 256 * 1024,
  /** The armored record copy. */
  recordChars: 512 * 1024,
  requestBytes: 1024 * 1024,
};

const smallBody = 16 * 1024;

/** Why a reply was not stored, as the desk's error. */
const notAdded = { 'no-case': 'desk.not-found', taken: 'desk.conflict', 'no-thread': 'desk.no-thread' } as const;

/**
 * The case as the desk lists it: with the days by which the tipster should hear back (EU 2019/1937 Art. 9), and
 * whether it has a thread the tipster can read (a lookup hash): without one, no reply can reach them.
 */
function caseView(c: DeskCase) {
  return {
    ...c,
    acknowledgeBy: addDays(c.receivedDay, 7),
    feedbackBy: addDays(c.receivedDay, 90),
    hasThread: c.lookupHash !== null,
  };
}

/** Deletes the cases whose retention ran out (the Node server runs this daily); returns how many. */
export async function deleteExpiredCases(store: DeskStore, now: number): Promise<number> {
  let deleted = 0;
  for (const id of await store.casesExpiredBefore(dayOf(now))) {
    if (!(await store.deleteCase(id))) continue;
    deleted++;
    await appendAudit(store, { actor: null, action: 'retention_deleted', object: id }, now);
  }
  return deleted;
}

export function mountCases(app: Hono<DeskEnv>, deps: DeskDeps): void {
  const { store, clock } = deps;
  const workers = requireRole('coordinator', 'officer');
  const coordinator = requireRole('coordinator');

  /** The case named in the path, or an error response. */
  const caseOf = async (c: Context<DeskEnv>): Promise<DeskCase | Response> => {
    const id = c.req.param('id') ?? '';
    const found = objectPattern.test(id) ? await store.getCase(id) : null;
    return found ?? deskError(c, 'desk.not-found');
  };
  const bodyOf = (c: Context<DeskEnv>, max = smallBody) => readDeskJson(c, max);
  /** The case after the change, or 404 when it was deleted after the route read it (a coordinator, the sweep). */
  const update = async (c: Context<DeskEnv>, id: string, patch: CasePatch): Promise<DeskCase | Response> =>
    (await store.updateCase(id, patch)) ?? deskError(c, 'desk.not-found');
  const audit = (
    c: Context<DeskEnv>,
    action: Parameters<typeof appendAudit>[1]['action'],
    object: string,
    detail = {},
  ) => appendAudit(store, { actor: c.get('officer').id, action, object, detail }, clock.now());

  app.get('/cases', workers, async (c) => {
    const { status, assignee, label, cursor } = c.req.query();
    const limit = Number(c.req.query('limit') ?? '50');
    const filter: CaseFilter = {};
    if (status !== undefined) {
      if (!caseStatuses.includes(status as CaseStatus)) return deskError(c, 'desk.invalid');
      filter.status = status as CaseStatus;
    }
    if (label !== undefined) {
      if (!caseLabels.includes(label as CaseLabel)) return deskError(c, 'desk.invalid');
      filter.label = label as CaseLabel;
    }
    if (assignee !== undefined) {
      if (!objectPattern.test(assignee)) return deskError(c, 'desk.invalid');
      filter.assignee = assignee;
    }
    if (
      (cursor !== undefined && !/^\d{1,15}$/.test(cursor)) ||
      !Number.isSafeInteger(limit) ||
      limit < 1 ||
      limit > 100
    ) {
      return deskError(c, 'desk.invalid');
    }
    const page = await store.listCases(filter, cursor ?? null, limit);
    return c.json({ cases: page.cases.map(caseView), next: page.next });
  });

  app.post('/cases/lookup', workers, async (c) => {
    const lookupHash = (await bodyOf(c))?.lookupHash;
    if (typeof lookupHash !== 'string' || !/^[0-9a-f]{64}$/.test(lookupHash)) return deskError(c, 'desk.invalid');
    const id = await store.caseIdByLookup(lookupHash);
    if (!id) return deskError(c, 'desk.not-found');
    await audit(c, 'case_looked_up', id);
    return c.json({ id });
  });

  app.get('/cases/:id', workers, async (c) => {
    let found = await caseOf(c);
    if (found instanceof Response) return found;
    if (found.status === 'new') found = (await store.updateCase(found.id, { status: 'opened' })) ?? found;
    const messages = await store.messages(found.id);
    await audit(c, 'case_viewed', found.id);
    return c.json({ case: caseView(found), messages });
  });

  app.post('/cases/:id/status', workers, async (c) => {
    const found = await caseOf(c);
    if (found instanceof Response) return found;
    const input = await bodyOf(c);
    const status = input?.status as CaseStatus;
    if (!input || !caseStatuses.includes(status)) return deskError(c, 'desk.invalid');
    const reason = input.closeReason as CloseReason | undefined;
    if (status === 'closed' ? !closeReasons.includes(reason!) : reason !== undefined)
      return deskError(c, 'desk.invalid');
    if (!transitions[found.status].includes(status)) return deskError(c, 'desk.conflict');
    const keepUntilDay = status === 'closed' ? addDays(dayOf(clock.now()), deps.lifetimes.retentionDays) : null;
    const updated = await update(c, found.id, { status, closeReason: reason ?? null, keepUntilDay });
    if (updated instanceof Response) return updated;
    await audit(c, 'status_changed', found.id, { from: found.status, to: status, ...(reason ? { reason } : {}) });
    return c.json({ case: caseView(updated) });
  });

  app.post('/cases/:id/assign', workers, async (c) => {
    const found = await caseOf(c);
    if (found instanceof Response) return found;
    const input = await bodyOf(c);
    const assignee = input?.assignee;
    if (!input || (assignee !== null && (typeof assignee !== 'string' || !objectPattern.test(assignee))))
      return deskError(c, 'desk.invalid');
    if (assignee !== null) {
      const officer = await store.getOfficer(assignee);
      if (!officer || officer.revokedDay !== null || officer.role === 'auditor') return deskError(c, 'desk.conflict');
    }
    const updated = await update(c, found.id, { assignee });
    if (updated instanceof Response) return updated;
    await audit(c, 'assigned', found.id, { to: assignee });
    return c.json({ case: caseView(updated) });
  });

  app.post('/cases/:id/labels', workers, async (c) => {
    const found = await caseOf(c);
    if (found instanceof Response) return found;
    const labels = (await bodyOf(c))?.labels;
    if (
      !Array.isArray(labels) ||
      labels.length > caseLabels.length ||
      !labels.every((l) => caseLabels.includes(l as CaseLabel))
    ) {
      return deskError(c, 'desk.invalid');
    }
    const unique = caseLabels.filter((l) => labels.includes(l)); // one order, no repeats
    const updated = await update(c, found.id, { labels: unique });
    if (updated instanceof Response) return updated;
    await audit(c, 'labels_changed', found.id, { labels: unique.join(' ') });
    return c.json({ case: caseView(updated) });
  });

  app.post('/cases/:id/replies', workers, async (c) => {
    const found = await caseOf(c);
    if (found instanceof Response) return found;
    // Refused before its body is read; the store refuses it too (atomically, whoever calls it).
    if (found.lookupHash === null) return deskError(c, 'desk.no-thread');
    const input = await bodyOf(c, replyLimits.requestBytes);
    const { body, record, seq } = input ?? {};
    if (
      !Number.isSafeInteger(seq) ||
      (seq as number) < 1 ||
      typeof body !== 'string' ||
      body.length > replyLimits.bodyChars ||
      !/^[A-Za-z0-9_-]{16,}$/.test(body) ||
      typeof record !== 'string'
    ) {
      return deskError(c, 'desk.invalid');
    }
    // The record must be readable by the task force, and by it only: the same check as a tip's envelope.
    const checked = await checkEnvelope(record, await deps.recipients(), replyLimits.recordChars);
    if (!checked.ok) return deskError(c, checked.code === 'body.too-large' ? 'desk.too-large' : 'desk.envelope');
    const added = await store.addMessageAt(found.id, seq as number, {
      kind: 'reply',
      day: dayOf(clock.now()),
      body,
      record: checked.armored,
      author: c.get('officer').id,
    });
    if (added !== 'added') return deskError(c, notAdded[added]);
    await audit(c, 'reply_sent', found.id, { seq: seq as number });
    return c.json({ seq }, 201);
  });

  app.post('/cases/:id/notes', workers, async (c) => {
    const found = await caseOf(c);
    if (found instanceof Response) return found;
    const body = (await bodyOf(c, replyLimits.requestBytes))?.body;
    if (typeof body !== 'string') return deskError(c, 'desk.invalid');
    // Only the task force can read a note, and all of it can: the same check as a tip's envelope.
    const checked = await checkEnvelope(body, await deps.recipients(), replyLimits.recordChars);
    if (!checked.ok) return deskError(c, checked.code === 'body.too-large' ? 'desk.too-large' : 'desk.envelope');
    const seq = await store.addMessage(found.id, {
      kind: 'note',
      day: dayOf(clock.now()),
      body: checked.armored,
      record: null,
      author: c.get('officer').id,
    });
    if (seq === null) return deskError(c, 'desk.not-found');
    await audit(c, 'note_added', found.id, { seq });
    return c.json({ seq }, 201);
  });

  app.post('/cases/:id/export', workers, async (c) => {
    const found = await caseOf(c);
    if (found instanceof Response) return found;
    if (!(await checkStepUp(c, deps, 'export', found.id, (await bodyOf(c))?.stepUp)))
      return deskError(c, 'desk.step-up');
    const messages = await store.messages(found.id);
    await audit(c, 'exported', found.id, { messages: messages.length });
    return c.json({ case: caseView(found), messages });
  });

  app.post('/cases/:id/retention', coordinator, async (c) => {
    const found = await caseOf(c);
    if (found instanceof Response) return found;
    const input = await bodyOf(c);
    const keepUntilDay = input?.keepUntilDay;
    if (!input || !isDay(keepUntilDay) || keepUntilDay < dayOf(clock.now())) return deskError(c, 'desk.invalid');
    if (!(await checkStepUp(c, deps, 'retention', found.id, input.stepUp))) return deskError(c, 'desk.step-up');
    const updated = await update(c, found.id, { keepUntilDay });
    if (updated instanceof Response) return updated;
    await audit(c, 'retention_changed', found.id, { from: found.keepUntilDay, to: keepUntilDay });
    return c.json({ case: caseView(updated) });
  });

  app.post('/cases/:id/delete', coordinator, async (c) => {
    const found = await caseOf(c);
    if (found instanceof Response) return found;
    if (!(await checkStepUp(c, deps, 'delete', found.id, (await bodyOf(c))?.stepUp)))
      return deskError(c, 'desk.step-up');
    // Of two deletions at once, one deletes and is logged; the other finds nothing.
    if (!(await store.deleteCase(found.id))) return deskError(c, 'desk.not-found');
    await audit(c, 'deleted', found.id);
    return c.json({ deleted: found.id });
  });
}
