// How the form's script talks to the tip line: same-origin requests without cookies, cache or referrer (JSON, and
// the binary ciphertext with upload progress), and the error code an answer carries (the API's
// `{"error": {"code"}}`, else one guessed from the status).
import type { BinaryRequest } from './upload.ts';

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

/**
 * Sends a binary body with XMLHttpRequest, the one browser API that tells how much of a body has gone out (fetch
 * does not). The site sets no cookies and its pages send no referrer, so this request carries neither.
 */
export const xhrBinary: BinaryRequest = (method, path, body, headers, onSent) =>
  new Promise<Response>((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open(method, path);
    xhr.setRequestHeader('Content-Type', 'application/octet-stream');
    xhr.setRequestHeader('Accept', 'application/json');
    for (const [name, value] of Object.entries(headers)) xhr.setRequestHeader(name, value);
    xhr.responseType = 'text';
    xhr.upload.onprogress = (event) => onSent(Math.min(event.loaded, body.length));
    xhr.onload = () => {
      const empty = xhr.status === 204 || xhr.status === 304;
      resolve(
        new Response(empty ? null : xhr.responseText, {
          status: xhr.status,
          headers: { 'Content-Type': xhr.getResponseHeader('Content-Type') ?? 'text/plain' },
        }),
      );
    };
    xhr.onerror = () => reject(new TypeError('network error'));
    xhr.onabort = () => reject(new TypeError('aborted'));
    xhr.ontimeout = () => reject(new TypeError('timed out'));
    xhr.send(body as Uint8Array<ArrayBuffer>);
  });
