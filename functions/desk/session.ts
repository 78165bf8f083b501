// Sessions: a random token in a __Host- cookie (Secure, HttpOnly, SameSite=Strict, Path=/, no Domain), kept
// server-side as its hash, ending after 15 minutes idle or 8 hours in all. Set only by /api/desk/ responses; the
// server reads it only there. Every request that changes something also carries the session's CSRF token in a
// header (X-Desk-CSRF), which a page on another site can neither read nor send without a CORS preflight.
import type { Context, MiddlewareHandler } from 'hono';
import { deleteCookie, getCookie, setCookie } from 'hono/cookie';
import { appendAudit } from './audit.ts';
import type { DeskDeps, DeskEnv } from './context.ts';
import { deskError } from './errors.ts';
import { csrfTokenFor, randomToken, sameHash, sha256Hex } from './secrets.ts';
import type { Officer, Role } from '../desk-ports.ts';

export const sessionCookie = '__Host-desk-session';
export const ceremonyCookie = '__Host-desk-ceremony';
export const csrfHeader = 'x-desk-csrf';

const cookieBase = { path: '/', secure: true, httpOnly: true, sameSite: 'Strict' } as const;

/** What the desk page gets after signing in, and from GET /api/desk/session. */
export function officerView(officer: Officer) {
  return { id: officer.id, name: officer.name, role: officer.role, keyFingerprint: officer.keyFingerprint };
}

export async function startSession(c: Context, deps: DeskDeps, officer: Officer): Promise<Response> {
  const now = deps.clock.now();
  const token = randomToken();
  await deps.store.createSession({
    tokenHash: sha256Hex(token),
    officerId: officer.id,
    csrfHash: sha256Hex(csrfTokenFor(token)),
    createdAt: now,
    expiresAt: now + Math.min(deps.lifetimes.sessionIdleMs, deps.lifetimes.sessionAbsoluteMs),
  });
  setCookie(c, sessionCookie, token, { ...cookieBase, maxAge: Math.floor(deps.lifetimes.sessionAbsoluteMs / 1000) });
  deleteCookie(c, ceremonyCookie, cookieBase);
  await appendAudit(deps.store, { actor: officer.id, action: 'login' }, now);
  return c.json({ officer: officerView(officer), csrf: csrfTokenFor(token) });
}

export async function endSession(c: Context<DeskEnv>, deps: DeskDeps): Promise<Response> {
  const session = c.get('session');
  await deps.store.deleteSession(session.tokenHash);
  deleteCookie(c, sessionCookie, cookieBase);
  await appendAudit(deps.store, { actor: session.officerId, action: 'logout' }, deps.clock.now());
  return c.json({ ok: true });
}

/** A random value in a short-lived cookie that a WebAuthn challenge is bound to: only this browser can answer it. */
export function bindCeremony(c: Context, deps: DeskDeps): string {
  const token = randomToken();
  setCookie(c, ceremonyCookie, token, { ...cookieBase, maxAge: Math.floor(deps.lifetimes.ceremonyMs / 1000) });
  return sha256Hex(token);
}

export function ceremonyBinding(c: Context): string | null {
  const token = getCookie(c, ceremonyCookie);
  return token && token.length <= 64 ? sha256Hex(token) : null;
}

/** Signed in, not revoked, the session not expired (and then extended); for changes, the CSRF header too. */
export function requireSession(deps: DeskDeps): MiddlewareHandler<DeskEnv> {
  return async (c, next) => {
    const token = getCookie(c, sessionCookie);
    const now = deps.clock.now();
    const session = token && token.length <= 64 ? await deps.store.getSession(sha256Hex(token), now) : null;
    const officer = session ? await deps.store.getOfficer(session.officerId) : null;
    if (!session || !officer || officer.revokedDay !== null) {
      if (session) await deps.store.deleteSession(session.tokenHash);
      deleteCookie(c, sessionCookie, cookieBase);
      return deskError(c, 'desk.no-session');
    }
    if (c.req.method !== 'GET' && c.req.method !== 'HEAD') {
      const csrf = c.req.header(csrfHeader);
      if (!csrf || csrf.length > 64 || !sameHash(sha256Hex(csrf), session.csrfHash)) return deskError(c, 'desk.csrf');
    }
    const expiresAt = Math.min(
      now + deps.lifetimes.sessionIdleMs,
      session.createdAt + deps.lifetimes.sessionAbsoluteMs,
    );
    await deps.store.touchSession(session.tokenHash, expiresAt, now);
    c.set('session', { ...session, expiresAt });
    c.set('officer', officer);
    await next();
  };
}

export function requireRole(...roles: Role[]): MiddlewareHandler<DeskEnv> {
  return async (c, next) => {
    if (!roles.includes(c.get('officer').role)) return deskError(c, 'desk.forbidden');
    await next();
  };
}

/** GET /api/desk/session: who is signed in, and the CSRF token for this session (the cookie is the key to it). */
export function sessionView(c: Context<DeskEnv>): Response {
  const token = getCookie(c, sessionCookie)!;
  return c.json({
    officer: officerView(c.get('officer')),
    csrf: csrfTokenFor(token),
    expiresAt: c.get('session').expiresAt,
  });
}
