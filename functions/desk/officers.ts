// People and the audit log.
//   GET  officers                    coordinator: every officer, with how many passkeys they have
//   POST officers/invitations        coordinator + step-up ("invite", object = the role): { name, role, key } → link
//   POST officers/:id/role           coordinator + step-up ("role", object = the officer): { role }
//   POST officers/:id/revoke         coordinator: passkeys removed, sessions ended; no step-up (taking access away
//                                    must stay quick when a device is lost)
//   GET  audit?from=&limit=          coordinator, auditor: entries and the head
//   GET  audit/verify                coordinator, auditor: the whole chain checked (optionally against ?seq=&hash=,
//                                    a head written down earlier)
import type { Hono } from 'hono';
import { readDeskJson } from './body.ts';
import { appendAudit, verifyStoredAudit } from './audit.ts';
import type { DeskDeps, DeskEnv } from './context.ts';
import { dayOf } from './day.ts';
import { deskError } from './errors.ts';
import { createInvitation, InvitationError } from './invitations.ts';
import { requireRole } from './session.ts';
import { checkStepUp, objectPattern } from './step-up.ts';
import { roles, type Role } from '../desk-ports.ts';

export function mountOfficers(app: Hono<DeskEnv>, deps: DeskDeps): void {
  const { store, clock } = deps;
  const coordinator = requireRole('coordinator');

  app.get('/officers', coordinator, async (c) => {
    const officers = await store.listOfficers();
    const passkeys = await Promise.all(officers.map((o) => store.credentialsOf(o.id)));
    return c.json({ officers: officers.map((o, i) => ({ ...o, passkeys: passkeys[i]!.length })) });
  });

  app.post('/officers/invitations', coordinator, async (c) => {
    const body = await readDeskJson(c, 16 * 1024);
    if (!body) return deskError(c, 'desk.invalid');
    const { name, role, key, stepUp } = body;
    if (
      typeof name !== 'string' ||
      !roles.includes(role as Role) ||
      (key !== undefined && key !== null && typeof key !== 'string')
    ) {
      return deskError(c, 'desk.invalid');
    }
    if (!(await checkStepUp(c, deps, 'invite', role as Role, stepUp))) return deskError(c, 'desk.step-up');
    try {
      const invitation = await createInvitation(
        { store, keys: deps.keys, origin: deps.config.origin, lifetimes: deps.lifetimes },
        {
          name,
          role: role as Role,
          keyFingerprint: (key as string | null | undefined) ?? null,
          invitedBy: c.get('officer').id,
        },
        clock.now(),
      );
      return c.json(invitation, 201);
    } catch (error) {
      if (error instanceof InvitationError)
        return c.json({ error: { code: 'desk.invalid', message: error.message } }, 400);
      throw error;
    }
  });

  app.post('/officers/:id/role', coordinator, async (c) => {
    const id = c.req.param('id');
    const body = await readDeskJson(c, 16 * 1024);
    if (!body || !objectPattern.test(id) || !roles.includes(body.role as Role)) return deskError(c, 'desk.invalid');
    const role = body.role as Role;
    if (!(await checkStepUp(c, deps, 'role', id, body.stepUp))) return deskError(c, 'desk.step-up');
    const officer = await store.getOfficer(id);
    if (!officer || officer.revokedDay !== null) return deskError(c, 'desk.not-found');
    // Whoever reads cases holds a task force key; an auditor who has none cannot become one by a role change.
    if (role !== 'auditor' && !officer.keyFingerprint) return deskError(c, 'desk.conflict');
    if (id === c.get('officer').id) return deskError(c, 'desk.conflict');
    const updated = await store.updateOfficer(id, { role });
    await appendAudit(
      store,
      { actor: c.get('officer').id, action: 'role_changed', object: id, detail: { from: officer.role, to: role } },
      clock.now(),
    );
    return c.json({ officer: updated });
  });

  app.post('/officers/:id/revoke', coordinator, async (c) => {
    const id = c.req.param('id');
    if (!objectPattern.test(id)) return deskError(c, 'desk.invalid');
    if (id === c.get('officer').id) return deskError(c, 'desk.conflict');
    const officer = await store.getOfficer(id);
    if (!officer) return deskError(c, 'desk.not-found');
    const now = clock.now();
    const updated = officer.revokedDay ? officer : await store.updateOfficer(id, { revokedDay: dayOf(now) });
    const passkeys = await store.removeCredentialsOf(id);
    await store.deleteSessionsOf(id);
    await appendAudit(
      store,
      { actor: c.get('officer').id, action: 'officer_revoked', object: id, detail: { passkeys } },
      now,
    );
    return c.json({ officer: updated });
  });

  app.get('/audit', requireRole('coordinator', 'auditor'), async (c) => {
    const from = Number(c.req.query('from') ?? '1');
    const limit = Number(c.req.query('limit') ?? '200');
    if (!Number.isSafeInteger(from) || from < 1 || !Number.isSafeInteger(limit) || limit < 1 || limit > 1000) {
      return deskError(c, 'desk.invalid');
    }
    const [entries, head] = await Promise.all([store.readAudit(from, limit), store.auditHead()]);
    return c.json({ entries, head });
  });

  app.get('/audit/verify', requireRole('coordinator', 'auditor'), async (c) => {
    const seq = c.req.query('seq');
    const hash = c.req.query('hash');
    if ((seq === undefined) !== (hash === undefined)) return deskError(c, 'desk.invalid');
    if (seq !== undefined && (!/^\d{1,15}$/.test(seq) || !/^[0-9a-f]{64}$/.test(hash!)))
      return deskError(c, 'desk.invalid');
    return c.json(await verifyStoredAudit(store, seq === undefined ? undefined : { seq: Number(seq), hash: hash! }));
  });
}
