// The status page's requests about a thread (functions/thread/routes.ts): the lookup token and, for reports sent
// before follow-up existed, the SHA-256 of the code they were stored under. Never the code itself. Same-origin,
// no cookies, no cache, no referrer (post.ts).
import { errorCode, fetchJson } from '../post.ts';

export interface SealedReply {
  seq: number;
  day: string;
  body: string;
}

export interface ThreadView {
  caseId: string | null;
  status: string;
  statusKey: string;
  replies: SealedReply[];
}

export type ThreadAnswer = { ok: true; thread: ThreadView } | { ok: false; code: string };

const dayPattern = /^\d{4}-\d\d-\d\d$/;

/** The answer read by shape: anything unexpected is an error, never shown. */
function readThread(value: unknown): ThreadView | null {
  const v = value as Partial<ThreadView> | null;
  if (!v || typeof v.status !== 'string' || typeof v.statusKey !== 'string' || !Array.isArray(v.replies)) return null;
  if (v.caseId !== null && typeof v.caseId !== 'string') return null;
  const replies = v.replies.filter(
    (r: Partial<SealedReply>) =>
      Number.isSafeInteger(r?.seq) &&
      typeof r?.day === 'string' &&
      dayPattern.test(r.day) &&
      typeof r?.body === 'string',
  );
  return { caseId: v.caseId ?? null, status: v.status, statusKey: v.statusKey, replies };
}

export async function fetchThread(lookup: string, legacy: string): Promise<ThreadAnswer> {
  let response: Response;
  try {
    response = await fetchJson('POST', '/api/thread', { lookup, legacy });
  } catch {
    return { ok: false, code: 'network' };
  }
  if (!response.ok) return { ok: false, code: await errorCode(response) };
  const thread = readThread(await response.json().catch(() => null));
  return thread ? { ok: true, thread } : { ok: false, code: 'unknown' };
}

export async function deleteReply(lookup: string, seq: number): Promise<boolean> {
  try {
    return (await fetchJson('POST', '/api/thread/replies/delete', { lookup, seq })).ok;
  } catch {
    return false;
  }
}

/** SHA-256 (hex) of the normalized code: what reports from before follow-up were stored under. */
export async function legacyHash(normalizedCode: string): Promise<string> {
  const digest = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(normalizedCode));
  return Array.from(new Uint8Array(digest), (b) => b.toString(16).padStart(2, '0')).join('');
}
