// One-time invitations: the only way in. The command line makes the first coordinator's (`npm run desk -- invite`),
// coordinators make the others' in the desk. The link carries the token in its fragment (#invite=…), which
// browsers never send to a server or put in a Referer; the store keeps only the token's hash.
import type { TaskForceKeys } from '../keys.ts';
import { appendAudit } from './audit.ts';
import type { DeskLifetimes } from './context.ts';
import { randomToken, sha256Hex } from './secrets.ts';
import type { DeskStore, Role } from '../desk-ports.ts';

export interface InvitationInput {
  name: string;
  role: Role;
  /** A configured task force key's fingerprint (any case, spaces allowed); required unless role is auditor. */
  keyFingerprint: string | null;
  invitedBy: string | null;
}

export class InvitationError extends Error {}

const namePattern = /^[\p{L}\p{N} .'-]{1,60}$/u;

/** The fingerprint as the keys list has it, or an error saying which keys there are. */
export function configuredFingerprint(keys: TaskForceKeys, given: string): string {
  const wanted = given.replace(/\s+/g, '').toUpperCase();
  if (!keys.fingerprints.includes(wanted)) {
    throw new InvitationError(`${given} is not one of the configured task force keys: ${keys.fingerprints.join(', ')}`);
  }
  return wanted;
}

/** Checks an invitation's content: a short plain name, a role, and a task force key for those who decrypt. */
export function checkInvitation(keys: TaskForceKeys, input: InvitationInput): InvitationInput {
  const name = input.name.trim();
  if (!namePattern.test(name)) throw new InvitationError("The name must be 1–60 letters, digits, spaces or . ' -");
  if (input.role === 'auditor') return { ...input, name, keyFingerprint: null };
  if (!input.keyFingerprint) {
    throw new InvitationError(
      `A ${input.role} needs a task force key: give its fingerprint (one of ${keys.fingerprints.join(', ')}).`,
    );
  }
  return { ...input, name, keyFingerprint: configuredFingerprint(keys, input.keyFingerprint) };
}

export async function createInvitation(
  parts: { store: DeskStore; keys: TaskForceKeys; origin: string; lifetimes: DeskLifetimes },
  input: InvitationInput,
  now: number,
): Promise<{ link: string; expiresAt: number }> {
  const checked = checkInvitation(parts.keys, input);
  const token = randomToken();
  const expiresAt = now + parts.lifetimes.invitationMs;
  await parts.store.putInvitation({ tokenHash: sha256Hex(token), ...checked, expiresAt }, now);
  await appendAudit(
    parts.store,
    { actor: checked.invitedBy, action: 'invited', detail: { role: checked.role, name: checked.name } },
    now,
  );
  return { link: `${parts.origin}/desk/#invite=${token}`, expiresAt };
}
