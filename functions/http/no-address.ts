// Requests the configured address source gives no usable address for are refused (there is no shared bucket for
// them: see client-key.ts), and the operator must hear of it, since a wrong TRUSTED_CLIENT_IP refuses every
// tipster: the first such request is logged at once, then a count at most once a minute. No address, no content.
import type { TrustedClientIpSource } from '../config.ts';
import type { Clock } from '../ports.ts';

const intervalMs = 60_000;

/** Call once per refused request. */
export function createNoAddressLog(
  source: TrustedClientIpSource,
  clock: Clock,
  log = (line: string) => console.error(line),
): () => void {
  let unreported = 0;
  let lastLogged = -Infinity;
  return () => {
    unreported++;
    const now = clock.now();
    if (now - lastLogged < intervalMs) return;
    log(
      `[tipline] ${unreported} request${unreported === 1 ? '' : 's'} refused since the last report: ` +
        `TRUSTED_CLIENT_IP=${source} gave no client address to rate-limit by. If this is every request, the setting ` +
        'is wrong for this platform (see docs/deploy.md).',
    );
    unreported = 0;
    lastLogged = now;
  };
}
