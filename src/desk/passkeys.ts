// Passkey ceremonies against the desk API (functions/desk/webauthn.ts) with @simplewebauthn/browser: accepting an
// invitation, signing in, adding and removing one's own passkeys.
import { startAuthentication, startRegistration } from '@simplewebauthn/browser';
import { deskRequest, setCsrf } from './api.ts';
import type { PasskeyView, SessionView } from './types.ts';

type CreationOptions = Parameters<typeof startRegistration>[0]['optionsJSON'];
type RequestOptions = Parameters<typeof startAuthentication>[0]['optionsJSON'];

/** The invitation token from the link's fragment (never sent to a server by the browser), or null. */
export function invitationToken(hash: string): string | null {
  const token = new URLSearchParams(hash.replace(/^#/, '')).get('invite');
  return token && /^[A-Za-z0-9_-]{20,64}$/.test(token) ? token : null;
}

export function readInvitation(token: string): Promise<{ name: string; role: string }> {
  return deskRequest('POST', 'auth/invitation', { token });
}

export async function acceptInvitation(token: string): Promise<SessionView> {
  const optionsJSON = await deskRequest<CreationOptions>('POST', 'auth/register/options', { token });
  const response = await startRegistration({ optionsJSON });
  const session = await deskRequest<SessionView>('POST', 'auth/register/verify', { token, response });
  setCsrf(session.csrf);
  return session;
}

export async function signIn(): Promise<SessionView> {
  const optionsJSON = await deskRequest<RequestOptions>('POST', 'auth/login/options', {});
  const response = await startAuthentication({ optionsJSON });
  const session = await deskRequest<SessionView>('POST', 'auth/login/verify', { response });
  setCsrf(session.csrf);
  return session;
}

export async function currentSession(): Promise<SessionView> {
  const session = await deskRequest<SessionView>('GET', 'session');
  setCsrf(session.csrf);
  return session;
}

export async function signOut(): Promise<void> {
  try {
    await deskRequest('POST', 'logout', {});
  } finally {
    setCsrf(null);
  }
}

export async function myPasskeys(): Promise<PasskeyView[]> {
  return (await deskRequest<{ passkeys: PasskeyView[] }>('GET', 'passkeys')).passkeys;
}

export async function addPasskey(): Promise<void> {
  const optionsJSON = await deskRequest<CreationOptions>('POST', 'passkeys/options', {});
  const response = await startRegistration({ optionsJSON });
  await deskRequest('POST', 'passkeys/verify', { response });
}

export async function removePasskey(id: string): Promise<void> {
  await deskRequest('POST', `passkeys/${encodeURIComponent(id)}/remove`, {});
}
