// A real SMTP server (smtp-server) for the tests: receives what the forwarder sends and answers as told.
// `respond` decides the reply to each DATA (e.g. 451 once, then 250); `rejectRecipient` can refuse RCPT TO.
import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';

export interface Received {
  from: string;
  to: string[];
  raw: Buffer;
}

export interface TestSmtpOptions {
  /** Listen on this port (default: a free one). */
  port?: number;
  /** Reply to the n-th DATA (0-based): null accepts (250); { code, message } refuses. May be async. */
  respond?: (
    n: number,
    raw: Buffer,
  ) => { code: number; message: string } | null | Promise<{ code: number; message: string } | null>;
  /** Reply to RCPT TO: null accepts. */
  rejectRecipient?: (address: string) => { code: number; message: string } | null;
}

export interface TestSmtp {
  port: number;
  url: string;
  /** Messages answered with 250, in order. */
  accepted: Received[];
  /** Every DATA received, whatever the answer. */
  attempts: number;
  /** The name each client gave in EHLO/HELO. */
  ehloNames: string[];
  close(): Promise<void>;
}

export async function startTestSmtp(options: TestSmtpOptions = {}): Promise<TestSmtp> {
  const state = { accepted: [] as Received[], attempts: 0, ehloNames: [] as string[] };
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    size: 20 << 20,
    logger: false,
    onMailFrom(_address, session, callback) {
      state.ehloNames.push(String(session.hostNameAppearsAs));
      callback();
    },
    onRcptTo(address, _session, callback) {
      const refusal = options.rejectRecipient?.(address.address);
      if (refusal) return callback(Object.assign(new Error(refusal.message), { responseCode: refusal.code }));
      callback();
    },
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', async () => {
        const raw = Buffer.concat(chunks);
        const n = state.attempts++;
        const refusal = await options.respond?.(n, raw);
        if (refusal) return callback(Object.assign(new Error(refusal.message), { responseCode: refusal.code }));
        state.accepted.push({
          from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
          to: session.envelope.rcptTo.map((r) => r.address),
          raw,
        });
        callback(null, 'OK: queued');
      });
    },
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => resolve());
  });
  const port = (server.server.address() as AddressInfo).port;
  return {
    port,
    url: `smtp://127.0.0.1:${port}`,
    accepted: state.accepted,
    ehloNames: state.ehloNames,
    get attempts() {
      return state.attempts;
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
