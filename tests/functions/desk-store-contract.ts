// The behaviour every DeskStore must have, whatever stores it. Run it with
//   describeDeskStoreContract('node:sqlite', async () => openSqliteDeskStore({ dataDir: await tempDir() }));
// Each test gets a fresh, empty store and closes it afterwards. Times are passed explicitly and far from the real
// clock (nothing may read Date.now()).
import { createHash, randomBytes } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import type { AuditEntry, Credential, DeskStore, NewCase, Officer } from '../../functions/desk-ports.ts';
import { genesisHash } from '../../functions/desk-ports.ts';

const t0 = Date.UTC(2031, 0, 15, 10, 20, 30, 456);
const minute = 60_000;
const sha = (text: string) => createHash('sha256').update(text).digest('hex');
export const newId = () => randomBytes(16).toString('base64url');

export function newCase(overrides: Partial<NewCase> = {}): NewCase {
  const id = overrides.id ?? newId();
  return {
    id,
    lookupHash: sha(`lookup-${id}`),
    day: '2031-01-15',
    body: `-----BEGIN PGP MESSAGE-----\n\nwcBMA${id}\n-----END PGP MESSAGE-----\n`,
    ...overrides,
  };
}

const officer = (overrides: Partial<Officer> = {}): Officer => ({
  id: newId(),
  name: 'Officer A',
  role: 'officer',
  keyFingerprint: 'A'.repeat(40),
  addedDay: '2031-01-15',
  revokedDay: null,
  ...overrides,
});

const credential = (officerId: string, overrides: Partial<Credential> = {}): Credential => ({
  id: newId(),
  officerId,
  publicKey: randomBytes(77).toString('base64url'),
  counter: 0,
  transports: ['usb', 'nfc'],
  addedDay: '2031-01-15',
  lastUsedDay: null,
  ...overrides,
});

/** An entry that continues `prev` (the store does not check hashes; desk/audit.ts computes them). */
const auditEntry = (seq: number, prevHash: string): AuditEntry => ({
  seq,
  at: '2031-01-15T10:20Z',
  actor: 'officer-1',
  action: 'status_changed',
  object: 'case-1',
  detail: { to: 'assessing', n: seq, flag: true, none: null },
  prevHash,
  hash: sha(`entry-${seq}-${prevHash}`),
});

export function describeDeskStoreContract(name: string, makeStore: () => Promise<DeskStore>): void {
  describe(`DeskStore contract: ${name}`, () => {
    let open: DeskStore[] = [];
    const fresh = async () => {
      const store = await makeStore();
      open.push(store);
      return store;
    };
    afterEach(async () => {
      await Promise.all(open.map((s) => s.close()));
      open = [];
    });

    describe('cases', () => {
      it('a new case holds the tip as message 0, status new, nothing else set; found by its lookup hash', async () => {
        const s = await fresh();
        const c = newCase();
        expect(await s.createCase(c)).toBe(true);
        expect(await s.getCase(c.id)).toEqual({
          id: c.id,
          lookupHash: c.lookupHash,
          receivedDay: '2031-01-15',
          status: 'new',
          closeReason: null,
          assignee: null,
          labels: [],
          keepUntilDay: null,
          messages: 1,
        });
        expect(await s.messages(c.id)).toEqual([
          { caseId: c.id, seq: 0, kind: 'tip', day: '2031-01-15', body: c.body, record: null, author: null },
        ]);
        expect(await s.caseIdByLookup(c.lookupHash!)).toBe(c.id);
        expect(await s.caseIdByLookup(sha('nobody'))).toBeNull();
        expect(await s.getCase(newId())).toBeNull();
      });

      it('refuses a second case with the same id or the same lookup hash; a case may have no lookup hash', async () => {
        const s = await fresh();
        const c = newCase();
        expect(await s.createCase(c)).toBe(true);
        expect(await s.createCase({ ...newCase(), id: c.id })).toBe(false);
        expect(await s.createCase({ ...newCase(), lookupHash: c.lookupHash })).toBe(false);
        const old = newCase({ lookupHash: null });
        const older = newCase({ lookupHash: null });
        expect(await s.createCase(old)).toBe(true);
        expect(await s.createCase(older)).toBe(true);
        expect((await s.getCase(old.id))?.lookupHash).toBeNull();
        expect((await s.messages(c.id))[0]!.body).toBe(c.body);
      });

      it('keeps a large ciphertext byte for byte', async () => {
        const s = await fresh();
        const c = newCase({
          body: `-----BEGIN PGP MESSAGE-----\n\n${'QUJD'.repeat(500_000)}\n-----END PGP MESSAGE-----\n`,
        });
        await s.createCase(c);
        expect((await s.messages(c.id))[0]!.body).toBe(c.body);
      });

      it('updateCase changes only what the patch names, and can clear a field', async () => {
        const s = await fresh();
        const c = newCase();
        await s.createCase(c);
        const assigned = await s.updateCase(c.id, {
          status: 'assessing',
          assignee: 'officer-1',
          labels: ['urgent', 'nevis'],
        });
        expect(assigned).toMatchObject({
          status: 'assessing',
          assignee: 'officer-1',
          labels: ['urgent', 'nevis'],
          closeReason: null,
        });
        const closed = await s.updateCase(c.id, {
          status: 'closed',
          closeReason: 'duplicate',
          keepUntilDay: '2031-04-15',
        });
        expect(closed).toMatchObject({
          status: 'closed',
          closeReason: 'duplicate',
          assignee: 'officer-1',
          keepUntilDay: '2031-04-15',
        });
        const reopened = await s.updateCase(c.id, {
          status: 'assessing',
          closeReason: null,
          keepUntilDay: null,
          assignee: null,
        });
        expect(reopened).toMatchObject({
          status: 'assessing',
          closeReason: null,
          keepUntilDay: null,
          assignee: null,
          labels: ['urgent', 'nevis'],
        });
        expect(await s.getCase(c.id)).toEqual(reopened);
        expect(await s.updateCase(newId(), { status: 'opened' })).toBeNull();
        expect(await s.getCase(c.id)).toEqual(await s.updateCase(c.id, {}));
      });

      it('addMessage numbers the thread 1, 2, … and refuses an unknown case', async () => {
        const s = await fresh();
        const c = newCase();
        await s.createCase(c);
        const reply = {
          kind: 'reply' as const,
          day: '2031-01-16',
          body: 'c2VhbGVk',
          record: '-----BEGIN PGP MESSAGE-----',
          author: 'officer-1',
        };
        const followup = {
          kind: 'followup' as const,
          day: '2031-01-17',
          body: '-----BEGIN PGP MESSAGE-----x',
          record: null,
          author: null,
        };
        expect(await s.addMessage(c.id, reply)).toBe(1);
        expect(await s.addMessage(c.id, followup)).toBe(2);
        expect(await s.addMessage(newId(), followup)).toBeNull();
        const thread = await s.messages(c.id);
        expect(thread.map((m) => [m.seq, m.kind])).toEqual([
          [0, 'tip'],
          [1, 'reply'],
          [2, 'followup'],
        ]);
        expect(thread[1]).toEqual({ caseId: c.id, seq: 1, ...reply });
        expect((await s.getCase(c.id))?.messages).toBe(3);
      });

      it('deleteMessage deletes one message of the given kind for good; the others keep their seq', async () => {
        const s = await fresh();
        const c = newCase();
        await s.createCase(c);
        const reply = (body: string) => ({
          kind: 'reply' as const,
          day: '2031-01-16',
          body,
          record: '-----BEGIN PGP MESSAGE-----',
          author: 'officer-1',
        });
        await s.addMessage(c.id, reply('REPLY-ONE'));
        await s.addMessage(c.id, { kind: 'followup', day: '2031-01-17', body: 'F', record: null, author: null });
        await s.addMessage(c.id, reply('REPLY-TWO'));
        // Only a message of the named kind: a tipster deleting "replies" cannot delete the tip or a follow-up.
        expect(await s.deleteMessage(c.id, 0, 'reply')).toBe(false);
        expect(await s.deleteMessage(c.id, 2, 'reply')).toBe(false);
        expect(await s.deleteMessage(c.id, 9, 'reply')).toBe(false);
        expect(await s.deleteMessage(newId(), 1, 'reply')).toBe(false);
        expect(await s.deleteMessage(c.id, 1, 'reply')).toBe(true);
        expect(await s.deleteMessage(c.id, 1, 'reply')).toBe(false);
        const thread = await s.messages(c.id);
        expect(thread.map((m) => [m.seq, m.kind])).toEqual([
          [0, 'tip'],
          [2, 'followup'],
          [3, 'reply'],
        ]);
        expect(JSON.stringify(thread)).not.toContain('REPLY-ONE');
        // The next message still gets the next seq (a reply's seq is bound into its encryption).
        expect(await s.addMessage(c.id, reply('REPLY-THREE'))).toBe(4);
        expect((await s.getCase(c.id))?.messages).toBe(5);
      });

      it('addMessageAt adds only at the next seq, keeps notes, and refuses an unknown case', async () => {
        const s = await fresh();
        const c = newCase();
        await s.createCase(c);
        const note = {
          kind: 'note' as const,
          day: '2031-01-16',
          body: '-----BEGIN PGP MESSAGE-----n',
          record: null,
          author: 'officer-1',
        };
        expect(await s.addMessageAt(c.id, 2, note)).toBe('taken');
        expect(await s.addMessageAt(c.id, 0, note)).toBe('taken');
        expect(await s.addMessageAt(c.id, 1, note)).toBe('added');
        expect(await s.addMessageAt(c.id, 1, note)).toBe('taken');
        expect(await s.addMessageAt(newId(), 0, note)).toBe('no-case');
        expect(await s.messages(c.id)).toEqual([
          expect.objectContaining({ seq: 0, kind: 'tip' }),
          { caseId: c.id, seq: 1, ...note },
        ]);
        expect((await s.getCase(c.id))?.messages).toBe(2);
        // Of several writers that read the same next seq, exactly one lands.
        const results = await Promise.all(
          Array.from({ length: 6 }, (_, i) => s.addMessageAt(c.id, 2, { ...note, body: `n${i}` })),
        );
        expect(results.filter((r) => r === 'added')).toHaveLength(1);
        expect((await s.messages(c.id)).length).toBe(3);
      });

      it('addMessageAt refuses a reply to a case without a thread (no lookup hash), but takes its notes', async () => {
        const s = await fresh();
        const threadless = newCase({ lookupHash: null });
        await s.createCase(threadless);
        const message = { day: '2031-01-16', body: 'sealed', record: null, author: 'officer-1' };
        expect(await s.addMessageAt(threadless.id, 1, { kind: 'reply', ...message })).toBe('no-thread');
        expect((await s.getCase(threadless.id))?.messages).toBe(1);
        expect(await s.addMessageAt(threadless.id, 1, { kind: 'note', ...message })).toBe('added');
        expect((await s.messages(threadless.id)).map((m) => m.kind)).toEqual(['tip', 'note']);
        // An unknown case is still 'no-case'; a case with a thread takes the reply.
        expect(await s.addMessageAt(newId(), 1, { kind: 'reply', ...message })).toBe('no-case');
        const threaded = newCase();
        await s.createCase(threaded);
        expect(await s.addMessageAt(threaded.id, 1, { kind: 'reply', ...message })).toBe('added');
      });

      it('concurrent messages get distinct seqs', async () => {
        const s = await fresh();
        const c = newCase();
        await s.createCase(c);
        const seqs = await Promise.all(
          Array.from({ length: 12 }, (_, i) =>
            s.addMessage(c.id, { kind: 'followup', day: '2031-01-16', body: `b${i}`, record: null, author: null }),
          ),
        );
        expect([...seqs].sort((a, b) => a! - b!)).toEqual(Array.from({ length: 12 }, (_, i) => i + 1));
        expect((await s.messages(c.id)).length).toBe(13);
      });

      it('deleteCase removes the case, its thread and its lookup hash; a second delete is false', async () => {
        const s = await fresh();
        const c = newCase();
        const other = newCase();
        await s.createCase(c);
        await s.createCase(other);
        await s.addMessage(c.id, { kind: 'followup', day: '2031-01-16', body: 'x', record: null, author: null });
        await s.updateCase(c.id, { keepUntilDay: '2031-02-01' });
        expect(await s.deleteCase(c.id)).toBe(true);
        expect(await s.deleteCase(c.id)).toBe(false);
        expect(await s.getCase(c.id)).toBeNull();
        expect(await s.messages(c.id)).toEqual([]);
        expect(await s.caseIdByLookup(c.lookupHash!)).toBeNull();
        expect(await s.casesExpiredBefore('2032-01-01')).toEqual([]);
        expect((await s.listCases({}, null, 10)).cases.map((x) => x.id)).toEqual([other.id]);
        // The lookup hash is free again (a tipster's code never comes back, but nothing stale may block it).
        expect(await s.createCase(newCase({ lookupHash: c.lookupHash }))).toBe(true);
      });

      it('listCases pages newest first and filters by status, assignee and label', async () => {
        const s = await fresh();
        const cases = Array.from({ length: 7 }, () => newCase());
        for (const c of cases) await s.createCase(c);
        await s.updateCase(cases[1]!.id, { status: 'assessing', assignee: 'o1', labels: ['urgent'] });
        await s.updateCase(cases[4]!.id, { status: 'assessing', assignee: 'o2', labels: ['urgent', 'nevis'] });
        await s.updateCase(cases[5]!.id, { status: 'closed', closeReason: 'duplicate', assignee: 'o1' });
        const seen: string[] = [];
        let cursor: string | null = null;
        let pages = 0;
        do {
          const page = await s.listCases({}, cursor, 3);
          expect(page.cases.length).toBeLessThanOrEqual(3);
          seen.push(...page.cases.map((c) => c.id));
          cursor = page.next;
          pages++;
        } while (cursor !== null && pages < 20);
        expect(seen).toEqual(cases.map((c) => c.id).reverse());
        expect(pages).toBe(3);
        const ids = async (filter: Parameters<DeskStore['listCases']>[0]) =>
          (await s.listCases(filter, null, 50)).cases.map((c) => c.id);
        expect(await ids({ status: 'assessing' })).toEqual([cases[4]!.id, cases[1]!.id]);
        expect(await ids({ assignee: 'o1' })).toEqual([cases[5]!.id, cases[1]!.id]);
        expect(await ids({ label: 'urgent' })).toEqual([cases[4]!.id, cases[1]!.id]);
        expect(await ids({ label: 'nevis', status: 'assessing' })).toEqual([cases[4]!.id]);
        expect(await ids({ status: 'referred' })).toEqual([]);
        const last = await s.listCases({}, null, 7);
        expect(last.next).toBeNull();
      });

      it('casesExpiredBefore lists the cases whose keep-until day has passed', async () => {
        const s = await fresh();
        const [a, b, c] = [newCase(), newCase(), newCase()];
        for (const x of [a, b, c]) await s.createCase(x);
        await s.updateCase(a.id, { keepUntilDay: '2031-04-14' });
        await s.updateCase(b.id, { keepUntilDay: '2031-04-15' });
        expect(await s.casesExpiredBefore('2031-04-15')).toEqual([a.id]);
        expect((await s.casesExpiredBefore('2031-04-16')).sort()).toEqual([a.id, b.id].sort());
        await s.updateCase(a.id, { keepUntilDay: '2031-12-31' }); // extended
        expect(await s.casesExpiredBefore('2031-04-16')).toEqual([b.id]);
        await s.updateCase(b.id, { keepUntilDay: null });
        expect(await s.casesExpiredBefore('2031-04-16')).toEqual([]);
      });
    });

    describe('officers and passkeys', () => {
      it('adds, reads, lists, updates officers; a taken id is refused', async () => {
        const s = await fresh();
        const a = officer({ role: 'coordinator', addedDay: '2031-01-01' });
        const b = officer({ role: 'auditor', keyFingerprint: null });
        expect(await s.addOfficer(a)).toBe(true);
        expect(await s.addOfficer(b)).toBe(true);
        expect(await s.addOfficer({ ...b, name: 'impostor' })).toBe(false);
        expect(await s.getOfficer(a.id)).toEqual(a);
        expect(await s.getOfficer(b.id)).toEqual(b);
        expect(await s.listOfficers()).toEqual([a, b]);
        expect(await s.updateOfficer(b.id, { role: 'officer' })).toEqual({ ...b, role: 'officer' });
        expect(await s.updateOfficer(b.id, { revokedDay: '2031-02-01' })).toEqual({
          ...b,
          role: 'officer',
          revokedDay: '2031-02-01',
        });
        expect(await s.updateOfficer(newId(), { role: 'officer' })).toBeNull();
        expect(await s.getOfficer(newId())).toBeNull();
      });

      it('keeps passkeys per officer, updates the counter, removes them all', async () => {
        const s = await fresh();
        const a = officer();
        const b = officer();
        await s.addOfficer(a);
        await s.addOfficer(b);
        const [k1, k2, k3] = [credential(a.id), credential(a.id, { transports: [] }), credential(b.id)];
        for (const k of [k1, k2, k3]) expect(await s.addCredential(k)).toBe(true);
        expect(await s.addCredential({ ...k1, officerId: b.id })).toBe(false);
        expect(await s.getCredential(k1.id)).toEqual(k1);
        expect((await s.credentialsOf(a.id)).map((k) => k.id).sort()).toEqual([k1.id, k2.id].sort());
        await s.credentialUsed(k1.id, 7, '2031-01-20');
        expect(await s.getCredential(k1.id)).toEqual({ ...k1, counter: 7, lastUsedDay: '2031-01-20' });
        expect(await s.removeCredentialsOf(a.id)).toBe(2);
        expect(await s.getCredential(k1.id)).toBeNull();
        expect(await s.credentialsOf(a.id)).toEqual([]);
        expect(await s.credentialsOf(b.id)).toEqual([k3]);
      });

      it("removes one passkey, only the officer's own, and never the last", async () => {
        const s = await fresh();
        const a = officer();
        const b = officer();
        await s.addOfficer(a);
        await s.addOfficer(b);
        const [k1, k2, k3] = [credential(a.id), credential(a.id), credential(b.id)];
        for (const k of [k1, k2, k3]) await s.addCredential(k);
        expect(await s.removeCredential(a.id, k3.id)).toBe('not-found');
        expect(await s.removeCredential(a.id, newId())).toBe('not-found');
        expect(await s.removeCredential(b.id, k3.id)).toBe('last');
        expect(await s.getCredential(k3.id)).toEqual(k3);
        expect(await s.removeCredential(a.id, k1.id)).toBe('removed');
        expect(await s.getCredential(k1.id)).toBeNull();
        expect(await s.credentialsOf(a.id)).toEqual([k2]);
        expect(await s.removeCredential(a.id, k2.id)).toBe('last');
        // Two removals at once of an officer's two passkeys: one stays.
        const k4 = credential(a.id);
        await s.addCredential(k4);
        const both = await Promise.all([s.removeCredential(a.id, k2.id), s.removeCredential(a.id, k4.id)]);
        expect(both.sort()).toEqual(['last', 'removed']);
        expect(await s.credentialsOf(a.id)).toHaveLength(1);
      });
    });

    describe('sessions, challenges, invitations', () => {
      const session = (officerId: string, tokenHash = sha(newId())) => ({
        tokenHash,
        officerId,
        csrfHash: sha(newId()),
        createdAt: t0,
        expiresAt: t0 + 15 * minute,
      });

      it('a session lives until it expires; touch moves the expiry; delete ends it', async () => {
        const s = await fresh();
        const live = session('o1');
        await s.createSession(live);
        expect(await s.getSession(live.tokenHash, t0 + minute)).toEqual(live);
        expect(await s.getSession(live.tokenHash, t0 + 15 * minute)).toBeNull();
        await s.touchSession(live.tokenHash, t0 + 25 * minute, t0 + 10 * minute);
        expect(await s.getSession(live.tokenHash, t0 + 20 * minute)).toEqual({ ...live, expiresAt: t0 + 25 * minute });
        // An expired session cannot be revived by a touch.
        await s.touchSession(live.tokenHash, t0 + 60 * minute, t0 + 30 * minute);
        expect(await s.getSession(live.tokenHash, t0 + 40 * minute)).toBeNull();
        const other = session('o1');
        await s.createSession(other);
        await s.deleteSession(other.tokenHash);
        expect(await s.getSession(other.tokenHash, t0)).toBeNull();
      });

      it('deleteSessionsOf ends every session of one officer only', async () => {
        const s = await fresh();
        const [a1, a2, b1] = [session('a'), session('a'), session('b')];
        for (const x of [a1, a2, b1]) await s.createSession(x);
        expect(await s.deleteSessionsOf('a')).toBe(2);
        expect(await s.getSession(a1.tokenHash, t0)).toBeNull();
        expect(await s.getSession(a2.tokenHash, t0)).toBeNull();
        expect(await s.getSession(b1.tokenHash, t0)).toEqual(b1);
      });

      it('a challenge is taken once, and not at all after it expired', async () => {
        const s = await fresh();
        const c = {
          hash: sha('c1'),
          purpose: 'login' as const,
          binding: sha('cookie'),
          subject: '',
          expiresAt: t0 + 5 * minute,
        };
        await s.putChallenge(c, t0);
        expect(await s.takeChallenge(c.hash, t0 + minute)).toEqual(c);
        expect(await s.takeChallenge(c.hash, t0 + minute)).toBeNull();
        const late = { ...c, hash: sha('c2'), purpose: 'step-up' as const, subject: 'delete case-1' };
        await s.putChallenge(late, t0);
        expect(await s.takeChallenge(late.hash, t0 + 5 * minute)).toBeNull();
        expect(await s.takeChallenge(late.hash, t0)).toBeNull(); // gone: an expired take still removes it
      });

      it('of concurrent takes of one challenge, exactly one gets it', async () => {
        const s = await fresh();
        const c = {
          hash: sha('race'),
          purpose: 'register' as const,
          binding: sha('b'),
          subject: 'x',
          expiresAt: t0 + minute,
        };
        await s.putChallenge(c, t0);
        const taken = await Promise.all(Array.from({ length: 8 }, () => s.takeChallenge(c.hash, t0)));
        expect(taken.filter((x) => x !== null)).toHaveLength(1);
      });

      it('an invitation can be read until taken or expired, and taken once', async () => {
        const s = await fresh();
        const inv = {
          tokenHash: sha('inv'),
          name: 'Coordinator',
          role: 'coordinator' as const,
          keyFingerprint: 'B'.repeat(40),
          invitedBy: null,
          expiresAt: t0 + 60 * minute,
        };
        await s.putInvitation(inv, t0);
        expect(await s.getInvitation(inv.tokenHash, t0)).toEqual(inv);
        expect(await s.getInvitation(inv.tokenHash, t0 + 60 * minute)).toBeNull();
        const taken = await Promise.all([s.takeInvitation(inv.tokenHash, t0), s.takeInvitation(inv.tokenHash, t0)]);
        expect(taken.filter((x) => x !== null)).toEqual([inv]);
        expect(await s.getInvitation(inv.tokenHash, t0)).toBeNull();
        const expired = {
          ...inv,
          tokenHash: sha('inv2'),
          invitedBy: 'o1',
          role: 'auditor' as const,
          keyFingerprint: null,
        };
        await s.putInvitation(expired, t0);
        expect(await s.takeInvitation(expired.tokenHash, t0 + 61 * minute)).toBeNull();
      });

      it('sweep leaves live records alone', async () => {
        const s = await fresh();
        const live = session('o1');
        await s.createSession(live);
        await s.putChallenge(
          { hash: sha('live'), purpose: 'login', binding: 'b', subject: '', expiresAt: t0 + minute },
          t0,
        );
        await s.sweep(t0);
        expect(await s.getSession(live.tokenHash, t0)).toEqual(live);
        expect(await s.takeChallenge(sha('live'), t0)).not.toBeNull();
        await s.createSession(session('o2', sha('old')));
        expect(await s.sweep(t0 + 16 * minute)).toBeGreaterThanOrEqual(0);
        expect(await s.getSession(sha('old'), t0 + 16 * minute)).toBeNull();
      });
    });

    describe('audit log', () => {
      it('starts at the genesis head and appends only entries that continue it', async () => {
        const s = await fresh();
        expect(await s.auditHead()).toEqual({ seq: 0, hash: genesisHash });
        expect(await s.readAudit(1, 10)).toEqual([]);
        const e1 = auditEntry(1, genesisHash);
        expect(await s.appendAudit(e1)).toBe(true);
        expect(await s.auditHead()).toEqual({ seq: 1, hash: e1.hash });
        // Not continuing the head: a replayed entry, a skipped seq, a wrong previous hash.
        expect(await s.appendAudit(e1)).toBe(false);
        expect(await s.appendAudit(auditEntry(3, e1.hash))).toBe(false);
        expect(await s.appendAudit(auditEntry(2, genesisHash))).toBe(false);
        const e2 = auditEntry(2, e1.hash);
        expect(await s.appendAudit(e2)).toBe(true);
        expect(await s.readAudit(1, 10)).toEqual([e1, e2]);
        expect(await s.readAudit(2, 10)).toEqual([e2]);
        expect(await s.readAudit(1, 1)).toEqual([e1]);
        expect(await s.readAudit(3, 10)).toEqual([]);
      });

      it('of concurrent appends of the same seq, exactly one wins', async () => {
        const s = await fresh();
        const results = await Promise.all(
          Array.from({ length: 6 }, (_, i) =>
            s.appendAudit({ ...auditEntry(1, genesisHash), hash: sha(`racer-${i}`) }),
          ),
        );
        expect(results.filter(Boolean)).toHaveLength(1);
        expect((await s.auditHead()).seq).toBe(1);
      });
    });
  });
}
