// Step-up for sensitive actions (export of a case or a set, delete, retention, role changes, invitations): besides
// the session, the officer signs a fresh server challenge with their task force OpenPGP key, in their browser, and
// the server checks the signature against that key as configured (TASKFORCE_PUBLIC_KEYS). A stolen session alone
// then cannot export or delete: it also needs the officer's unlocked private key.
//   POST step-up  { action, object }  → { challenge: "skn-desk\n<origin>\n<action>\n<object>\n<nonce>" }
// The sensitive request then carries { stepUp: { challenge, signature } } (an armored detached signature of the
// challenge text). A challenge is bound to the session, the action and its object, used once, and expires in
// 2 minutes; the origin in it keeps a signature made for another site's challenge useless here.
import type { Context, Hono } from 'hono';
import * as openpgp from 'openpgp';
import { readDeskJson } from './body.ts';
import { appendAudit } from './audit.ts';
import type { DeskDeps, DeskEnv } from './context.ts';
import { deskError } from './errors.ts';
import { randomToken, sameHash, sha256Hex } from './secrets.ts';

export const stepUpActions = ['export', 'export-set', 'delete', 'retention', 'role', 'invite'] as const;
export type StepUpAction = (typeof stepUpActions)[number];

export const objectPattern = /^[A-Za-z0-9_-]{1,64}$/;
const maxSignatureChars = 8 * 1024;
const armoredSignature = /^-----BEGIN PGP SIGNATURE-----\r?\n[\s\S]*\r?\n-----END PGP SIGNATURE-----\s*$/;

export function stepUpText(origin: string, action: StepUpAction, object: string, nonce: string): string {
  return `skn-desk\n${origin}\n${action}\n${object}\n${nonce}`;
}

export function mountStepUp(app: Hono<DeskEnv>, deps: DeskDeps): void {
  app.post('/step-up', async (c) => {
    const body = await readDeskJson(c, 4 * 1024);
    if (!body) return deskError(c, 'desk.invalid');
    const { action, object } = body;
    if (!stepUpActions.includes(action as StepUpAction) || typeof object !== 'string' || !objectPattern.test(object)) {
      return deskError(c, 'desk.invalid');
    }
    if (!c.get('officer').keyFingerprint) return deskError(c, 'desk.forbidden');
    const challenge = stepUpText(deps.config.origin, action as StepUpAction, object, randomToken(24));
    const now = deps.clock.now();
    await deps.store.putChallenge(
      {
        hash: sha256Hex(challenge),
        purpose: 'step-up',
        binding: c.get('session').tokenHash,
        subject: `${action} ${object}`,
        expiresAt: now + deps.lifetimes.stepUpMs,
      },
      now,
    );
    return c.json({ challenge });
  });
}

/**
 * True when `stepUp` is a signature by the signed-in officer's task force key over a live challenge issued to this
 * session for exactly this action and object. A failure is written to the audit log.
 */
export async function checkStepUp(
  c: Context<DeskEnv>,
  deps: DeskDeps,
  action: StepUpAction,
  object: string,
  stepUp: unknown,
): Promise<boolean> {
  const officer = c.get('officer');
  const ok = await verified(c, deps, action, object, stepUp);
  if (!ok)
    await appendAudit(
      deps.store,
      { actor: officer.id, action: 'step_up_failed', object, detail: { for: action } },
      deps.clock.now(),
    );
  return ok;
}

async function verified(
  c: Context<DeskEnv>,
  deps: DeskDeps,
  action: StepUpAction,
  object: string,
  stepUp: unknown,
): Promise<boolean> {
  if (typeof stepUp !== 'object' || stepUp === null) return false;
  const { challenge, signature } = stepUp as Record<string, unknown>;
  if (typeof challenge !== 'string' || challenge.length > 512 || typeof signature !== 'string') return false;
  if (signature.length > maxSignatureChars || !armoredSignature.test(signature)) return false;
  const stored = await deps.store.takeChallenge(sha256Hex(challenge), deps.clock.now());
  if (!stored || stored.purpose !== 'step-up' || !sameHash(stored.binding, c.get('session').tokenHash)) return false;
  if (stored.subject !== `${action} ${object}`) return false;
  const fingerprint = c.get('officer').keyFingerprint;
  const key = fingerprint ? deps.keys.keys[deps.keys.fingerprints.indexOf(fingerprint)] : undefined;
  if (!key) return false;
  try {
    const result = await openpgp.verify({
      message: await openpgp.createMessage({ text: challenge }),
      signature: await openpgp.readSignature({ armoredSignature: signature }),
      verificationKeys: [key],
      expectSigned: true,
    });
    await result.signatures[0]!.verified;
    return result.signatures.length === 1;
  } catch {
    return false;
  }
}
