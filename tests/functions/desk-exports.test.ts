// The bulk export route through app.request(): one step-up over the SHA-256 of the id list covers the whole set;
// officers and coordinators only; a bounded list of known, distinct ids; one "exported" audit entry per case, tied by
// the set's hash.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { verifyStoredAudit } from '../../functions/desk/audit.ts';
import { exportSetHash, maxExportSet } from '../../src/shared/export-set.ts';
import { newCase } from './desk-store-contract.ts';
import { createRedisDeskStore } from '../../functions/desk-store/redis.ts';
import { makeDesk, type DeskClient, type TestDesk } from './helpers/desk.ts';
import { useTestRedis } from './redis-fixture.ts';

let desk: TestDesk;
afterEach(async () => {
  await desk?.close();
});
const testRedis = useTestRedis();

async function seed(n: number) {
  const cases = Array.from({ length: n }, () => newCase());
  for (const c of cases) await desk.store.createCase(c);
  return cases.map((c) => c.id);
}

const exportSet = (client: DeskClient, body: unknown) => client.json('POST', '/api/desk/exports', body);
const signFor = async (client: DeskClient, ids: string[]) =>
  desk.stepUp(client, 'export-set', await exportSetHash(ids), desk.officerKeys.officer);
const audit = () => desk.store.readAudit(1, 1000);

// The audit entries go through appendAudit, the same for both stores: the whole route is run over each.
describe.each([
  ['the embedded store', () => makeDesk()],
  ['Redis', () => makeDesk(() => createRedisDeskStore(testRedis.tcp(), { prefix: testRedis.prefix() }))],
])('POST /api/desk/exports over %s', (_, open) => {
  beforeEach(async () => {
    desk = await open();
  });

  it('logs every case of a signed set as exported, naming the set; the challenge binds the id list', async () => {
    const ids = await seed(3);
    const { client, officerId } = await desk.signedIn('officer');
    const stepUp = await signFor(client, ids);
    const set = await exportSetHash(ids);
    expect(set).toMatch(/^[0-9a-f]{64}$/);
    expect(stepUp.challenge.split('\n').slice(2, 4)).toEqual(['export-set', set]);
    const answer = await exportSet(client, { ids, stepUp });
    expect(answer).toMatchObject({ status: 200, body: { set, cases: 3 } });
    const exported = (await audit()).filter((e) => e.action === 'exported');
    expect(exported.map((e) => e.object)).toEqual(ids);
    for (const e of exported) expect(e).toMatchObject({ actor: officerId, detail: { set, cases: 3 } });
    expect(await verifyStoredAudit(desk.store)).toMatchObject({ ok: true });
    expect(await exportSet(client, { ids, stepUp })).toMatchObject({ status: 403 }); // used once
  });

  it('refuses a signature for another list: fewer ids, another order, or a single-case export', async () => {
    const ids = await seed(3);
    const { client } = await desk.signedIn('coordinator');
    const key = desk.officerKeys.coordinator;
    const refused = { status: 403, body: { error: { code: 'desk.step-up' } } };
    for (const signed of [ids.slice(0, 2), [...ids].reverse()]) {
      const stepUp = await desk.stepUp(client, 'export-set', await exportSetHash(signed), key);
      expect(await exportSet(client, { ids, stepUp })).toMatchObject(refused);
    }
    const single = await desk.stepUp(client, 'export', await exportSetHash(ids), key);
    expect(await exportSet(client, { ids, stepUp: single })).toMatchObject(refused);
    expect(await exportSet(client, { ids })).toMatchObject(refused);
    expect(await exportSet(client, { ids, stepUp: 'signed' })).toMatchObject(refused);
    const log = await audit();
    expect(log.filter((e) => e.action === 'exported')).toHaveLength(0);
    expect(log.filter((e) => e.action === 'step_up_failed')).toHaveLength(5);
  });

  it('needs a session, and the role of an officer or coordinator (never an auditor)', async () => {
    const ids = await seed(1);
    const { client: auditor } = await desk.signedIn('auditor');
    expect(await exportSet(auditor, { ids })).toMatchObject({
      status: 403,
      body: { error: { code: 'desk.forbidden' } },
    });
    const { client } = await desk.signedIn('officer');
    const stepUp = await signFor(client, ids);
    await client.json('POST', '/api/desk/logout', {});
    expect(await exportSet(client, { ids, stepUp })).toMatchObject({
      status: 401,
      body: { error: { code: 'desk.no-session' } },
    });
    expect((await audit()).filter((e) => e.action === 'exported')).toHaveLength(0);
  });

  it('takes 1 to maxExportSet known, distinct case ids, and checks them before the signature is spent', async () => {
    const ids = await seed(2);
    const { client } = await desk.signedIn('officer');
    const stepUp = await signFor(client, ids);
    for (const bad of [[], 'all', [ids[0], ids[0]], [ids[0], 7], [ids[0], '../x'], [ids[0], 'x'.repeat(65)]]) {
      expect(await exportSet(client, { ids: bad, stepUp }), JSON.stringify(bad)).toMatchObject({
        status: 400,
        body: { error: { code: 'desk.invalid' } },
      });
    }
    const tooMany = Array.from({ length: maxExportSet + 1 }, (_, i) => `case${i}`);
    expect(await exportSet(client, { ids: tooMany, stepUp })).toMatchObject({
      status: 413,
      body: { error: { code: 'desk.too-large' } },
    });
    expect(await exportSet(client, { ids: [...ids, 'no-such-case'], stepUp })).toMatchObject({
      status: 404,
      body: { error: { code: 'desk.not-found' } },
    });
    // None of these took the challenge: it still signs the real set.
    expect((await exportSet(client, { ids, stepUp })).status).toBe(200);
  });
});
