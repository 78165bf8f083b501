// The self-hosted server (`npm start`, `npm run serve`): the tip line API, the built site from dist/, and the
// forwarder loop, in one Node process with the embedded parts (SQLite queue, in-process limiter and replay store),
// or, when REDIS_URL (or UPSTASH_REDIS_REST_URL + _TOKEN) is set, the Redis-backed parts, so that several server
// processes behind one proxy share one queue, one rate limit and one proof-of-work replay store.
//
// No access log, on purpose: nothing about who requested what is written anywhere.
import { cmsAuthFromEnv } from '../cms-auth/app.ts';
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { createApp } from '../app.ts';
import { ConfigError } from '../config.ts';
import { loadDeskConfig, type DeskConfig } from '../desk/config.ts';
import { startForwarderLoop, type ForwarderLoop } from '../forwarder/loop.ts';
import { deskPathPrefix, pathSecurityHeaders } from '../http/security-headers.ts';
import { parsePublicKeys, type TaskForceKeys } from '../keys.ts';
import type { Clock } from '../ports.ts';
import { quarantineUndeliverable } from '../forwarder/misaddressed.ts';
import { sqliteQueuePath } from '../queue/sqlite.ts';
import { durabilityWarning } from '../redis/durability.ts';
import { openDesk } from '../runtime/desk.ts';
import { openParts } from '../runtime/parts.ts';
import { loadStartup, type Startup } from '../runtime/startup.ts';
import { recipientSet } from '../pgp/recipients.ts';
import { deskHostOnly } from './desk-host.ts';
import { listen } from './listen.ts';
import { staticFiles } from './static-files.ts';

const distDir = resolve(import.meta.dirname, '../../dist');
const clock: Clock = { now: () => Date.now() };

function loud(lines: string[]): void {
  const bar = '*'.repeat(78);
  console.warn(['', bar, ...lines.map((l) => `* ${l}`), bar, ''].join('\n'));
}

async function start(): Promise<void> {
  let startup: Startup;
  let deskConfig: DeskConfig | null;
  try {
    startup = await loadStartup(process.env);
    deskConfig = loadDeskConfig(process.env, startup.config.production);
  } catch (error) {
    if (error instanceof ConfigError) {
      console.error(`${error.message}\nThe tip line did not start.`);
      process.exit(1);
    }
    throw error;
  }
  const { config, keys } = startup;
  const parts = await openParts(config, clock);
  const { queue, staging, mailer } = parts;
  // The task force desk, only when DESK_ORIGIN is set (runtime/desk.ts).
  const desk = deskConfig && openDesk(deskConfig, { config, keys, clock, redis: parts.redis });

  // Parts of reports sent in parts (tips/uploads.ts); SQLite has no expiry of its own, so abandoned uploads are
  // swept every few minutes (Redis expires them by TTL).
  const sweeper = setInterval(() => {
    staging.sweep(clock.now()).catch(() => console.error('[tipline] sweeping expired uploads failed'));
    desk?.sweep(clock.now()).catch(() => console.error('[desk] sweeping expired sessions and cases failed'));
  }, 5 * 60_000);
  sweeper.unref();
  await staging.sweep(clock.now());
  // What a queued tip must be sealed to, to be mailed: the keys this process encrypts to (read again on each pass:
  // a subkey can expire while the server runs).
  const recipients = () => recipientSet(keys.keys, new Date(clock.now()));
  const undeliverable = await quarantineUndeliverable(queue, await recipients(), clock.now());
  const forwarder: ForwarderLoop = startForwarderLoop({ queue, mailer, clock, config, recipients });

  const app = createApp({
    ...parts,
    config,
    keys,
    clock,
    cmsAuth: cmsAuthFromEnv(process.env, clock.now),
    // The loop sends it on its next pass; a nudge makes that pass now (the loop's random delay still applies).
    afterEnqueue: () => forwarder.nudge(),
    desk: desk?.app,
    deskStore: desk?.store,
  });

  // The keys this process encrypts to win over whatever the build copied into dist/.
  app.get('/taskforce-keys.asc', (c) =>
    c.body(keys.armored, 200, { 'Content-Type': 'application/pgp-keys; charset=utf-8', 'Cache-Control': 'no-cache' }),
  );
  app.get('/', (c) => c.redirect('/en/', 302));
  // The desk page only under the desk's own host name: served under the public one too, officers could be sent to
  // sign in where a flaw in a public page shares their origin (docs/desk.md, "Cookies and the public site"). That
  // host name serves nothing but the desk (deskHostOnly, below).
  const deskHost = desk && new URL(desk.config.origin).host;
  if (deskHost) {
    app.use(`${deskPathPrefix}*`, async (c, next) => (new URL(c.req.url).host === deskHost ? next() : c.notFound()));
  }
  // The search page's CSP lets Pagefind run WebAssembly; every other page keeps the site-wide one.
  app.use('*', async (c, next) => {
    await next();
    for (const [name, value] of Object.entries(pathSecurityHeaders(c.req.path))) c.res.headers.set(name, value);
  });
  app.use('*', staticFiles(distDir));
  app.notFound(async (c) => {
    const page = join(distDir, '404.html');
    if (existsSync(page)) return c.html(await readFile(page, 'utf8'), 404);
    return c.text('Not found', 404);
  });

  if (!existsSync(join(distDir, 'index.html'))) {
    loud(['dist/ is missing or empty: only /api works. Build the site with `npm run build` (npm start does).']);
  }
  await warnAboutKeys(keys);
  if (parts.redis) {
    console.log(`Queue, rate limit and replay store in Redis (${parts.backend === 'Redis' ? 'TCP' : 'Upstash REST'}).`);
    const warning = await durabilityWarning(parts.redis);
    if (warning) loud([warning]);
  }
  if (!mailer) {
    loud([
      'SMTP IS NOT CONFIGURED: tips are accepted and stay queued in',
      `  ${parts.redis ? 'Redis' : resolve(sqliteQueuePath(config.dataDir))}`,
      'until SMTP_URL, TIP_MAIL_FROM and TIP_MAIL_TO are set and the server restarts.',
    ]);
  }
  if (undeliverable > 0) {
    loud([
      `${undeliverable} QUEUED TIP${undeliverable === 1 ? ' WAS' : 'S WERE'} NOT SEALED TO THE CONFIGURED TASK FORCE KEYS`,
      '(sent while the server used its demo key, or before the keys were replaced): nobody configured could',
      'read them, so they will not be mailed. They are dead letters now (`npm run queue -- list` shows them),',
      'and their reference codes tell the tipsters the reports could not be delivered, to send them again.',
    ]);
  }
  if (desk)
    console.log(`Task force desk API under /api/desk/ for ${desk.config.origin} (passkeys for ${desk.config.rpId}).`);
  if (config.generatedSecrets.length > 0) {
    console.warn(
      `Not set, made up for this run: ${config.generatedSecrets.join(', ')} ` +
        '(proofs of work and rate limits reset on restart; set them for a stable deployment).',
    );
  }

  // Last, so the address line comes after every warning (and tells a watcher the server is ready).
  const server = listen(
    { fetch: deskHost ? deskHostOnly(app.fetch, deskHost) : app.fetch },
    {
      port: config.port,
      hostname: config.host,
      onListening: (info) => {
        const host = info.family === 'IPv6' ? `[${info.address}]` : info.address;
        console.log(`Tip line and site at http://${host}:${info.port}/`);
      },
    },
  );

  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    console.log(`${signal}: stopping`);
    server.close();
    await forwarder.stop();
    clearInterval(sweeper);
    await desk?.store.close();
    await parts.close();
    process.exit(0);
  };
  process.on('SIGINT', () => void stop('SIGINT'));
  process.on('SIGTERM', () => void stop('SIGTERM'));
}

async function warnAboutKeys(keys: TaskForceKeys): Promise<void> {
  if (keys.isDemo) {
    loud([
      'DEMO KEYS: tips are encrypted to a demo key pair made on this machine, NOT to the task force.',
      `The private key is in ${keys.demoPrivateKeyPath} (to decrypt test tips).`,
      'Set TASKFORCE_PUBLIC_KEYS to the task force public keys before real use.',
      `Demo key fingerprint: ${keys.fingerprints.join(', ')}`,
    ]);
  } else {
    console.log(`Encrypting tips to: ${keys.fingerprints.join(', ')}`);
  }
  // The built pages embed fingerprints and encrypt to the keys they were built with: a mismatch means every
  // browser-encrypted tip would be refused with keys.changed.
  const built = join(distDir, 'taskforce-keys.asc');
  if (!existsSync(built)) return;
  try {
    const { fingerprints } = await parsePublicKeys(await readFile(built, 'utf8'), built);
    if ([...fingerprints].sort().join() !== [...keys.fingerprints].sort().join()) {
      loud([
        'THE BUILT SITE CARRIES OTHER KEYS than this server: browsers would encrypt to the wrong keys.',
        'Rebuild the site (`npm run build`) with the same TASKFORCE_PUBLIC_KEYS and DATA_DIR.',
      ]);
    }
  } catch {
    loud([`${built} cannot be read as public keys; rebuild the site.`]);
  }
}

await start();
