// The self-hosted server's HTTP listener, with its connection limits (serverLimits.node): how many sockets at once,
// how long the request line and headers may take, how long a whole request may take (a slow body is cut off),
// and how long an idle keep-alive connection is kept. Node's defaults allow 5 minutes per request and unlimited
// sockets: 30 connections trickling bodies stayed open for as long as the test ran.
import type { Server } from 'node:http';
import { serve, type ServerType } from '@hono/node-server';
import type { Hono } from 'hono';
import { serverLimits } from '../http/limits.ts';

export interface ListenOptions {
  port: number;
  hostname: string;
  /** The limits, serverLimits.node unless a test passes shorter ones. */
  limits?: { maxConnections: number; headersTimeoutMs: number; requestTimeoutMs: number; keepAliveTimeoutMs: number };
  onListening?: (info: { address: string; family: string; port: number }) => void;
}

export function listen(app: Pick<Hono, 'fetch'>, options: ListenOptions): ServerType {
  const limits = options.limits ?? serverLimits.node;
  const server = serve(
    {
      fetch: app.fetch,
      port: options.port,
      hostname: options.hostname,
      serverOptions: {
        headersTimeout: limits.headersTimeoutMs,
        requestTimeout: limits.requestTimeoutMs,
        keepAliveTimeout: limits.keepAliveTimeoutMs,
        // How often the timeouts are enforced: often enough that a timeout means about what it says.
        connectionsCheckingInterval: Math.min(1_000, limits.headersTimeoutMs),
      },
    },
    options.onListening,
  );
  (server as Server).maxConnections = limits.maxConnections;
  return server;
}
