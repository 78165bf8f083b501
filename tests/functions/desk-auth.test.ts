// Desk sign-in through app.request(): invitations, passkey registration and sign-in with a software authenticator
// (real P-256 signatures, verified by @simplewebauthn/server), sessions, CSRF and roles; every rejection.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { verifyStoredAudit } from '../../functions/desk/audit.ts';
import { sha256Hex } from '../../functions/desk/secrets.ts';
import { makeDesk, type TestDesk } from './helpers/desk.ts';

const minute = 60_000;
let desk: TestDesk;
beforeEach(async () => {
  desk = await makeDesk();
});
afterEach(async () => {
  await desk.close();
});

const actions = async () => (await desk.store.readAudit(1, 1000)).map((e) => e.action);
const lastAction = async () => (await actions()).at(-1);

describe('invitation and registration', () => {
  it('an invitation registers a passkey and signs the officer in, with a __Host- cookie', async () => {
    const client = desk.client();
    const token = await desk.invite('coordinator', desk.officerKeys.coordinator, 'Amara');
    expect(await client.json('POST', '/api/desk/auth/invitation', { token })).toEqual({
      status: 200,
      body: { name: 'Amara', role: 'coordinator' },
    });
    const result = await desk.register(client, desk.authenticator(), token);
    expect(result.status).toBe(200);
    expect(result.body.officer).toMatchObject({
      name: 'Amara',
      role: 'coordinator',
      keyFingerprint: desk.officerKeys.coordinator.fingerprint,
    });
    const session = client.setCookies.find((c) => c.startsWith('__Host-desk-session='))!;
    expect(session).toMatch(/; Path=\//);
    expect(session).toMatch(/; Secure/);
    expect(session).toMatch(/; HttpOnly/);
    expect(session).toMatch(/; SameSite=Strict/);
    expect(session).not.toMatch(/Domain=/i);
    const me = await client.json('GET', '/api/desk/session');
    expect(me.status).toBe(200);
    expect(me.body.officer.id).toBe(result.body.officer.id);
    expect(me.body.csrf).toBe(client.csrf);
    // The store keeps the passkey's public key and hashes; the cookie's token is not in it.
    const token64 = client.cookies.get('__Host-desk-session')!;
    expect(await desk.store.getSession(token64, desk.clock.now())).toBeNull();
    expect(await desk.store.getSession(sha256Hex(token64), desk.clock.now())).not.toBeNull();
    expect(await actions()).toEqual(['invited', 'passkey_added', 'login']);
  });

  it('an invitation is used once: a second registration with it is refused', async () => {
    const token = await desk.invite('officer');
    expect((await desk.register(desk.client(), desk.authenticator(), token)).status).toBe(200);
    const again = await desk.register(desk.client(), desk.authenticator(), token);
    expect(again).toMatchObject({ status: 410, body: { error: { code: 'desk.invitation' } } });
  });

  it('of two browsers racing with one invitation, one gets it', async () => {
    const token = await desk.invite('officer');
    const [a, b] = [desk.client(), desk.client()];
    const [authA, authB] = [desk.authenticator(), desk.authenticator()];
    const optionsA = await a.json('POST', '/api/desk/auth/register/options', { token });
    const optionsB = await b.json('POST', '/api/desk/auth/register/options', { token });
    const results = await Promise.all([
      a.json('POST', '/api/desk/auth/register/verify', { token, response: authA.create(optionsA.body) }),
      b.json('POST', '/api/desk/auth/register/verify', { token, response: authB.create(optionsB.body) }),
    ]);
    expect(results.map((r) => r.status).sort()).toEqual([200, 410]);
    expect(await desk.store.listOfficers()).toHaveLength(1);
  });

  it('an expired invitation, or an unknown or malformed token, is refused', async () => {
    const token = await desk.invite('officer');
    desk.clock.advance(48 * 60 * minute);
    const client = desk.client();
    expect((await client.json('POST', '/api/desk/auth/register/options', { token })).status).toBe(410);
    expect((await client.json('POST', '/api/desk/auth/invitation', { token: 'x'.repeat(43) })).status).toBe(410);
    expect((await client.json('POST', '/api/desk/auth/invitation', { token: '../../etc' })).status).toBe(410);
    expect((await client.json('POST', '/api/desk/auth/invitation', { token: 42 })).status).toBe(410);
  });

  it('a replayed registration response is refused (its challenge was used)', async () => {
    const client = desk.client();
    const auth = desk.authenticator();
    const token = await desk.invite('officer');
    const options = await client.json('POST', '/api/desk/auth/register/options', { token });
    const response = auth.create(options.body);
    expect((await client.json('POST', '/api/desk/auth/register/verify', { token, response })).status).toBe(200);
    const replay = await client.json('POST', '/api/desk/auth/register/verify', { token, response });
    expect(replay).toMatchObject({ status: 400, body: { error: { code: 'desk.challenge' } } });
  });

  it('an expired registration challenge is refused, and the invitation still works afterwards', async () => {
    const client = desk.client();
    const auth = desk.authenticator();
    const token = await desk.invite('officer');
    const options = await client.json('POST', '/api/desk/auth/register/options', { token });
    desk.clock.advance(5 * minute);
    const late = await client.json('POST', '/api/desk/auth/register/verify', {
      token,
      response: auth.create(options.body),
    });
    expect(late).toMatchObject({ status: 400, body: { error: { code: 'desk.challenge' } } });
    expect((await desk.register(client, auth, token)).status).toBe(200);
  });

  it('a registration for another origin or RP, without user verification, or answering another challenge fails', async () => {
    const token = await desk.invite('officer');
    const cases = [
      { o: { origin: 'https://evil.test' }, code: 'desk.passkey' },
      { o: { rpId: 'evil.test' }, code: 'desk.passkey' },
      { o: { noUserVerification: true }, code: 'desk.passkey' },
      { o: { type: 'webauthn.get' }, code: 'desk.passkey' },
      { o: { challenge: 'Y2hhbGxlbmdlLW5ldmVyLWlzc3VlZA' }, code: 'desk.challenge' },
    ];
    for (const { o, code } of cases) {
      const client = desk.client();
      const options = await client.json('POST', '/api/desk/auth/register/options', { token });
      const result = await client.json('POST', '/api/desk/auth/register/verify', {
        token,
        response: desk.authenticator().create(options.body, o),
      });
      expect(result, JSON.stringify(o)).toMatchObject({ status: 400, body: { error: { code } } });
    }
    expect(await desk.store.listOfficers()).toEqual([]);
  });

  it('a challenge answered from another browser (no or another ceremony cookie) is refused', async () => {
    const token = await desk.invite('officer');
    const asker = desk.client();
    const options = await asker.json('POST', '/api/desk/auth/register/options', { token });
    const response = desk.authenticator().create(options.body);
    const thief = desk.client();
    await thief.json('POST', '/api/desk/auth/login/options', {}); // has a ceremony cookie of its own
    expect(await thief.json('POST', '/api/desk/auth/register/verify', { token, response })).toMatchObject({
      status: 400,
      body: { error: { code: 'desk.challenge' } },
    });
    // The challenge was spent by that attempt: the rightful browser must start again.
    expect((await asker.json('POST', '/api/desk/auth/register/verify', { token, response })).status).toBe(400);
  });

  it('malformed registration bodies get 400 before the library sees them', async () => {
    const token = await desk.invite('officer');
    const client = desk.client();
    const options = await client.json('POST', '/api/desk/auth/register/options', { token });
    const good = desk.authenticator().create(options.body);
    const bad = [
      {},
      { token },
      { token, response: 'x' },
      { token, response: { ...good, rawId: 'other' } },
      { token, response: { ...good, response: { ...good.response, clientDataJSON: '!!' } } },
      {
        token,
        response: {
          ...good,
          response: { ...good.response, clientDataJSON: Buffer.from('not json').toString('base64url') },
        },
      },
      { token, response: { ...good, response: { ...good.response, attestationObject: 'A'.repeat(60_000) } } },
      { token, response: { ...good, response: { ...good.response, transports: ['usb', 7] } } },
    ];
    for (const body of bad)
      expect(
        (await client.json('POST', '/api/desk/auth/register/verify', body)).status,
        JSON.stringify(body).slice(0, 80),
      ).toBe(400);
    expect((await client.call('POST', '/api/desk/auth/register/verify', '{"token":')).status).toBe(400);
    expect(
      (await client.call('POST', '/api/desk/auth/register/verify', JSON.stringify({ token, pad: 'x'.repeat(70_000) })))
        .status,
    ).toBe(413); // over the ceremonies' 64 KiB, as sent (no declared length)
  });
});

describe('sign-in', () => {
  it('a registered passkey signs in again; the counter is kept', async () => {
    const { auth, officerId } = await desk.signedIn('officer');
    const client = desk.client();
    const result = await desk.login(client, auth);
    expect(result.status).toBe(200);
    expect(result.body.officer.id).toBe(officerId);
    expect((await client.json('GET', '/api/desk/session')).status).toBe(200);
    expect((await desk.store.credentialsOf(officerId))[0]?.counter).toBe(1);
  });

  it('a replayed assertion is refused (challenge used)', async () => {
    const { auth } = await desk.signedIn('officer');
    const client = desk.client();
    const options = await client.json('POST', '/api/desk/auth/login/options', {});
    const response = auth.get(options.body);
    expect((await client.json('POST', '/api/desk/auth/login/verify', { response })).status).toBe(200);
    expect(await client.json('POST', '/api/desk/auth/login/verify', { response })).toMatchObject({
      status: 400,
      body: { error: { code: 'desk.challenge' } },
    });
  });

  it('an expired sign-in challenge is refused', async () => {
    const { auth } = await desk.signedIn('officer');
    const client = desk.client();
    const options = await client.json('POST', '/api/desk/auth/login/options', {});
    desk.clock.advance(5 * minute + 1);
    expect(
      await client.json('POST', '/api/desk/auth/login/verify', { response: auth.get(options.body) }),
    ).toMatchObject({
      status: 400,
      body: { error: { code: 'desk.challenge' } },
    });
  });

  it('a wrong signature, an unknown passkey, no user verification, a wrong origin or a cloned counter fail, logged', async () => {
    const { auth, officerId } = await desk.signedIn('officer');
    await desk.login(desk.client(), auth); // counter 1
    const stranger = desk.authenticator();
    stranger.create({ challenge: 'eA', user: { id: 'eA' } });
    const attempts = [
      { auth, o: { signingKey: stranger.credentials[0]!.privateKey } },
      { auth, o: { noUserVerification: true } },
      { auth, o: { origin: 'https://evil.test' } },
      { auth, o: { counter: 1 } },
      { auth: stranger, o: {} },
    ];
    for (const { auth: a, o } of attempts) {
      const client = desk.client();
      const options = await client.json('POST', '/api/desk/auth/login/options', {});
      const result = await client.json('POST', '/api/desk/auth/login/verify', { response: a.get(options.body, o) });
      expect(result, JSON.stringify(Object.keys(o))).toMatchObject({
        status: 400,
        body: { error: { code: 'desk.passkey' } },
      });
      expect(client.cookies.has('__Host-desk-session')).toBe(false);
    }
    const failed = (await desk.store.readAudit(1, 100)).filter((e) => e.action === 'login_failed');
    expect(failed.map((e) => e.actor)).toEqual([officerId, officerId, officerId, officerId]);
  });
});

describe('a second passkey', () => {
  it('a signed-in officer adds another passkey, which then signs in; the first is excluded from the options', async () => {
    const { client, auth, officerId } = await desk.signedIn('officer');
    const options = await client.json('POST', '/api/desk/passkeys/options', {});
    expect(options.status).toBe(200);
    expect(options.body.excludeCredentials.map((k: { id: string }) => k.id)).toEqual([
      auth.credentials[0]!.id.toString('base64url'),
    ]);
    expect(options.body.authenticatorSelection).toMatchObject({
      residentKey: 'required',
      userVerification: 'required',
    });
    const hardware = desk.authenticator();
    const response = hardware.create(options.body);
    expect(await client.json('POST', '/api/desk/passkeys/verify', { response })).toEqual({
      status: 201,
      body: { passkeys: 2 },
    });
    expect(await client.json('POST', '/api/desk/passkeys/verify', { response })).toMatchObject({
      status: 400,
      body: { error: { code: 'desk.challenge' } },
    });
    const listed = await client.json('GET', '/api/desk/passkeys');
    expect(listed.body.passkeys).toHaveLength(2);
    expect(listed.body.passkeys[0]).not.toHaveProperty('publicKey');
    const again = desk.client();
    expect((await desk.login(again, hardware)).body.officer.id).toBe(officerId);
    expect(await lastAction()).toBe('login');
  });

  it('needs a session and the CSRF header; its challenge cannot register an invitation, nor one from another browser', async () => {
    const { client } = await desk.signedIn('officer');
    expect((await desk.client().json('POST', '/api/desk/passkeys/options', {})).status).toBe(401);
    const csrf = client.csrf;
    client.csrf = null;
    expect((await client.json('POST', '/api/desk/passkeys/options', {})).status).toBe(403);
    client.csrf = csrf;
    const options = await client.json('POST', '/api/desk/passkeys/options', {});
    const token = await desk.invite('coordinator');
    const misuse = await client.json('POST', '/api/desk/auth/register/verify', {
      token,
      response: desk.authenticator().create(options.body),
    });
    expect(misuse).toMatchObject({ status: 400, body: { error: { code: 'desk.challenge' } } });
    const { client: other } = await desk.signedIn('officer');
    const options2 = await client.json('POST', '/api/desk/passkeys/options', {});
    const stolen = await other.json('POST', '/api/desk/passkeys/verify', {
      response: desk.authenticator().create(options2.body),
    });
    expect(stolen).toMatchObject({ status: 400, body: { error: { code: 'desk.challenge' } } });
    const bad = await client.json('POST', '/api/desk/passkeys/options', {});
    const wrongOrigin = await client.json('POST', '/api/desk/passkeys/verify', {
      response: desk.authenticator().create(bad.body, { origin: 'https://evil.test' }),
    });
    expect(wrongOrigin).toMatchObject({ status: 400, body: { error: { code: 'desk.passkey' } } });
    expect((await desk.store.listOfficers()).map((o) => o.role).sort()).toEqual(['officer', 'officer']);
  });

  it("an officer removes one of their own passkeys, never the last, never someone else's; the removed one no longer signs in", async () => {
    const { client, auth, officerId } = await desk.signedIn('officer');
    const first = auth.credentials[0]!.id.toString('base64url');
    const remove = (id: string) => client.json('POST', `/api/desk/passkeys/${id}/remove`, {});
    expect(await remove(first)).toMatchObject({ status: 409, body: { error: { code: 'desk.conflict' } } });
    const options = await client.json('POST', '/api/desk/passkeys/options', {});
    const hardware = desk.authenticator();
    await client.json('POST', '/api/desk/passkeys/verify', { response: hardware.create(options.body) });
    const { client: other, auth: otherAuth } = await desk.signedIn('officer');
    const theirs = otherAuth.credentials[0]!.id.toString('base64url');
    expect((await remove(theirs)).status).toBe(404);
    expect((await other.json('POST', `/api/desk/passkeys/${first}/remove`, {})).status).toBe(404);
    expect((await remove('not%20base64url!')).status).toBe(400);
    expect((await remove('x'.repeat(1401))).status).toBe(400);
    const csrf = client.csrf;
    client.csrf = null;
    expect((await remove(first)).status).toBe(403);
    client.csrf = csrf;
    expect(await remove(first)).toEqual({ status: 200, body: { passkeys: 1 } });
    expect(await lastAction()).toBe('passkey_removed');
    expect((await client.json('GET', '/api/desk/passkeys')).body.passkeys).toHaveLength(1);
    expect((await desk.login(desk.client(), auth)).status).toBe(400);
    expect((await desk.login(desk.client(), hardware)).body.officer.id).toBe(officerId);
    const second = hardware.credentials[0]!.id.toString('base64url');
    expect((await remove(second)).status).toBe(409);
  });
});

describe('sessions', () => {
  it('no session, a made-up cookie or an ended session gets 401 on every signed-in route', async () => {
    const { client } = await desk.signedIn('coordinator');
    const anonymous = desk.client();
    const forged = desk.client();
    forged.cookies.set('__Host-desk-session', 'A'.repeat(43));
    for (const c of [anonymous, forged]) {
      for (const [method, path] of [
        ['GET', '/api/desk/session'],
        ['GET', '/api/desk/cases'],
        ['GET', '/api/desk/officers'],
        ['GET', '/api/desk/audit'],
        ['POST', '/api/desk/logout'],
        ['POST', '/api/desk/step-up'],
        ['GET', '/api/desk/no-such-route'],
      ] as const) {
        const res = await c.json(method, path, method === 'POST' ? {} : undefined);
        expect(res, `${method} ${path}`).toMatchObject({ status: 401, body: { error: { code: 'desk.no-session' } } });
      }
    }
    expect((await client.json('POST', '/api/desk/logout', {})).status).toBe(200);
    expect(client.cookies.has('__Host-desk-session')).toBe(false);
    expect((await client.json('GET', '/api/desk/session')).status).toBe(401);
  });

  it('a logged-out session token is dead even if the browser kept the cookie', async () => {
    const { client } = await desk.signedIn('officer');
    const kept = client.cookies.get('__Host-desk-session')!;
    await client.json('POST', '/api/desk/logout', {});
    client.cookies.set('__Host-desk-session', kept);
    expect((await client.json('GET', '/api/desk/session')).status).toBe(401);
  });

  it('ends after 15 minutes idle; activity extends it, but never past 8 hours', async () => {
    const { client } = await desk.signedIn('officer');
    desk.clock.advance(14 * minute);
    expect((await client.json('GET', '/api/desk/session')).status).toBe(200);
    desk.clock.advance(14 * minute);
    expect((await client.json('GET', '/api/desk/session')).status).toBe(200);
    desk.clock.advance(15 * minute);
    expect((await client.json('GET', '/api/desk/session')).status).toBe(401);

    const { client: busy } = await desk.signedIn('officer');
    for (let elapsed = 0; elapsed < 8 * 60 - 10; elapsed += 10) {
      desk.clock.advance(10 * minute);
      expect((await busy.json('GET', '/api/desk/session')).status).toBe(200);
    }
    desk.clock.advance(10 * minute);
    expect((await busy.json('GET', '/api/desk/session')).status).toBe(401);
  });

  it('a revoked officer is signed out at once and cannot sign in again', async () => {
    const { client: coordinator } = await desk.signedIn('coordinator');
    const { client, auth, officerId } = await desk.signedIn('officer');
    expect((await coordinator.json('POST', `/api/desk/officers/${officerId}/revoke`, {})).status).toBe(200);
    expect((await client.json('GET', '/api/desk/session')).status).toBe(401);
    expect((await desk.login(desk.client(), auth)).status).toBe(400);
    expect(await desk.store.credentialsOf(officerId)).toEqual([]);
  });
});

describe('CSRF', () => {
  it('a change without the CSRF header, or with a wrong one, is refused; the token from GET /session works', async () => {
    const { client } = await desk.signedIn('officer');
    const token = client.csrf!;
    client.csrf = null;
    expect(await client.json('POST', '/api/desk/logout', {})).toMatchObject({
      status: 403,
      body: { error: { code: 'desk.csrf' } },
    });
    client.csrf = 'A'.repeat(43);
    expect(await client.json('POST', '/api/desk/logout', {})).toMatchObject({
      status: 403,
      body: { error: { code: 'desk.csrf' } },
    });
    client.csrf = null;
    const fresh = await client.json('GET', '/api/desk/session');
    expect(fresh.body.csrf).toBe(token);
    client.csrf = fresh.body.csrf;
    expect((await client.json('POST', '/api/desk/logout', {})).status).toBe(200);
  });

  it("another session's CSRF token does not work", async () => {
    const { client: a } = await desk.signedIn('officer');
    const { client: b } = await desk.signedIn('officer');
    a.csrf = b.csrf;
    expect((await a.json('POST', '/api/desk/logout', {})).status).toBe(403);
  });

  it('a form posted from another origin, a cross-site or same-site fetch, or a body that is not JSON is refused', async () => {
    const { client } = await desk.signedIn('officer');
    const form = await client.call('POST', '/api/desk/logout', 'a=1', {
      'content-type': 'application/x-www-form-urlencoded',
      origin: 'https://evil.test',
      'sec-fetch-site': 'cross-site',
    });
    expect(form.status).toBe(403);
    expect((await form.json()).error.code).toBe('desk.csrf');
    for (const site of ['cross-site', 'same-site', 'none']) {
      const res = await client.call('POST', '/api/desk/logout', {}, { 'sec-fetch-site': site });
      expect(res.status, site).toBe(403);
    }
    const plain = await client.call('POST', '/api/desk/logout', '{}', {
      'content-type': 'text/plain',
      origin: deskConfigOrigin(),
    });
    expect(plain.status).toBe(415);
    // Before sign-in too: a login ceremony cannot be started by another site.
    const anonymous = desk.client();
    const crossLogin = await anonymous.call(
      'POST',
      '/api/desk/auth/login/options',
      {},
      { 'sec-fetch-site': 'cross-site', origin: 'https://evil.test' },
    );
    expect(crossLogin.status).toBe(403);
    expect(crossLogin.headers.getSetCookie()).toEqual([]);
    expect((await client.json('GET', '/api/desk/session')).status).toBe(200); // still signed in
  });
});

describe('roles', () => {
  it('an auditor reads the audit log and nothing else; an officer works cases but not people or the log', async () => {
    const { client: auditor } = await desk.signedIn('auditor');
    const { client: officer } = await desk.signedIn('officer');
    const { client: coordinator } = await desk.signedIn('coordinator');
    const forbidden = { status: 403, body: { error: { code: 'desk.forbidden' } } };
    expect(await auditor.json('GET', '/api/desk/cases')).toMatchObject(forbidden);
    expect(await auditor.json('GET', '/api/desk/officers')).toMatchObject(forbidden);
    expect(await auditor.json('POST', '/api/desk/step-up', { action: 'export', object: 'abc' })).toMatchObject(
      forbidden,
    );
    expect((await auditor.json('GET', '/api/desk/audit')).status).toBe(200);
    expect(await officer.json('GET', '/api/desk/officers')).toMatchObject(forbidden);
    expect(await officer.json('GET', '/api/desk/audit')).toMatchObject(forbidden);
    expect(await officer.json('POST', '/api/desk/officers/abc/revoke', {})).toMatchObject(forbidden);
    expect(
      await officer.json('POST', '/api/desk/officers/invitations', { name: 'X', role: 'coordinator' }),
    ).toMatchObject(forbidden);
    expect((await officer.json('GET', '/api/desk/cases')).status).toBe(200);
    expect((await coordinator.json('GET', '/api/desk/officers')).body.officers).toHaveLength(3);
    const log = await coordinator.json('GET', '/api/desk/audit');
    expect(log.body.head.seq).toBe(log.body.entries.length);
    expect(await coordinator.json('GET', '/api/desk/audit/verify')).toMatchObject({ status: 200, body: { ok: true } });
    expect(await verifyStoredAudit(desk.store)).toMatchObject({ ok: true });
  });
});

function deskConfigOrigin(): string {
  return 'https://desk.tipline.test';
}
