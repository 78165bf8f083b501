// Upstash's REST protocol in front of the test's real redis-server, so the @upstash/redis transport is exercised
// over real HTTP against real Redis. The bridge is @humanwhocodes/upstash-redis-server (a small Hono app that
// forwards each JSON command, and /pipeline, to Redis through ioredis), served here on a free port.
// What it does not emulate: Upstash's base64 response encoding (the tipline client turns it off anyway), the
// multi-exec endpoint (unused), and Upstash's own engine behind the protocol (allow-key-locking, limits).
import { serve, type ServerType } from '@hono/node-server';
import { createApp } from '@humanwhocodes/upstash-redis-server';
import { freePort } from './redis-server.ts';

export interface RestBridge {
  url: string;
  token: string;
  close(): Promise<void>;
}

export async function startRestBridge(redisUrl: string): Promise<RestBridge> {
  const token = `test-token-${Math.random().toString(36).slice(2)}`;
  const app = createApp({ token, redisUrl });
  const port = await freePort();
  const server: ServerType = await new Promise((resolve) => {
    const s = serve({ fetch: app.fetch, port, hostname: '127.0.0.1' }, () => resolve(s));
  });
  return {
    url: `http://127.0.0.1:${port}`,
    token,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
