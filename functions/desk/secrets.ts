// Random tokens and their hashes. The desk hands out tokens (session cookie, invitation link, challenges) and keeps
// only their SHA-256: a copy of the store lets no one sign in, accept an invitation or answer a challenge.
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

export function randomToken(bytes = 32): string {
  return randomBytes(bytes).toString('base64url');
}

export function sha256Hex(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

/**
 * The CSRF token of a session, derived from its cookie token: the desk page reads it from the sign-in answer or
 * GET /api/desk/session and sends it in a header; a page on another site can read neither.
 */
export function csrfTokenFor(sessionToken: string): string {
  return createHash('sha256').update(`skn-desk-csrf\n${sessionToken}`).digest('base64url');
}

/** Compares two hex hashes in constant time. */
export function sameHash(a: string, b: string): boolean {
  return a.length === b.length && timingSafeEqual(Buffer.from(a), Buffer.from(b));
}
