// The desk's fixed vocabularies, from the one definition the server uses (functions/desk-ports.ts is types and
// constants only, so the page can share them), with the words an officer reads for each.
export {
  caseLabels,
  caseStatuses,
  closeReasons,
  roles,
  type CaseLabel,
  type CaseStatus,
  type CloseReason,
  type MessageKind,
  type Role,
} from '../../functions/desk-ports.ts';
import type { CaseLabel, CaseStatus, CloseReason } from '../../functions/desk-ports.ts';

export const statusNames: Record<CaseStatus, string> = {
  new: 'New',
  opened: 'Opened',
  assessing: 'Assessing',
  referred: 'Referred',
  closed: 'Closed',
};

/** Where a case may go from each status (as functions/desk/cases.ts allows). */
export const nextStatuses: Record<CaseStatus, CaseStatus[]> = {
  new: ['opened', 'assessing', 'closed'],
  opened: ['assessing', 'referred', 'closed'],
  assessing: ['referred', 'closed'],
  referred: ['assessing', 'closed'],
  closed: ['assessing'],
};

export const closeReasonNames: Record<CloseReason, string> = {
  'acted-on': 'Acted on',
  'referred-elsewhere': 'Referred elsewhere',
  'no-trafficking-indicators': 'No trafficking indicators',
  'insufficient-information': 'Insufficient information',
  duplicate: 'Duplicate',
  'outside-mandate': 'Outside the mandate',
  'not-genuine': 'Not genuine',
};

export const labelNames: Record<CaseLabel, string> = {
  urgent: 'Urgent',
  duplicate: 'Duplicate',
  'needs-translation': 'Needs translation',
  'st-kitts': 'St Kitts',
  nevis: 'Nevis',
};

/** What an officer reads for an API error code (functions/desk/errors.ts), plus the page's own. */
export const errorTexts: Record<string, string> = {
  'desk.disabled': 'The desk is not enabled on this server (DESK_ORIGIN is not set). Ask the administrator.',
  'desk.offline': 'The desk server could not be reached. Check the connection and try again.',
  'desk.no-session': 'Your session ended (15 minutes without activity, or 8 hours in all). Sign in again.',
  'desk.forbidden': 'Your role does not allow this.',
  'desk.invitation': 'This invitation is unknown, used or expired. Ask a coordinator for a new one.',
  'desk.challenge': 'The sign-in took too long or was already used. Try again.',
  'desk.passkey': 'The passkey could not be verified.',
  'desk.step-up': 'This action needs a fresh signature with your task force key. Unlock your key and try again.',
  'desk.conflict': 'Someone changed this case meanwhile, or the change does not fit its state. Reload it.',
  'desk.envelope': 'The encrypted copy is not for exactly the task force keys. Reload the page and try again.',
  'desk.rate-limited': 'Too many sign-in attempts from this network. Wait a few minutes.',
  'desk.not-found': 'Not found: it may have been deleted.',
  'desk.csrf': 'The request was refused as not coming from the desk page. Reload the page.',
  'desk.server': 'The desk could not do this right now. Try again.',
};

export function errorText(error: unknown): string {
  const code = (error as { code?: string })?.code;
  if (code && errorTexts[code]) return errorTexts[code];
  if (error instanceof Error && error.name === 'NotAllowedError') return 'The passkey dialog was closed or timed out.';
  return (error as Error)?.message || errorTexts['desk.server']!;
}
