// Starts a real SMTP sink and the real Node server (functions/node/server.ts) for the browser tests.
// Mail lands in e2eMailDir as .eml files; the server's output goes to e2eLogFile for the privacy scan.
import { spawn } from 'node:child_process';
import { createWriteStream, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { SMTPServer } from 'smtp-server';
import { e2eDataDir, e2eLogFile, e2eMailDir, e2eRoot } from './server-paths.ts';

const port = Number(process.argv[2] ?? 4399);
rmSync(e2eRoot, { recursive: true, force: true });
mkdirSync(e2eDataDir, { recursive: true });
mkdirSync(e2eMailDir, { recursive: true });

let count = 0;
const smtp = new SMTPServer({
  authOptional: true,
  disabledCommands: ['STARTTLS', 'AUTH'],
  size: 20 * 1024 * 1024,
  onData(stream, _session, callback) {
    const chunks: Buffer[] = [];
    stream.on('data', (c: Buffer) => chunks.push(c));
    stream.on('end', () => {
      count += 1;
      writeFileSync(join(e2eMailDir, `${String(count).padStart(4, '0')}.eml`), Buffer.concat(chunks));
      callback();
    });
  },
});
await new Promise<void>((resolve) => smtp.listen(0, '127.0.0.1', resolve));
const smtpPort = (smtp.server.address() as { port: number }).port;

const log = createWriteStream(e2eLogFile);
const server = spawn(process.execPath, ['functions/node/server.ts'], {
  env: {
    ...process.env,
    NODE_ENV: 'test',
    PORT: String(port),
    HOST: '127.0.0.1',
    DATA_DIR: e2eDataDir,
    // The build embedded the demo keys from ./.data, so the server must check tips against the same keys.
    TASKFORCE_PUBLIC_KEYS: process.env.TASKFORCE_PUBLIC_KEYS ?? join(process.cwd(), '.data', 'demo-keys', 'public.asc'),
    SMTP_URL: `smtp://127.0.0.1:${smtpPort}`,
    TIP_MAIL_FROM: 'tipline@tips.example',
    TIP_MAIL_TO: 'taskforce@tips.example',
    TIP_SEND_DELAY_MAX: '0',
    ALTCHA_COST: '1',
    // Every browser test posts from 127.0.0.1, one network: room for all of them, whatever order they run in.
    RATE_LIMIT_MAX: '100',
    // The desk is on, as in production with follow-up: tips become cases in <DATA_DIR>/desk.sqlite, the status
    // page shows a case's status and its replies, and desk.spec.ts signs in. localhost, not 127.0.0.1: passkeys
    // need a host name, not an address.
    DESK_ORIGIN: `http://localhost:${port}`,
  },
  stdio: ['ignore', 'pipe', 'pipe'],
});
server.stdout.pipe(log);
server.stderr.pipe(log);
server.stdout.pipe(process.stdout);
server.stderr.pipe(process.stderr);

function stop() {
  server.kill('SIGTERM');
  smtp.close(() => process.exit(0));
}
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
server.on('exit', (code) => {
  if (code !== null && code !== 0) {
    console.error(`test server exited with ${code}`);
    process.exit(1);
  }
});
