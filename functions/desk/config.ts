// The desk's configuration. The desk exists only when DESK_ORIGIN is set: without it nothing is mounted and the
// public site and API are exactly as before.
//   DESK_ORIGIN   the origin the desk page is served from, e.g. https://desk.tipline.example (a separate origin is
//                 best: a flaw in a public page then cannot reach the desk). Its host is the passkeys' relying party.
//   DESK_RP_NAME  the name passkey dialogs show (default "Task force desk").
import { ConfigError } from '../config.ts';

export interface DeskConfig {
  origin: string;
  rpId: string;
  rpName: string;
}

/** A ConfigError, so every entry reports it like any other configuration mistake. */
export class DeskConfigError extends ConfigError {
  constructor(message: string) {
    super([message]);
  }
}

const ipLike = /^(\d{1,3}\.){3}\d{1,3}$|^\[/;

export function loadDeskConfig(env: Record<string, string | undefined>, production: boolean): DeskConfig | null {
  const raw = env.DESK_ORIGIN?.trim();
  if (!raw) return null;
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new DeskConfigError(`DESK_ORIGIN is not a URL (it is "${raw}"); expected e.g. https://desk.tipline.example`);
  }
  if (url.origin !== raw.replace(/\/$/, '')) {
    throw new DeskConfigError(
      `DESK_ORIGIN must be an origin only, scheme and host (and port), without a path: ${url.origin}`,
    );
  }
  const local = url.hostname === 'localhost';
  if (url.protocol !== 'https:' && !(url.protocol === 'http:' && local && !production)) {
    throw new DeskConfigError('DESK_ORIGIN must use https:// (http://localhost only outside production).');
  }
  if (ipLike.test(url.hostname)) {
    throw new DeskConfigError('DESK_ORIGIN must name a host, not an IP address: passkeys are bound to a domain.');
  }
  return { origin: url.origin, rpId: url.hostname, rpName: env.DESK_RP_NAME?.trim() || 'Task force desk' };
}
