// How many large request bodies one process takes at once, in all and per client network: each can hold up to
// 10 MiB and cost a few times that while it is checked, so without a cap a handful of slow or concurrent uploads
// could take all of a small server's memory (four 10 MiB form posts at once added 350 MiB). A request over a cap is
// answered at once (503 with Retry-After) without reading its body. Small requests, which is nearly every tip
// without photos, are never counted.
// The per-network count is keyed by the same keyed hash the rate limiter uses (never an address), held only while
// the request runs.

export interface InFlightLimits {
  /** Large bodies in this process at once. */
  maxTotal: number;
  /** Large bodies from one client network at once. */
  maxPerClient: number;
}

export interface InFlight {
  /** A slot for one large body, or null when a cap is reached. Call the release function exactly once. */
  acquire(clientKey: string | null): (() => void) | null;
}

export function createInFlight(limits: InFlightLimits): InFlight {
  let total = 0;
  const perClient = new Map<string, number>();
  return {
    acquire(clientKey) {
      const mine = clientKey === null ? 0 : (perClient.get(clientKey) ?? 0);
      if (total >= limits.maxTotal || mine >= limits.maxPerClient) return null;
      total++;
      if (clientKey !== null) perClient.set(clientKey, mine + 1);
      let released = false;
      return () => {
        if (released) return;
        released = true;
        total--;
        if (clientKey === null) return;
        const left = (perClient.get(clientKey) ?? 1) - 1;
        if (left > 0) perClient.set(clientKey, left);
        else perClient.delete(clientKey);
      };
    },
  };
}
