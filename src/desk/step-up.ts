// Sensitive actions (export, delete, retention, role changes, invitations) carry a fresh signature by the officer's
// task force key over a server challenge (functions/desk/step-up.ts): asked for, checked to be what the desk
// expects to sign (this origin, this action and object), and signed in the key worker.
import { deskRequest } from './api.ts';
import type { KeyVault } from './key-vault.ts';

export type StepUpAction = 'export' | 'export-set' | 'delete' | 'retention' | 'role' | 'invite';

export async function stepUp(vault: KeyVault, action: StepUpAction, object: string) {
  const { challenge } = await deskRequest<{ challenge: string }>('POST', 'step-up', { action, object });
  const [label, origin, signedAction, signedObject] = challenge.split('\n');
  // Never sign a text other than the one this action needs (a server could otherwise ask for anything).
  if (label !== 'skn-desk' || origin !== location.origin || signedAction !== action || signedObject !== object)
    throw new Error('The server asked to sign something other than this action; nothing was signed.');
  return { challenge, signature: await vault.signText(challenge) };
}
