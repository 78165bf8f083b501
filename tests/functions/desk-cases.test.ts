// The case API and the step-up through app.request(): listing, reading, status, assignment, labels, replies,
// retention; export, delete, retention, role changes and invitations only with a fresh signature by the officer's
// own task force key, and every way that signature can be wrong.
import { randomBytes } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { verifyStoredAudit } from '../../functions/desk/audit.ts';
import { deleteExpiredCases } from '../../functions/desk/cases.ts';
import { newCase } from './desk-store-contract.ts';
import { makeDesk, type DeskClient, type TestDesk } from './helpers/desk.ts';

const minute = 60_000;
const day = 86_400_000;
let desk: TestDesk;
beforeEach(async () => {
  desk = await makeDesk();
});
afterEach(async () => {
  await desk.close();
});

const sealedReply = () => randomBytes(200).toString('base64url');
const lastAudit = async () => (await desk.store.readAudit(1, 1000)).at(-1)!;

async function seed(n = 1) {
  const cases = Array.from({ length: n }, () => newCase());
  for (const c of cases) await desk.store.createCase(c);
  return cases;
}

describe('cases', () => {
  it('lists metadata newest first with the 7- and 90-day marks, and filters', async () => {
    const [a, b, c] = await seed(3);
    const { client, officerId } = await desk.signedIn('officer');
    await client.json('POST', `/api/desk/cases/${a!.id}/assign`, { assignee: officerId });
    await client.json('POST', `/api/desk/cases/${b!.id}/labels`, { labels: ['nevis', 'urgent', 'urgent'] });
    const all = await client.json('GET', '/api/desk/cases');
    expect(all.status).toBe(200);
    expect(all.body.cases.map((x: { id: string }) => x.id)).toEqual([c!.id, b!.id, a!.id]);
    expect(all.body.cases[0]).toMatchObject({
      status: 'new',
      receivedDay: '2031-01-15',
      acknowledgeBy: '2031-01-22',
      feedbackBy: '2031-04-15',
    });
    expect(all.body.cases[0]).not.toHaveProperty('body');
    expect(
      (await client.json('GET', `/api/desk/cases?assignee=${officerId}`)).body.cases.map((x: { id: string }) => x.id),
    ).toEqual([a!.id]);
    const labelled = await client.json('GET', '/api/desk/cases?label=urgent');
    expect(labelled.body.cases).toMatchObject([{ id: b!.id, labels: ['urgent', 'nevis'] }]);
    const paged = await client.json('GET', '/api/desk/cases?limit=2');
    const rest = await client.json('GET', `/api/desk/cases?limit=2&cursor=${paged.body.next}`);
    expect(rest.body).toMatchObject({ cases: [{ id: a!.id }], next: null });
    for (const query of ['status=lost', 'label=secret', 'limit=0', 'limit=101', 'cursor=abc', 'assignee=../x']) {
      expect((await client.json('GET', `/api/desk/cases?${query}`)).status, query).toBe(400);
    }
  });

  it('reading a case returns its thread (ciphertext), logs the view and moves new to opened', async () => {
    const [c] = await seed();
    const { client, officerId } = await desk.signedIn('officer');
    const read = await client.json('GET', `/api/desk/cases/${c!.id}`);
    expect(read.status).toBe(200);
    expect(read.body.case.status).toBe('opened');
    expect(read.body.messages).toEqual([
      { caseId: c!.id, seq: 0, kind: 'tip', day: '2031-01-15', body: c!.body, record: null, author: null },
    ]);
    expect(await lastAudit()).toMatchObject({ actor: officerId, action: 'case_viewed', object: c!.id });
    expect((await client.json('GET', '/api/desk/cases/no-such-case')).status).toBe(404);
    expect((await client.json('GET', `/api/desk/cases/${'x'.repeat(65)}`)).status).toBe(404);
  });

  it('status moves along new → opened → assessing → referred → closed (with a reason), and closed can reopen', async () => {
    const [c] = await seed();
    const { client } = await desk.signedIn('officer');
    const to = (status: string, extra = {}) =>
      client.json('POST', `/api/desk/cases/${c!.id}/status`, { status, ...extra });
    expect(await to('referred')).toMatchObject({ status: 409, body: { error: { code: 'desk.conflict' } } });
    expect((await to('opened')).status).toBe(200);
    expect((await to('assessing')).status).toBe(200);
    expect((await to('referred')).status).toBe(200);
    expect((await to('closed')).status).toBe(400); // no reason
    expect((await to('closed', { closeReason: 'because I said so' })).status).toBe(400);
    expect((await to('assessing', { closeReason: 'duplicate' })).status).toBe(400);
    const closed = await to('closed', { closeReason: 'referred-elsewhere' });
    expect(closed.body.case).toMatchObject({
      status: 'closed',
      closeReason: 'referred-elsewhere',
      keepUntilDay: '2031-04-15',
    });
    expect((await to('new')).status).toBe(409);
    expect((await to('banana')).status).toBe(400);
    const reopened = await to('assessing');
    expect(reopened.body.case).toMatchObject({ status: 'assessing', closeReason: null, keepUntilDay: null });
    const changes = (await desk.store.readAudit(1, 100))
      .filter((e) => e.action === 'status_changed')
      .map((e) => e.detail);
    expect(changes.at(-2)).toEqual({ from: 'referred', to: 'closed', reason: 'referred-elsewhere' });
  });

  it('assigns only to an active officer or coordinator, and unassigns', async () => {
    const [c] = await seed();
    const { client } = await desk.signedIn('officer');
    const { officerId: auditorId } = await desk.signedIn('auditor');
    const { officerId: colleague } = await desk.signedIn('coordinator');
    const assign = (assignee: unknown) => client.json('POST', `/api/desk/cases/${c!.id}/assign`, { assignee });
    expect((await assign(auditorId)).status).toBe(409);
    expect((await assign('nobody')).status).toBe(409);
    expect((await assign(42)).status).toBe(400);
    expect((await assign(colleague)).body.case.assignee).toBe(colleague);
    expect((await assign(null)).body.case.assignee).toBeNull();
  });

  it('labels come from the fixed set only', async () => {
    const [c] = await seed();
    const { client } = await desk.signedIn('officer');
    const label = (labels: unknown) => client.json('POST', `/api/desk/cases/${c!.id}/labels`, { labels });
    expect((await label(['urgent', 'Maria at the bar'])).status).toBe(400);
    expect((await label('urgent')).status).toBe(400);
    expect((await label(['st-kitts', 'duplicate'])).body.case.labels).toEqual(['duplicate', 'st-kitts']);
    expect((await label([])).body.case.labels).toEqual([]);
  });

  it('stores a reply as ciphertext with its record copy to exactly the task force keys', async () => {
    const [c] = await seed();
    const { client, officerId } = await desk.signedIn('officer');
    const body = sealedReply();
    const record = await desk.encryptRecord('Thank you. Can you tell us the street?');
    const sent = await client.json('POST', `/api/desk/cases/${c!.id}/replies`, { seq: 1, body, record });
    expect(sent).toEqual({ status: 201, body: { seq: 1 } });
    const thread = await desk.store.messages(c!.id);
    expect(thread[1]).toMatchObject({ kind: 'reply', body, author: officerId, day: '2031-01-15' });
    expect(thread[1]!.record).toContain('-----BEGIN PGP MESSAGE-----');
    expect(JSON.stringify(thread)).not.toContain('street');
    expect(await lastAudit()).toMatchObject({ action: 'reply_sent', object: c!.id, detail: { seq: 1 } });
    // A record that only one key could read, or that is not OpenPGP at all, or a body that is not sealed bytes.
    const oneKey = await desk.encryptRecord('x', [desk.keys.keys[0]!]);
    const reply = (input: Record<string, unknown>, id = c!.id) =>
      client.json('POST', `/api/desk/cases/${id}/replies`, { seq: 2, body, record, ...input });
    expect((await reply({ record: oneKey })).status).toBe(422);
    expect((await reply({ record: 'plain text reply' })).status).toBe(422);
    expect((await reply({ body: 'Hello tipster!' })).status).toBe(400);
    expect((await reply({ body: 'A'.repeat(300_000) })).status).toBe(400);
    expect((await reply({}, 'nope')).status).toBe(404);
    // The seal's associated data names the seq: a reply sealed for another place in the thread is refused.
    for (const seq of [undefined, 0, -1, 1.5, '2', 2 ** 60]) expect((await reply({ seq })).status, `${seq}`).toBe(400);
    expect(await reply({ seq: 1 })).toMatchObject({ status: 409, body: { error: { code: 'desk.conflict' } } });
    expect((await reply({ seq: 3 })).status).toBe(409);
    expect((await desk.store.messages(c!.id)).length).toBe(2);
    expect(await reply({ seq: 2 })).toEqual({ status: 201, body: { seq: 2 } });
  });

  it('refuses a reply to a case without a thread (409 desk.no-thread), says so in the case, and still takes notes', async () => {
    const threadless = newCase({ lookupHash: null });
    await desk.store.createCase(threadless);
    const [threaded] = await seed();
    const { client } = await desk.signedIn('officer');
    const read = await client.json('GET', `/api/desk/cases/${threadless.id}`);
    expect(read.body.case.hasThread).toBe(false);
    expect((await client.json('GET', `/api/desk/cases/${threaded!.id}`)).body.case.hasThread).toBe(true);
    const listed = (await client.json('GET', '/api/desk/cases')).body.cases;
    expect(listed.map((x: { id: string; hasThread: boolean }) => [x.id, x.hasThread])).toEqual([
      [threaded!.id, true],
      [threadless.id, false],
    ]);
    const audited = (await desk.store.readAudit(1, 1000)).length;
    const record = await desk.encryptRecord('Can you tell us more?');
    const reply = await client.json('POST', `/api/desk/cases/${threadless.id}/replies`, {
      seq: 1,
      body: sealedReply(),
      record,
    });
    expect(reply).toEqual({
      status: 409,
      body: {
        error: {
          code: 'desk.no-thread',
          message: 'This case has no thread with the tipster, so it cannot take a reply; add an internal note instead.',
        },
      },
    });
    expect((await desk.store.messages(threadless.id)).length).toBe(1);
    expect((await desk.store.readAudit(1, 1000)).length).toBe(audited);
    const note = await client.json('POST', `/api/desk/cases/${threadless.id}/notes`, { body: record });
    expect(note).toEqual({ status: 201, body: { seq: 1 } });
  });

  it("finds a case by the lookup hash the desk derives from a tipster's code, logged; nothing else", async () => {
    const [c] = await seed();
    const { client, officerId } = await desk.signedIn('officer');
    const find = (lookupHash: unknown) => client.json('POST', '/api/desk/cases/lookup', { lookupHash });
    expect(await find(c!.lookupHash)).toEqual({ status: 200, body: { id: c!.id } });
    expect(await lastAudit()).toMatchObject({ actor: officerId, action: 'case_looked_up', object: c!.id });
    expect((await find('0'.repeat(64))).status).toBe(404);
    for (const bad of ['ABC', c!.lookupHash!.toUpperCase(), 42, null, `${c!.lookupHash} `])
      expect((await find(bad)).status, String(bad)).toBe(400);
    const { client: auditor } = await desk.signedIn('auditor');
    expect((await auditor.json('POST', '/api/desk/cases/lookup', { lookupHash: c!.lookupHash })).status).toBe(403);
  });

  it('keeps an internal note only as OpenPGP to exactly the task force keys, in the thread, logged', async () => {
    const [c] = await seed();
    const { client, officerId } = await desk.signedIn('officer');
    const note = (body: unknown) => client.json('POST', `/api/desk/cases/${c!.id}/notes`, { body });
    const body = await desk.encryptRecord('Called the tipster back; the house is on Main Street.');
    expect(await note(body)).toEqual({ status: 201, body: { seq: 1 } });
    const thread = await desk.store.messages(c!.id);
    expect(thread[1]).toMatchObject({ kind: 'note', author: officerId, record: null });
    expect(thread[1]!.body).toContain('-----BEGIN PGP MESSAGE-----');
    expect(JSON.stringify(thread)).not.toContain('Main Street');
    expect(await lastAudit()).toMatchObject({ action: 'note_added', object: c!.id, detail: { seq: 1 } });
    expect((await note('Main Street, the blue house')).status).toBe(422);
    expect((await note(await desk.encryptRecord('x', [desk.keys.keys[0]!]))).status).toBe(422);
    expect((await note(42)).status).toBe(400);
    expect((await client.json('POST', '/api/desk/cases/nope/notes', { body })).status).toBe(404);
    const { client: auditor } = await desk.signedIn('auditor');
    expect((await auditor.json('POST', `/api/desk/cases/${c!.id}/notes`, { body })).status).toBe(403);
    expect((await desk.store.messages(c!.id)).length).toBe(2);
  });

  it('the retention sweep deletes cases kept past their day, and logs it', async () => {
    const [c, keep] = await seed(2);
    const { client } = await desk.signedIn('officer');
    await client.json('POST', `/api/desk/cases/${c!.id}/status`, { status: 'closed', closeReason: 'duplicate' });
    expect(await deleteExpiredCases(desk.store, desk.clock.now() + 90 * day)).toBe(0);
    expect(await deleteExpiredCases(desk.store, desk.clock.now() + 91 * day)).toBe(1);
    expect(await desk.store.getCase(c!.id)).toBeNull();
    expect(await desk.store.getCase(keep!.id)).not.toBeNull();
    expect(await lastAudit()).toMatchObject({ actor: null, action: 'retention_deleted', object: c!.id });
  });
});

describe("step-up: sensitive actions need a fresh signature by the officer's own task force key", () => {
  const refused = { status: 403, body: { error: { code: 'desk.step-up' } } };

  it('export with a good signature returns the thread and is logged; without one it is refused', async () => {
    const [c] = await seed();
    const { client, officerId } = await desk.signedIn('officer');
    expect(await client.json('POST', `/api/desk/cases/${c!.id}/export`, {})).toMatchObject(refused);
    const stepUp = await desk.stepUp(client, 'export', c!.id, desk.officerKeys.officer);
    expect(stepUp.challenge).toMatch(
      /^skn-desk\nhttps:\/\/desk\.tipline\.test\nexport\n[A-Za-z0-9_-]+\n[A-Za-z0-9_-]{32}$/,
    );
    const exported = await client.json('POST', `/api/desk/cases/${c!.id}/export`, { stepUp });
    expect(exported.status).toBe(200);
    expect(exported.body.messages[0].body).toBe(c!.body);
    expect(await lastAudit()).toMatchObject({ actor: officerId, action: 'exported', object: c!.id });
  });

  it("refuses a signature by another key (another officer's configured key, or a key not configured)", async () => {
    const [c] = await seed();
    const { client, officerId } = await desk.signedIn('officer');
    for (const key of [desk.officerKeys.coordinator, desk.officerKeys.outsider]) {
      const stepUp = await desk.stepUp(client, 'export', c!.id, key);
      expect(await client.json('POST', `/api/desk/cases/${c!.id}/export`, { stepUp })).toMatchObject(refused);
    }
    const failures = (await desk.store.readAudit(1, 100)).filter((e) => e.action === 'step_up_failed');
    expect(failures).toHaveLength(2);
    expect(failures[0]).toMatchObject({ actor: officerId, object: c!.id, detail: { for: 'export' } });
  });

  it("refuses a replayed, expired, altered, misdirected or another session's challenge, and garbage signatures", async () => {
    const [c, other] = await seed(2);
    const { client } = await desk.signedIn('officer');
    const key = desk.officerKeys.officer;
    const exportOf = (id: string, stepUp: unknown) => client.json('POST', `/api/desk/cases/${id}/export`, { stepUp });

    const used = await desk.stepUp(client, 'export', c!.id, key);
    expect((await exportOf(c!.id, used)).status).toBe(200);
    expect(await exportOf(c!.id, used)).toMatchObject(refused); // replayed

    const late = await desk.stepUp(client, 'export', c!.id, key);
    desk.clock.advance(2 * minute);
    expect(await exportOf(c!.id, late)).toMatchObject(refused); // expired

    const forOther = await desk.stepUp(client, 'export', other!.id, key);
    expect(await exportOf(c!.id, forOther)).toMatchObject(refused); // another case
    const forDelete = await desk.stepUp(client, 'delete', c!.id, key);
    expect(await exportOf(c!.id, forDelete)).toMatchObject(refused); // another action

    const signed = await desk.stepUp(client, 'export', c!.id, key);
    const altered = { ...signed, challenge: signed.challenge.replace(/.$/, (ch) => (ch === 'A' ? 'B' : 'A')) };
    expect(await exportOf(c!.id, altered)).toMatchObject(refused); // not the issued challenge
    const otherSignature = await desk.stepUp(client, 'export', c!.id, key);
    expect(await exportOf(c!.id, { challenge: signed.challenge, signature: otherSignature.signature })).toMatchObject(
      refused,
    ); // signature over another text

    const { client: colleague } = await desk.signedIn('officer');
    const theirs = await desk.stepUp(colleague, 'export', c!.id, key);
    expect(await exportOf(c!.id, theirs)).toMatchObject(refused); // issued to another session

    const fresh = await desk.stepUp(client, 'export', c!.id, key);
    for (const signature of [
      '',
      'x'.repeat(100),
      `-----BEGIN PGP SIGNATURE-----\n\n${'A'.repeat(9000)}\n-----END PGP SIGNATURE-----`,
      '-----BEGIN PGP SIGNATURE-----\n\n!!!!\n-----END PGP SIGNATURE-----',
      7,
    ]) {
      expect(await exportOf(c!.id, { challenge: fresh.challenge, signature })).toMatchObject(refused);
    }
    expect(await exportOf(c!.id, 'stepUp')).toMatchObject(refused);
  });

  it('step-up challenges are only issued for known actions, to officers who hold a key', async () => {
    const { client } = await desk.signedIn('officer');
    expect((await client.json('POST', '/api/desk/step-up', { action: 'launch', object: 'abc' })).status).toBe(400);
    expect((await client.json('POST', '/api/desk/step-up', { action: 'export', object: 'a b' })).status).toBe(400);
    expect((await client.json('POST', '/api/desk/step-up', { action: 'export' })).status).toBe(400);
  });

  it('delete and retention: coordinator only, with a step-up; delete is for good', async () => {
    const [c] = await seed();
    const { client: officer } = await desk.signedIn('officer');
    const { client } = await desk.signedIn('coordinator');
    const key = desk.officerKeys.coordinator;
    expect(
      (
        await officer.json('POST', `/api/desk/cases/${c!.id}/delete`, {
          stepUp: await desk.stepUp(officer, 'delete', c!.id, desk.officerKeys.officer),
        })
      ).status,
    ).toBe(403);
    expect(
      await client.json('POST', `/api/desk/cases/${c!.id}/retention`, { keepUntilDay: '2031-12-31' }),
    ).toMatchObject(refused);
    expect(
      (await client.json('POST', `/api/desk/cases/${c!.id}/retention`, { keepUntilDay: '2031-02-30', stepUp: {} }))
        .status,
    ).toBe(400);
    expect(
      (await client.json('POST', `/api/desk/cases/${c!.id}/retention`, { keepUntilDay: '2031-01-14', stepUp: {} }))
        .status,
    ).toBe(400);
    const kept = await client.json('POST', `/api/desk/cases/${c!.id}/retention`, {
      keepUntilDay: '2031-12-31',
      stepUp: await desk.stepUp(client, 'retention', c!.id, key),
    });
    expect(kept.body.case.keepUntilDay).toBe('2031-12-31');
    expect(await client.json('POST', `/api/desk/cases/${c!.id}/delete`, {})).toMatchObject(refused);
    expect(await desk.store.getCase(c!.id)).not.toBeNull();
    const deleted = await client.json('POST', `/api/desk/cases/${c!.id}/delete`, {
      stepUp: await desk.stepUp(client, 'delete', c!.id, key),
    });
    expect(deleted).toEqual({ status: 200, body: { deleted: c!.id } });
    expect(await desk.store.getCase(c!.id)).toBeNull();
    expect(await desk.store.messages(c!.id)).toEqual([]);
    expect(await lastAudit()).toMatchObject({ action: 'deleted', object: c!.id });
  });

  it('a role change and an invitation need a step-up; the invitation link works once', async () => {
    const { client } = await desk.signedIn('coordinator');
    const { officerId } = await desk.signedIn('officer');
    const key = desk.officerKeys.coordinator;
    expect(await client.json('POST', `/api/desk/officers/${officerId}/role`, { role: 'coordinator' })).toMatchObject(
      refused,
    );
    const promoted = await client.json('POST', `/api/desk/officers/${officerId}/role`, {
      role: 'coordinator',
      stepUp: await desk.stepUp(client, 'role', officerId, key),
    });
    expect(promoted.body.officer.role).toBe('coordinator');
    expect(await lastAudit()).toMatchObject({
      action: 'role_changed',
      object: officerId,
      detail: { from: 'officer', to: 'coordinator' },
    });

    const input = { name: 'Kez', role: 'officer', key: desk.officerKeys.officer.fingerprint.toLowerCase() };
    expect(await client.json('POST', '/api/desk/officers/invitations', input)).toMatchObject(refused);
    const wrongObject = await desk.stepUp(client, 'invite', 'coordinator', key);
    expect(
      await client.json('POST', '/api/desk/officers/invitations', { ...input, stepUp: wrongObject }),
    ).toMatchObject(refused);
    const unknownKey = await client.json('POST', '/api/desk/officers/invitations', {
      ...input,
      key: desk.officerKeys.outsider.fingerprint,
      stepUp: await desk.stepUp(client, 'invite', 'officer', key),
    });
    expect(unknownKey.status).toBe(400);
    const invited = await client.json('POST', '/api/desk/officers/invitations', {
      ...input,
      stepUp: await desk.stepUp(client, 'invite', 'officer', key),
    });
    expect(invited.status).toBe(201);
    expect(invited.body.link).toMatch(/^https:\/\/desk\.tipline\.test\/desk\/#invite=[A-Za-z0-9_-]{43}$/);
    const token = invited.body.link.split('#invite=')[1];
    const newcomer = desk.client();
    const registered = await desk.register(newcomer, desk.authenticator(), token);
    expect(registered.body.officer).toMatchObject({
      name: 'Kez',
      role: 'officer',
      keyFingerprint: desk.officerKeys.officer.fingerprint,
    });
    expect((await desk.register(desk.client(), desk.authenticator(), token)).status).toBe(410);
  });

  it('a coordinator cannot change their own role or revoke themselves; an auditor cannot be promoted without a key', async () => {
    const { client, officerId: me } = await desk.signedIn('coordinator');
    const { officerId: auditor } = await desk.signedIn('auditor');
    const key = desk.officerKeys.coordinator;
    expect((await client.json('POST', `/api/desk/officers/${me}/revoke`, {})).status).toBe(409);
    expect(
      (
        await client.json('POST', `/api/desk/officers/${me}/role`, {
          role: 'officer',
          stepUp: await desk.stepUp(client, 'role', me, key),
        })
      ).status,
    ).toBe(409);
    expect(
      (
        await client.json('POST', `/api/desk/officers/${auditor}/role`, {
          role: 'officer',
          stepUp: await desk.stepUp(client, 'role', auditor, key),
        })
      ).status,
    ).toBe(409);
    expect(await verifyStoredAudit(desk.store)).toMatchObject({ ok: true });
  });
});

describe('hostile bodies', () => {
  it('oversized, non-JSON and non-object bodies get 4xx, never 500', async () => {
    const [c] = await seed();
    const { client } = await desk.signedIn('officer');
    const send = (body: string, headers: Record<string, string> = {}) =>
      client.call('POST', `/api/desk/cases/${c!.id}/status`, body, headers);
    expect((await send('[1,2]')).status).toBe(400);
    expect((await send('"closed"')).status).toBe(400);
    expect((await send('{"status":')).status).toBe(400);
    expect((await send(JSON.stringify({ status: 'opened', pad: 'x'.repeat(20_000) }))).status).toBe(413);
    expect((await send('{}', { 'content-length': String(2 * 1024 * 1024) })).status).toBe(413);
    expect(
      (await client.call('POST', `/api/desk/cases/${c!.id}/replies`, Buffer.alloc(100, 0xff).toString('latin1')))
        .status,
    ).toBe(400);
  });
});

describe('races', () => {
  it('a case deleted while a change to it is under way gets 404, not a 500, and no audit entry for the change', async () => {
    const [c] = await seed();
    const { client } = await desk.signedIn('coordinator');
    // The interleaving a coordinator's deletion (or the retention sweep) makes: after the route read the case,
    // before it writes the change.
    const updateCase = desk.store.updateCase.bind(desk.store);
    desk.store.updateCase = async (id, patch) => {
      await desk.store.deleteCase(id);
      return updateCase(id, patch);
    };
    const changes: Array<[string, Record<string, unknown>]> = [
      ['status', { status: 'assessing' }],
      ['assign', { assignee: null }],
      ['labels', { labels: ['urgent'] }],
    ];
    for (const [route, body] of changes) {
      await desk.store.createCase(c!);
      const audited = (await desk.store.readAudit(1, 1000)).length;
      const answer = await client.json('POST', `/api/desk/cases/${c!.id}/${route}`, body);
      expect([route, answer.status, answer.body.error?.code]).toEqual([route, 404, 'desk.not-found']);
      expect(await desk.store.getCase(c!.id)).toBeNull();
      expect((await desk.store.readAudit(1, 1000)).length).toBe(audited);
    }
  });

  it('of two deletions of one case at once, one deletes and is logged, the other gets 404', async () => {
    const [c] = await seed();
    const { client } = await desk.signedIn('coordinator');
    const key = desk.officerKeys.coordinator;
    const stepUps = [await desk.stepUp(client, 'delete', c!.id, key), await desk.stepUp(client, 'delete', c!.id, key)];
    const answers = await Promise.all(
      stepUps.map((stepUp) => client.json('POST', `/api/desk/cases/${c!.id}/delete`, { stepUp })),
    );
    expect(answers.map((a) => a.status).sort()).toEqual([200, 404]);
    const deletions = (await desk.store.readAudit(1, 1000)).filter((e) => e.action === 'deleted');
    expect(deletions).toHaveLength(1);
  });
});

describe('bodies over the cap', () => {
  /** A JSON object of about `bytes` bytes, sent in 64 KiB chunks with no declared length. */
  const chunked = (bytes: number) => {
    const chunk = new TextEncoder().encode('x'.repeat(64 * 1024));
    let sent = 0;
    return new ReadableStream<Uint8Array>({
      pull(controller) {
        if (sent === 0) controller.enqueue(new TextEncoder().encode('{"pad":"'));
        if (sent >= bytes) {
          controller.enqueue(new TextEncoder().encode('"}'));
          return controller.close();
        }
        controller.enqueue(chunk);
        sent += chunk.length;
      },
    });
  };
  const tooLarge = { error: { code: 'desk.too-large', message: 'The request is larger than the desk accepts.' } };

  it('get 413 desk.too-large whether their length is declared or not (chunked)', async () => {
    const [c] = await seed();
    const { client } = await desk.signedIn('officer');
    const replies = `/api/desk/cases/${c!.id}/replies`;
    const declared = await client.call('POST', replies, '{}', { 'content-length': String(1024 * 1024 + 1) });
    expect([declared.status, await declared.json()]).toEqual([413, tooLarge]);
    const streamed = await client.call('POST', replies, chunked(1536 * 1024));
    expect([streamed.status, await streamed.json()]).toEqual([413, tooLarge]);
    // Under the desk's 1 MiB but over a route's own cap (a status change takes 16 KiB): 413 too.
    const status = await client.call('POST', `/api/desk/cases/${c!.id}/status`, chunked(64 * 1024));
    expect([status.status, await status.json()]).toEqual([413, tooLarge]);
    // The same goes for the routes outside cases: the step-up, officers, the passkey ceremonies.
    const { client: coordinator } = await desk.signedIn('coordinator');
    for (const path of ['/api/desk/step-up', '/api/desk/officers/invitations', '/api/desk/passkeys/verify'])
      expect([path, (await coordinator.call('POST', path, chunked(1536 * 1024))).status]).toEqual([path, 413]);
    expect((await desk.store.getCase(c!.id))?.status).toBe('new');
  });
});

export type { DeskClient };
