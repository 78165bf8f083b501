// The limits the server enforces beyond the report's own (src/shared/tip-fields.ts: tipLimits), in one place. Each
// is documented with what a request gets when it crosses it in docs/limits.md.

export const serverLimits = {
  /** Bodies of POST /api/status and of the requests that open or complete an upload. */
  smallBodyBytes: 16 * 1024,
  /** Fields (multipart parts or name=value pairs) in a plain form post; the report form has about 35. */
  formFields: 64,
  /** A body declared larger than this, or one without a declared length, counts as large (http/in-flight.ts). */
  largeBodyBytes: 1024 * 1024,
  /** Large bodies being read and checked at once: in the process, and from one client network. */
  inFlight: { maxTotal: 16, maxPerClient: 2 },
  /** What a request refused for being one large body too many is told to wait, in seconds. */
  busyRetryAfterSeconds: 30,
  /** Times one part of an upload may be stored: a first send, its two retries, and the same again after a completion
   * that found it missing (src/tipline/upload.ts). */
  partWrites: 6,
  /** The Node server's own connection limits (functions/node/server.ts). */
  node: {
    maxConnections: 512,
    /** The request line and headers must arrive within this. */
    headersTimeoutMs: 30_000,
    /** The whole request, body included: a 4 MB photo at 300 kbit/s takes about 110 s. */
    requestTimeoutMs: 120_000,
    keepAliveTimeoutMs: 5_000,
  },
} as const;
