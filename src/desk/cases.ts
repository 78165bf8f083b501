// Cases as the desk works them: metadata from the API, threads decrypted in the key worker, and what the officer
// reads out of them (danger, answers, attachments). Decrypted facts are kept in this page's memory only, by case id,
// so the list can put "someone in danger now" first; they are forgotten when the key locks.
import { deskRequest } from './api.ts';
import { checkFollowups, readProof, type Authorship, type FollowupProof } from './followup-check.ts';
import { VaultError, type KeyVault } from './key-vault.ts';
import { parseEntity, type MimeEntity } from './mime.ts';
import { dangerRank, readReportFacts, type ReportFacts } from './report.ts';
import type { CaseMessage, CaseMeta } from './types.ts';
import type { CaseLabel, CaseStatus } from './vocabulary.ts';

export interface CaseFilter {
  status?: CaseStatus | '';
  assignee?: string;
  label?: CaseLabel | '';
}

export type ThreadItem =
  | { seq: number; day: string; kind: 'tip'; entity: MimeEntity }
  /** `authorship`: checked against the report's follow-up key once the whole thread is read. */
  | { seq: number; day: string; kind: 'followup'; entity: MimeEntity; proof: FollowupProof; authorship?: Authorship }
  | { seq: number; day: string; kind: 'reply' | 'note'; author: string | null; text: string }
  | { seq: number; day: string; kind: CaseMessage['kind']; error: string };

const factsById = new Map<string, ReportFacts>();

export function forgetDecrypted(): void {
  factsById.clear();
}

export function factsOf(id: string): ReportFacts | undefined {
  return factsById.get(id);
}

/** Most cases the desk lists at once (10 pages of 100). */
export const listLimit = 1000;

/** Every case matching the filter, newest first, at most listLimit. */
export async function listCases(filter: CaseFilter): Promise<CaseMeta[]> {
  const all: CaseMeta[] = [];
  let cursor: string | null = null;
  for (let page = 0; page < listLimit / 100; page++) {
    const query = new URLSearchParams({ limit: '100' });
    if (filter.status) query.set('status', filter.status);
    if (filter.assignee) query.set('assignee', filter.assignee);
    if (filter.label) query.set('label', filter.label);
    if (cursor) query.set('cursor', cursor);
    const answer: { cases: CaseMeta[]; next: string | null } = await deskRequest('GET', `cases?${query}`);
    all.push(...answer.cases);
    cursor = answer.next;
    if (!cursor) break;
  }
  return all;
}

/** Danger now first (for cases decrypted in this page), then open before closed, then newest first. */
export function triageOrder(cases: CaseMeta[]): CaseMeta[] {
  const rank = (c: CaseMeta) => dangerRank[factsById.get(c.id)?.danger ?? 'unknown'];
  const closed = (c: CaseMeta) => (c.status === 'closed' ? 1 : 0);
  return cases
    .map((c, i) => ({ c, i }))
    .sort((a, b) => rank(a.c) - rank(b.c) || closed(a.c) - closed(b.c) || a.i - b.i)
    .map(({ c }) => c);
}

/**
 * The case and its thread. `opening`: an officer opens it (a new case becomes opened); otherwise the desk reads it
 * for sorting, figures or an export, which is logged as a read and leaves the status alone.
 */
export async function fetchCase(
  id: string,
  how: 'opening' | 'reading' = 'opening',
): Promise<{ case: CaseMeta; messages: CaseMessage[] }> {
  return deskRequest('GET', `cases/${encodeURIComponent(id)}${how === 'reading' ? '?purpose=read' : ''}`);
}

/** Decrypts one message in the worker; a message that fails is shown as such, never hides the rest. */
async function readMessage(vault: KeyVault, m: CaseMessage): Promise<ThreadItem> {
  try {
    if (m.kind === 'tip')
      return { seq: m.seq, day: m.day, kind: m.kind, entity: parseEntity(await vault.decrypt(m.body)) };
    if (m.kind === 'followup') {
      const bytes = await vault.decrypt(m.body);
      const entity = parseEntity(bytes);
      return { seq: m.seq, day: m.day, kind: m.kind, entity, proof: await readProof(bytes, entity) };
    }
    // A reply is sealed to the tipster; the task force reads its record copy. A note is to the task force.
    const armored = m.kind === 'reply' ? m.record : m.body;
    if (!armored)
      return { seq: m.seq, day: m.day, kind: m.kind, error: 'This reply has no copy for the task force to read.' };
    return { seq: m.seq, day: m.day, kind: m.kind, author: m.author, text: await vault.decryptText(armored) };
  } catch (error) {
    return {
      seq: m.seq,
      day: m.day,
      kind: m.kind,
      error:
        error instanceof VaultError
          ? error.message // a sentence for the officer
          : `This message could not be read (${(error as Error).message || 'unknown error'}).`,
    };
  }
}

export async function decryptThread(vault: KeyVault, caseId: string, messages: CaseMessage[]) {
  const items: ThreadItem[] = [];
  for (const m of messages) items.push(await readMessage(vault, m));
  const tip = items.find((i) => i.kind === 'tip' && 'entity' in i);
  const report = tip && 'entity' in tip ? tip.entity : null;
  if (report) factsById.set(caseId, readReportFacts(report.text));
  const followups = items.filter((i) => 'proof' in i);
  const authorship = await checkFollowups(report, followups);
  for (const f of followups) f.authorship = authorship.get(f.seq);
  return items;
}

/**
 * Reads the tips of the listed cases not yet decrypted in this page (at most `limit`, oldest first), so the list can
 * put danger first. Each is fetched as a read, not an opening: the server logs it, and a new case stays new.
 */
export async function triageUnread(vault: KeyVault, cases: CaseMeta[], limit = 25): Promise<number> {
  const unread = cases
    .filter((c) => c.status !== 'closed' && !factsById.has(c.id))
    .reverse()
    .slice(0, limit);
  for (const c of unread) {
    const { messages } = await fetchCase(c.id, 'reading');
    const tip = messages.find((m) => m.kind === 'tip');
    if (tip) await decryptThread(vault, c.id, [tip]);
  }
  return unread.length;
}

export function setStatus(id: string, status: CaseStatus, closeReason?: string) {
  return deskRequest<{ case: CaseMeta }>('POST', `cases/${encodeURIComponent(id)}/status`, {
    status,
    ...(status === 'closed' ? { closeReason } : {}),
  });
}

export function setAssignee(id: string, assignee: string | null) {
  return deskRequest<{ case: CaseMeta }>('POST', `cases/${encodeURIComponent(id)}/assign`, { assignee });
}

export function setLabels(id: string, labels: CaseLabel[]) {
  return deskRequest<{ case: CaseMeta }>('POST', `cases/${encodeURIComponent(id)}/labels`, { labels });
}

export async function addNote(vault: KeyVault, id: string, text: string) {
  const body = await vault.encrypt(text);
  return deskRequest<{ seq: number }>('POST', `cases/${encodeURIComponent(id)}/notes`, { body });
}
