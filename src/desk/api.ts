// The desk page's one way to the desk API (/api/desk/, same origin only): JSON in and out, the session's CSRF token
// in X-Desk-CSRF on every change, errors as DeskApiError with the API's code (functions/desk/errors.ts).
export const deskApiBase = '/api/desk';

export class DeskApiError extends Error {
  readonly code: string;
  readonly status: number;
  constructor(code: string, status: number, message: string) {
    super(message);
    this.name = 'DeskApiError';
    this.code = code;
    this.status = status;
  }
}

let csrfToken: string | null = null;
/** Called after every request that reaches the API: the page's idle timer and key lock listen. */
let onActivity: () => void = () => {};

export function setCsrf(token: string | null): void {
  csrfToken = token;
}

export function onApiActivity(listener: () => void): void {
  onActivity = listener;
}

/** Largest answer the page reads (a thread with a full report is about 6 MB of armored ciphertext). */
const maxAnswerBytes = 64 * 1024 * 1024;

export async function deskRequest<T>(method: 'GET' | 'POST', path: string, body?: unknown): Promise<T> {
  const headers: Record<string, string> = { Accept: 'application/json' };
  if (method === 'POST') {
    headers['Content-Type'] = 'application/json';
    if (csrfToken) headers['X-Desk-CSRF'] = csrfToken;
  }
  let response: Response;
  try {
    response = await fetch(`${deskApiBase}/${path}`, {
      method,
      headers,
      body: method === 'POST' ? JSON.stringify(body ?? {}) : undefined,
      credentials: 'same-origin',
      cache: 'no-store',
      redirect: 'error',
    });
  } catch {
    throw new DeskApiError('desk.offline', 0, 'The desk server could not be reached.');
  }
  const length = Number(response.headers.get('content-length') ?? '0');
  const json = (response.headers.get('content-type') ?? '').startsWith('application/json');
  if (!json || length > maxAnswerBytes) {
    // Not the desk API (a server without DESK_ORIGIN answers its own 404 page).
    throw new DeskApiError(response.status === 404 ? 'desk.disabled' : 'desk.server', response.status, '');
  }
  const parsed = (await response.json()) as { error?: { code: string; message: string } };
  if (!response.ok) {
    const error = parsed.error ?? { code: 'desk.server', message: '' };
    // Another part of the server answered: the desk API is not mounted (DESK_ORIGIN unset).
    if (response.status === 404 && !error.code.startsWith('desk.')) throw new DeskApiError('desk.disabled', 404, '');
    throw new DeskApiError(error.code, response.status, error.message);
  }
  onActivity();
  return parsed as T;
}
