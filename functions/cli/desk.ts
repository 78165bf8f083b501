// `npm run desk -- …`: the operator's side of the task force desk.
//   invite --role coordinator|officer|auditor [--name NAME] [--key FINGERPRINT]
//        prints a one-time invitation link (valid 48 hours). The first coordinator is made this way; after that,
//        coordinators invite in the desk. --key names the officer's task force key (one of TASKFORCE_PUBLIC_KEYS);
//        it may be left out when exactly one key is configured. Auditors hold no key.
//   audit
//        checks the whole audit chain and prints its head (seq and hash): write it down or mail it daily, so a
//        rewritten or cut log can be found later (`audit --head SEQ:HASH` checks against such a head).
// Needs DESK_ORIGIN (the desk's origin) and the same store settings as the server (DATA_DIR, or REDIS_URL /
// UPSTASH_REDIS_REST_*). Prints no secret but the link itself.
import { parseArgs } from 'node:util';
import { ConfigError } from '../config.ts';
import { verifyStoredAudit } from '../desk/audit.ts';
import { loadDeskConfig } from '../desk/config.ts';
import { defaultLifetimes } from '../desk/context.ts';
import { createInvitation, InvitationError } from '../desk/invitations.ts';
import { roles, type Role } from '../desk-ports.ts';
import { openDeskStore } from '../desk-store/open.ts';
import { connectRedis } from '../redis/client.ts';
import { loadStartup } from '../runtime/startup.ts';

const usage =
  'usage: npm run desk -- invite --role coordinator|officer|auditor [--name NAME] [--key FINGERPRINT]\n' +
  '       npm run desk -- audit [--head SEQ:HASH]';

async function main(argv: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: { role: { type: 'string' }, name: { type: 'string' }, key: { type: 'string' }, head: { type: 'string' } },
  });
  const command = positionals[0];
  if (command !== 'invite' && command !== 'audit') {
    console.error(usage);
    return 2;
  }
  const { config, keys } = await loadStartup(process.env);
  const desk = loadDeskConfig(process.env, config.production);
  if (!desk) {
    console.error(
      'DESK_ORIGIN is not set: the desk is off. Set it to the origin the desk is served from ' +
        '(e.g. https://desk.tipline.example), the same as for the server.',
    );
    return 2;
  }
  const client = config.redis ? connectRedis(config.redis) : null;
  const store = openDeskStore(config, client && config.redis ? { client, prefix: config.redis.prefix } : null);
  try {
    if (command === 'audit') {
      let known;
      if (values.head !== undefined) {
        const match = /^(\d{1,15}):([0-9a-f]{64})$/.exec(values.head);
        if (!match) {
          console.error('--head must be SEQ:HASH as `npm run desk -- audit` printed it.');
          return 2;
        }
        known = { seq: Number(match[1]), hash: match[2]! };
      }
      const verdict = await verifyStoredAudit(store, known);
      if (!verdict.ok) {
        console.error(`The audit log does NOT verify: ${verdict.problem} at entry ${verdict.seq}.`);
        return 1;
      }
      console.log(`The audit log verifies: ${verdict.entries} entries.`);
      console.log(`head ${verdict.head.seq}:${verdict.head.hash}`);
      return 0;
    }
    const role = values.role as Role;
    if (!roles.includes(role)) {
      console.error(`--role must be one of ${roles.join(', ')}.\n${usage}`);
      return 2;
    }
    const key = values.key ?? (role !== 'auditor' && keys.fingerprints.length === 1 ? keys.fingerprints[0]! : null);
    const name = values.name ?? role[0]!.toUpperCase() + role.slice(1);
    const now = Date.now();
    const { link, expiresAt } = await createInvitation(
      { store, keys, origin: desk.origin, lifetimes: defaultLifetimes },
      { name, role, keyFingerprint: key, invitedBy: null },
      now,
    );
    console.log(
      `One-time invitation for ${name} (${role}), valid until ${new Date(expiresAt).toISOString().slice(0, 16).replace('T', ' ')} UTC:`,
    );
    console.log(`  ${link}`);
    console.log('Whoever opens it first becomes this officer: give it only to that person, face to face or over an');
    console.log(
      'end-to-end encrypted channel, and have them open it in the browser where they will make their passkey.',
    );
    return 0;
  } finally {
    await store.close();
    await client?.close();
  }
}

process.exitCode = await main(process.argv.slice(2)).catch((error: unknown) => {
  if (error instanceof ConfigError || error instanceof InvitationError) {
    console.error(error.message);
    return 2;
  }
  if (error instanceof TypeError && (error as { code?: string }).code?.startsWith('ERR_PARSE_ARGS')) {
    console.error(`${error.message}\n${usage}`);
    return 2;
  }
  console.error(`desk: ${error instanceof Error ? error.message : String(error)}`);
  return 1;
});
