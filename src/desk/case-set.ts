// A set of cases chosen for a bulk export or for figures: the list filter (status, label, assignee) and the days
// they arrived between, at most maxExportSet of them; then each tip read and decrypted in turn, in this page. Each
// read is logged on the server as a read (purpose=read), as for the unread tips read for triage, and leaves a new
// case new: no officer has opened it. It stops at the first case that cannot be read, and says which: a report built
// from part of a set would look complete when it is not.
import { maxExportSet } from '../shared/export-set.ts';
import { decryptThread, fetchCase, listCases, listLimit, type CaseFilter } from './cases.ts';
import type { KeyVault } from './key-vault.ts';
import { readReportFacts, type ReportFacts } from './report.ts';
import type { CaseMeta } from './types.ts';

export interface SetFilter extends CaseFilter {
  /** First and last day of arrival (YYYY-MM-DD), both included; "" leaves that end open. */
  from: string;
  to: string;
}

export interface ReadCase {
  meta: CaseMeta;
  /** The tip's summary text (src/shared/tip-entity.ts). */
  summary: string;
  facts: ReportFacts;
}

export class SetError extends Error {
  override name = 'SetError';
}

/**
 * The set out of the listed cases (newest first): those that arrived in the period, oldest first. Refused when the
 * days are the wrong way round, when the listing may have stopped before the period's first day, or when the set is
 * larger than one export may hold.
 */
export function setOf(listed: readonly CaseMeta[], filter: SetFilter): CaseMeta[] {
  const { from, to } = filter;
  if (from && to && from > to) throw new SetError('The first day is after the last day: nothing to read.');
  if (listed.length >= listLimit && (!from || listed.at(-1)!.receivedDay >= from))
    throw new SetError(`More than ${listLimit} cases match: narrow the filter or the days.`);
  const cases = listed.filter((c) => (!from || c.receivedDay >= from) && (!to || c.receivedDay <= to)).reverse();
  if (cases.length > maxExportSet)
    throw new SetError(`${cases.length} cases match: narrow the filter or the days to at most ${maxExportSet}.`);
  return cases;
}

export const findSet = async (filter: SetFilter) => setOf(await listCases(filter), filter);

/**
 * Decrypts the tip of every case in turn; `onProgress` hears how many are done. Aborting (the officer pressed Stop)
 * or a tip that does not decrypt ends it with a SetError naming the case.
 */
export async function readSet(
  vault: KeyVault,
  cases: readonly CaseMeta[],
  onProgress: (done: number) => void,
  signal: AbortSignal,
): Promise<ReadCase[]> {
  const read: ReadCase[] = [];
  for (const meta of cases) {
    if (signal.aborted) throw new SetError(`Stopped after ${read.length} of ${cases.length} cases; nothing was made.`);
    const { messages } = await fetchCase(meta.id, 'reading');
    const tip = messages.find((m) => m.kind === 'tip');
    const [item] = tip ? await decryptThread(vault, meta.id, [tip]) : [];
    if (!item || !('entity' in item)) {
      const why = item && 'error' in item ? item.error : 'it has no tip';
      const which = `#${meta.id.slice(0, 6)} (${meta.receivedDay})`;
      throw new SetError(`Case ${which} could not be read: ${why}. Stopped; nothing was made.`);
    }
    read.push({ meta, summary: item.entity.text, facts: readReportFacts(item.entity.text) });
    onProgress(read.length);
  }
  return read;
}
