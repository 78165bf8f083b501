// A set of cases exported at once (the desk's bulk export):
//   POST exports   { ids: [case id, …] (1 to maxExportSet, no repeats), stepUp }  →  { set, cases }
// The officer's browser reads and decrypts the cases itself (each read is logged as a view, as for opening one),
// builds the files, and asks here first: one step-up signature over the SHA-256 of the id list (the "export-set"
// action, src/shared/export-set.ts) covers the whole set, so a stolen session cannot log an export of other cases.
// The audit gets one "exported" entry per case, each naming the set's hash and size: a case's history then shows
// its export like a single one (the log is read by case), and the entries of one set are tied by the signed hash.
import type { Hono } from 'hono';
import { maxExportSet, exportSetHash } from '../../src/shared/export-set.ts';
import { readJsonObject } from '../http/body.ts';
import { appendAudit } from './audit.ts';
import type { DeskDeps, DeskEnv } from './context.ts';
import { deskError } from './errors.ts';
import { requireRole } from './session.ts';
import { checkStepUp, objectPattern } from './step-up.ts';

/** The ids (up to 65 characters each with their quotes and comma) and the step-up, with room to spare. */
const maxBodyBytes = maxExportSet * 70 + 16 * 1024;

export function mountExports(app: Hono<DeskEnv>, deps: DeskDeps): void {
  const { store, clock } = deps;

  app.post('/exports', requireRole('coordinator', 'officer'), async (c) => {
    const read = await readJsonObject(c, maxBodyBytes);
    if (!read.ok) return deskError(c, read.error === 'too-large' ? 'desk.too-large' : 'desk.invalid');
    const { ids, stepUp } = read.value;
    if (!Array.isArray(ids) || ids.length === 0) return deskError(c, 'desk.invalid');
    if (ids.length > maxExportSet) return deskError(c, 'desk.too-large');
    if (!ids.every((id) => typeof id === 'string' && objectPattern.test(id)) || new Set(ids).size !== ids.length)
      return deskError(c, 'desk.invalid');
    for (const id of ids as string[]) if (!(await store.getCase(id))) return deskError(c, 'desk.not-found');
    const set = await exportSetHash(ids as string[]);
    if (!(await checkStepUp(c, deps, 'export-set', set, stepUp))) return deskError(c, 'desk.step-up');
    const actor = c.get('officer').id;
    for (const id of ids as string[])
      await appendAudit(
        store,
        { actor, action: 'exported', object: id, detail: { set, cases: ids.length } },
        clock.now(),
      );
    return c.json({ set, cases: ids.length });
  });
}
