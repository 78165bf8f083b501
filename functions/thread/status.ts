// What a tipster is told about their report: one word from a fixed list, which the status page shows as a reviewed
// sentence in the tipster's language (content/i18n, keys thread.status.<status>); never free text from anyone.
// With the desk on, the case's status says it; without, the queue's delivery status does.
import type { CaseStatus } from '../desk-ports.ts';
import type { ReceiptStatus } from '../ports.ts';

export const tipsterStatuses = [
  // The desk (a case exists).
  'received',
  'read',
  'assessing',
  'referred',
  'closed',
  // Mail only (no desk), or a report sent before the desk.
  'waiting',
  'delivered',
  'undeliverable',
  'unknown',
] as const;
export type TipsterStatus = (typeof tipsterStatuses)[number];

/**
 * A case's status as the tipster sees it. The closing reason is not shown: "not genuine" or "no indicators" told to
 * someone who took a risk to report helps no one and could tell a trafficker who tests the line what was believed.
 */
export function statusOfCase(status: CaseStatus): TipsterStatus {
  const shown: Record<CaseStatus, TipsterStatus> = {
    new: 'received',
    opened: 'read',
    assessing: 'assessing',
    referred: 'referred',
    closed: 'closed',
  };
  return shown[status];
}

export function statusOfDelivery(status: ReceiptStatus): TipsterStatus {
  return status;
}

export function statusKey(status: TipsterStatus): string {
  return `thread.status.${status}`;
}
