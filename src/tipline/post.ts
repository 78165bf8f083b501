// How the form's script talks to the tip line: same-origin JSON requests without cookies, cache or referrer, and the
// error code an answer carries (the API's `{"error": {"code"}}`, else one guessed from the status).

/** Sends one JSON request; rejects only when the network failed (no answer at all). */
export type JsonRequest = (method: 'POST' | 'PUT', path: string, body: unknown) => Promise<Response>;

export const fetchJson: JsonRequest = (method, path, body) =>
  fetch(path, {
    method,
    headers: { 'Content-Type': 'application/json', Accept: 'application/json' },
    body: JSON.stringify(body),
    credentials: 'omit',
    cache: 'no-store',
    referrerPolicy: 'no-referrer',
  });

export async function errorCode(response: Response): Promise<string> {
  try {
    const body = (await response.json()) as { error?: { code?: unknown } };
    if (typeof body.error?.code === 'string' && /^[a-z-]+\.[a-z-]+$/.test(body.error.code)) return body.error.code;
  } catch {
    // not JSON: fall through to the status
  }
  if (response.status === 413) return 'body.too-large';
  if (response.status === 429) return 'rate.limited';
  return 'unknown';
}
