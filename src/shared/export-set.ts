// A set of cases exported at once (the desk's bulk export, functions/desk/exports.ts): one step-up signature covers
// the whole set, so the challenge names the set by a hash both sides compute the same way, over the ids in the
// order they are sent. WebCrypto, so the desk page and the server share this one definition.

/** Most cases one export may hold: one step-up covers them all, and the browser decrypts each in turn. */
export const maxExportSet = 500;

/** SHA-256 (lower-case hex) of the case ids joined by newlines: the step-up object of an "export-set". */
export async function exportSetHash(ids: readonly string[]): Promise<string> {
  const digest = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(ids.join('\n')));
  return Array.from(new Uint8Array(digest), (b) => b.toString(16).padStart(2, '0')).join('');
}
