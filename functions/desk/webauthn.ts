// Passkey sign-in (@simplewebauthn/server). No passwords: an officer registers a passkey by accepting an invitation,
// and signs in with it.
//   POST auth/invitation          { token }            → who the invitation is for (name, role)
//   POST auth/register/options    { token }            → creation options; a ceremony cookie
//   POST auth/register/verify     { token, response }  → the officer, their passkey, a session
//   POST auth/login/options       {}                   → request options (any of the officer's discoverable passkeys)
//   POST auth/login/verify        { response }         → a session
// These are the only desk routes open without a session. Signed in, an officer adds more passkeys (the design asks
// for two, one of them a hardware key, so a lost one does not lock them out):
//   GET  passkeys                                      → their passkeys (id, days, transports)
//   POST passkeys/options         {}                   → creation options excluding the passkeys they have
//   POST passkeys/verify          { response }         → 201
//   POST passkeys/:id/remove      {}                   → their remaining passkeys; never the last (409): an officer
//                                                        without a passkey could not sign in again
// Each challenge is kept as its hash, bound to the ceremony cookie of the browser that asked for it, used once and
// expiring after 5 minutes. User verification (PIN or biometrics on the authenticator) is required.
// Attacker data is checked for shape and size here before the library parses any of it.
import {
  generateAuthenticationOptions,
  generateRegistrationOptions,
  verifyAuthenticationResponse,
  verifyRegistrationResponse,
  type AuthenticationResponseJSON,
  type RegistrationResponseJSON,
} from '@simplewebauthn/server';
import type { Context, Hono } from 'hono';
import { readDeskJson } from './body.ts';
import { appendAudit } from './audit.ts';
import type { DeskDeps, DeskEnv } from './context.ts';
import { dayOf } from './day.ts';
import { deskError } from './errors.ts';
import { randomToken, sameHash, sha256Hex } from './secrets.ts';
import { bindCeremony, ceremonyBinding, startSession } from './session.ts';
import type { Challenge, ChallengePurpose, Credential, Invitation } from '../desk-ports.ts';

const maxBodyBytes = 64 * 1024;
const base64url = /^[A-Za-z0-9_-]+$/;
const tokenPattern = /^[A-Za-z0-9_-]{20,64}$/;
const utf8 = new TextDecoder('utf-8', { fatal: true });

const isB64 = (v: unknown, max: number): v is string => typeof v === 'string' && v.length <= max && base64url.test(v);

/**
 * The challenge a WebAuthn response answers, if the response has the shape a browser sends (sizes bounded);
 * null otherwise. Only this reads the attacker's clientDataJSON before the library does.
 */
function answeredChallenge(value: unknown, kind: 'registration' | 'authentication'): string | null {
  if (typeof value !== 'object' || value === null) return null;
  const r = value as Record<string, unknown>;
  const inner = r.response as Record<string, unknown> | undefined;
  if (!isB64(r.id, 1400) || r.rawId !== r.id || r.type !== 'public-key' || typeof inner !== 'object' || inner === null)
    return null;
  if (!isB64(inner.clientDataJSON, 4096)) return null;
  if (kind === 'registration' && !isB64(inner.attestationObject, 48 * 1024)) return null;
  if (kind === 'authentication') {
    if (!isB64(inner.authenticatorData, 4096) || !isB64(inner.signature, 4096)) return null;
    if (inner.userHandle !== undefined && inner.userHandle !== null && !isB64(inner.userHandle, 128)) return null;
  }
  if (inner.transports !== undefined) {
    if (!Array.isArray(inner.transports) || inner.transports.length > 8) return null;
    if (!inner.transports.every((t) => typeof t === 'string' && /^[a-z-]{1,16}$/.test(t))) return null;
  }
  if (
    r.clientExtensionResults !== undefined &&
    (typeof r.clientExtensionResults !== 'object' || r.clientExtensionResults === null)
  )
    return null;
  try {
    const clientData = JSON.parse(utf8.decode(Buffer.from(inner.clientDataJSON, 'base64url'))) as {
      challenge?: unknown;
    };
    return isB64(clientData.challenge, 128) ? clientData.challenge : null;
  } catch {
    return null;
  }
}

/** What both ways of registering a passkey (an invitation, or a signed-in officer adding one) share. */
function ceremonies(deps: DeskDeps) {
  const { store, clock, config } = deps;
  return {
    body: (c: Context) => readDeskJson(c, maxBodyBytes),

    /** A new challenge bound to this browser; as bytes, for the library (it would take a string as UTF-8 text). */
    async issue(c: Context, purpose: ChallengePurpose, subject: string): Promise<Uint8Array<ArrayBuffer>> {
      const challenge = randomToken();
      const now = clock.now();
      await store.putChallenge(
        {
          hash: sha256Hex(challenge),
          purpose,
          binding: bindCeremony(c, deps),
          subject,
          expiresAt: now + deps.lifetimes.ceremonyMs,
        },
        now,
      );
      return new Uint8Array(Buffer.from(challenge, 'base64url'));
    },

    /** The stored challenge this response answers: taken (so never again), of this purpose, for this browser. */
    async take(c: Context, challenge: string, purpose: ChallengePurpose): Promise<Challenge | null> {
      const stored = await store.takeChallenge(sha256Hex(challenge), clock.now());
      const binding = ceremonyBinding(c);
      if (!stored || stored.purpose !== purpose || !binding || !sameHash(binding, stored.binding)) return null;
      return stored;
    },

    creationOptions(name: string, officerId: string, challenge: Uint8Array<ArrayBuffer>, exclude: Credential[]) {
      return generateRegistrationOptions({
        rpName: config.rpName,
        rpID: config.rpId,
        userName: name,
        userDisplayName: name,
        userID: new Uint8Array(Buffer.from(officerId, 'base64url')),
        challenge,
        timeout: deps.lifetimes.ceremonyMs,
        attestationType: 'none',
        excludeCredentials: exclude.map((k) => ({ id: k.id, transports: k.transports })),
        authenticatorSelection: { residentKey: 'required', userVerification: 'required' },
      });
    },

    /** The new passkey as the store keeps it, if the response verifies for this challenge, origin and RP. */
    async verifiedPasskey(response: unknown, answered: string, officerId: string): Promise<Credential | null> {
      try {
        const verification = await verifyRegistrationResponse({
          response: response as RegistrationResponseJSON,
          expectedChallenge: answered,
          expectedOrigin: config.origin,
          expectedRPID: config.rpId,
          requireUserVerification: true,
        });
        if (!verification.verified) return null;
        const { credential } = verification.registrationInfo;
        return {
          id: credential.id,
          officerId,
          publicKey: Buffer.from(credential.publicKey).toString('base64url'),
          counter: credential.counter,
          transports: (response as RegistrationResponseJSON).response.transports ?? [],
          addedDay: dayOf(clock.now()),
          lastUsedDay: null,
        };
      } catch {
        return null;
      }
    },
  };
}

export function mountWebAuthn(app: Hono<DeskEnv>, deps: DeskDeps): void {
  const { store, clock, config } = deps;
  const ceremony = ceremonies(deps);

  const liveInvitation = async (token: unknown): Promise<Invitation | null> =>
    typeof token === 'string' && tokenPattern.test(token) ? store.getInvitation(sha256Hex(token), clock.now()) : null;

  app.post('/auth/invitation', async (c) => {
    const invitation = await liveInvitation((await ceremony.body(c))?.token);
    if (!invitation) return deskError(c, 'desk.invitation');
    return c.json({ name: invitation.name, role: invitation.role });
  });

  app.post('/auth/register/options', async (c) => {
    const invitation = await liveInvitation((await ceremony.body(c))?.token);
    if (!invitation) return deskError(c, 'desk.invitation');
    const officerId = randomToken(16);
    const challenge = await ceremony.issue(c, 'register', `${invitation.tokenHash} ${officerId}`);
    return c.json(await ceremony.creationOptions(invitation.name, officerId, challenge, []));
  });

  app.post('/auth/register/verify', async (c) => {
    const input = await ceremony.body(c);
    if (!input || typeof input.token !== 'string' || !tokenPattern.test(input.token))
      return deskError(c, 'desk.invalid');
    const answered = answeredChallenge(input.response, 'registration');
    if (!answered) return deskError(c, 'desk.invalid');
    const invitationHash = sha256Hex(input.token);
    const stored = await ceremony.take(c, answered, 'register');
    if (!stored || !stored.subject.startsWith(`${invitationHash} `)) return deskError(c, 'desk.challenge');
    const officerId = stored.subject.slice(invitationHash.length + 1);
    const passkey = await ceremony.verifiedPasskey(input.response, answered, officerId);
    if (!passkey) return deskError(c, 'desk.passkey');
    // Only now is the invitation used up: of two browsers racing with one link, one gets it.
    const now = clock.now();
    const invitation = await store.takeInvitation(invitationHash, now);
    if (!invitation) return deskError(c, 'desk.invitation');
    const officer = {
      id: officerId,
      name: invitation.name,
      role: invitation.role,
      keyFingerprint: invitation.keyFingerprint,
      addedDay: dayOf(now),
      revokedDay: null,
    };
    if (!(await store.addOfficer(officer)) || !(await store.addCredential(passkey)))
      return deskError(c, 'desk.conflict');
    await appendAudit(
      store,
      { actor: officerId, action: 'passkey_added', object: officerId, detail: { role: officer.role } },
      now,
    );
    return startSession(c, deps, officer);
  });

  app.post('/auth/login/options', async (c) => {
    const challenge = await ceremony.issue(c, 'login', '');
    return c.json(
      await generateAuthenticationOptions({
        rpID: config.rpId,
        challenge,
        userVerification: 'required',
        timeout: deps.lifetimes.ceremonyMs,
      }),
    );
  });

  app.post('/auth/login/verify', async (c) => {
    const input = await ceremony.body(c);
    const answered = input ? answeredChallenge(input.response, 'authentication') : null;
    if (!input || !answered) return deskError(c, 'desk.invalid');
    if (!(await ceremony.take(c, answered, 'login'))) return deskError(c, 'desk.challenge');
    const response = input.response as AuthenticationResponseJSON;
    const credential = await store.getCredential(response.id);
    const officer = credential ? await store.getOfficer(credential.officerId) : null;
    if (!credential || !officer || officer.revokedDay !== null) return deskError(c, 'desk.passkey');
    const now = clock.now();
    let verification;
    try {
      verification = await verifyAuthenticationResponse({
        response,
        expectedChallenge: answered,
        expectedOrigin: config.origin,
        expectedRPID: config.rpId,
        credential: {
          id: credential.id,
          publicKey: Buffer.from(credential.publicKey, 'base64url'),
          counter: credential.counter,
          transports: credential.transports,
        },
        requireUserVerification: true,
      });
    } catch {
      verification = null;
    }
    if (!verification?.verified) {
      // A known passkey that failed (a cloned authenticator's counter, a bad signature): worth a line in the log.
      await appendAudit(store, { actor: officer.id, action: 'login_failed', object: officer.id }, now);
      return deskError(c, 'desk.passkey');
    }
    await store.credentialUsed(credential.id, verification.authenticationInfo.newCounter, dayOf(now));
    return startSession(c, deps, officer);
  });
}

/** The signed-in officer's own passkeys (mounted behind the session middleware). */
export function mountPasskeys(app: Hono<DeskEnv>, deps: DeskDeps): void {
  const { store, clock } = deps;
  const ceremony = ceremonies(deps);

  app.get('/passkeys', async (c) => {
    const passkeys = await store.credentialsOf(c.get('officer').id);
    return c.json({
      passkeys: passkeys.map(({ id, transports, addedDay, lastUsedDay }) => ({
        id,
        transports,
        addedDay,
        lastUsedDay,
      })),
    });
  });

  app.post('/passkeys/options', async (c) => {
    const officer = c.get('officer');
    const challenge = await ceremony.issue(c, 'register', `passkey ${officer.id}`);
    return c.json(
      await ceremony.creationOptions(officer.name, officer.id, challenge, await store.credentialsOf(officer.id)),
    );
  });

  app.post('/passkeys/verify', async (c) => {
    const officer = c.get('officer');
    const response = (await ceremony.body(c))?.response;
    const answered = answeredChallenge(response, 'registration');
    if (!answered) return deskError(c, 'desk.invalid');
    const stored = await ceremony.take(c, answered, 'register');
    if (!stored || stored.subject !== `passkey ${officer.id}`) return deskError(c, 'desk.challenge');
    const passkey = await ceremony.verifiedPasskey(response, answered, officer.id);
    if (!passkey) return deskError(c, 'desk.passkey');
    if (!(await store.addCredential(passkey))) return deskError(c, 'desk.conflict');
    const count = (await store.credentialsOf(officer.id)).length;
    await appendAudit(
      store,
      { actor: officer.id, action: 'passkey_added', object: officer.id, detail: { passkeys: count } },
      clock.now(),
    );
    return c.json({ passkeys: count }, 201);
  });

  app.post('/passkeys/:id/remove', async (c) => {
    const officer = c.get('officer');
    const id = c.req.param('id');
    if (!isB64(id, 1400)) return deskError(c, 'desk.invalid');
    const removed = await store.removeCredential(officer.id, id);
    if (removed === 'not-found') return deskError(c, 'desk.not-found');
    if (removed === 'last') return deskError(c, 'desk.conflict');
    const count = (await store.credentialsOf(officer.id)).length;
    await appendAudit(
      store,
      { actor: officer.id, action: 'passkey_removed', object: officer.id, detail: { passkeys: count } },
      clock.now(),
    );
    return c.json({ passkeys: count });
  });
}
