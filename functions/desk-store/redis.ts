// The desk store on Redis (a self-hosted Redis over TCP with `appendonly yes` + `appendfsync always`, or Upstash
// over REST), for serverless functions and several instances. The same RedisClient as the queue (redis/client.ts).
//
// Layout (P = key prefix + "desk:"). Null is stored as "" in hashes.
//   P case:<id>          hash  n, lookup, day, status, reason, assignee, labels (JSON), keep, messages
//   P cases              zset  case id → n (1, 2, 3, … in order of arrival: an order, not a time)
//   P case-n             the last n given out
//   P keep               zset  case id → keep-until day as a number (20310115), for the retention sweep
//   P lookup:<hash>      case id
//   P msgs:<id>          list  the thread, message seq = list index, each {kind, day, body, record, author}
//   P officer:<id>       hash  name, role, key, added, revoked          P officers  set of ids
//   P cred:<id>          hash  officer, publicKey, counter, transports, added, used    P creds:<officer>  set
//   P session:<hash>     hash  officer, csrf, created, expires; TTL     P sessions:<officer>  set
//   P challenge:<hash>   JSON; TTL        P invite:<hash>   JSON; TTL
//   P audit              list  the audit entries (JSON), seq = index + 1       P audit-head  "<seq>:<hash>"
// Expiring records carry their expiry in the value too, checked against the caller's `now` (the port's clock);
// the TTL only makes Redis forget them.
// Every change that must be atomic is one Lua script touching only the keys it is given (Upstash's rule).
import type { RedisArg, RedisClient } from '../redis/client.ts';
import type {
  AddedAt,
  MessageKind,
  AuditEntry,
  AuditHead,
  CaseFilter,
  CasePage,
  CasePatch,
  Challenge,
  Credential,
  DeskCase,
  DeskMessage,
  DeskStore,
  Invitation,
  NewCase,
  NewMessage,
  Officer,
  OfficerPatch,
  Session,
} from '../desk-ports.ts';
import { genesisHash } from '../desk-ports.ts';

export interface RedisDeskStoreOptions {
  /** Key prefix shared with the tip line's other parts, e.g. "tipline:"; the desk adds "desk:". */
  prefix?: string;
}

const CREATE_CASE = `
if redis.call('EXISTS', KEYS[1]) == 1 then return 0 end
if ARGV[2] ~= '' and redis.call('EXISTS', KEYS[5]) == 1 then return 0 end
local n = redis.call('INCR', KEYS[3])
redis.call('HSET', KEYS[1], 'n', n, 'lookup', ARGV[2], 'day', ARGV[3], 'status', 'new', 'reason', '',
  'assignee', '', 'labels', '[]', 'keep', '', 'messages', 1)
redis.call('ZADD', KEYS[2], n, ARGV[1])
redis.call('RPUSH', KEYS[4], ARGV[4])
if ARGV[2] ~= '' then redis.call('SET', KEYS[5], ARGV[1]) end
return 1
`;

// KEYS: case, keep zset. ARGV: id, keep score ('' = unchanged, '-' = none), then field/value pairs.
const UPDATE_CASE = `
if redis.call('EXISTS', KEYS[1]) == 0 then return nil end
if #ARGV > 2 then redis.call('HSET', KEYS[1], unpack(ARGV, 3)) end
if ARGV[2] == '-' then redis.call('ZREM', KEYS[2], ARGV[1])
elseif ARGV[2] ~= '' then redis.call('ZADD', KEYS[2], tonumber(ARGV[2]), ARGV[1]) end
return redis.call('HGETALL', KEYS[1])
`;

const ADD_MESSAGE = `
if redis.call('EXISTS', KEYS[1]) == 0 then return -1 end
local seq = redis.call('HINCRBY', KEYS[1], 'messages', 1) - 1
redis.call('RPUSH', KEYS[2], ARGV[1])
return seq
`;

// A deleted message's place in the list (seq = list index, so the others keep theirs): the content is gone.
const deletedMessage = '{"deleted":true}';

// KEYS: msgs. ARGV: seq, the message as read (it must still be that), the tombstone.
const DELETE_MESSAGE = `
if redis.call('LINDEX', KEYS[1], ARGV[1]) ~= ARGV[2] then return 0 end
redis.call('LSET', KEYS[1], ARGV[1], ARGV[3])
return 1
`;

// KEYS: case, msgs. ARGV: message JSON, the seq it must get, its kind. 1 added, -1 no case, -2 a reply to a case
// without a lookup hash (stored as ''), 0 the seq is taken.
const ADD_MESSAGE_AT = `
if redis.call('EXISTS', KEYS[1]) == 0 then return -1 end
if ARGV[3] == 'reply' and redis.call('HGET', KEYS[1], 'lookup') == '' then return -2 end
if tonumber(redis.call('HGET', KEYS[1], 'messages')) ~= tonumber(ARGV[2]) then return 0 end
redis.call('HINCRBY', KEYS[1], 'messages', 1)
redis.call('RPUSH', KEYS[2], ARGV[1])
return 1
`;

// KEYS: the passkey, the officer's passkey set. ARGV: passkey id, officer id. 1 removed, 0 the last, -1 not theirs.
const REMOVE_CREDENTIAL = `
if redis.call('SISMEMBER', KEYS[2], ARGV[1]) == 0 or redis.call('HGET', KEYS[1], 'officer') ~= ARGV[2] then
  return -1
end
if redis.call('SCARD', KEYS[2]) <= 1 then return 0 end
redis.call('DEL', KEYS[1])
redis.call('SREM', KEYS[2], ARGV[1])
return 1
`;

// KEYS: case, msgs, cases, keep, lookup (or the case key again when there is none). ARGV: id.
const DELETE_CASE = `
if redis.call('EXISTS', KEYS[1]) == 0 then return 0 end
redis.call('DEL', KEYS[1], KEYS[2], KEYS[5])
redis.call('ZREM', KEYS[3], ARGV[1])
redis.call('ZREM', KEYS[4], ARGV[1])
return 1
`;

/** HGETALL of every key given, in order (an empty list for a key that is gone). */
const HGETALL_EACH = `
local out = {}
for i, key in ipairs(KEYS) do out[i] = redis.call('HGETALL', key) end
return out
`;

// KEYS: the record, the set it belongs to. ARGV: set member, then field/value pairs.
const ADD_NEW_HASH = `
if redis.call('EXISTS', KEYS[1]) == 1 then return 0 end
redis.call('HSET', KEYS[1], unpack(ARGV, 2))
redis.call('SADD', KEYS[2], ARGV[1])
return 1
`;

const UPDATE_HASH = `
if redis.call('EXISTS', KEYS[1]) == 0 then return nil end
if #ARGV > 0 then redis.call('HSET', KEYS[1], unpack(ARGV)) end
return redis.call('HGETALL', KEYS[1])
`;

// KEYS: session, the officer's session set. ARGV: token hash, ttl ms, then field/value pairs.
const CREATE_SESSION = `
redis.call('HSET', KEYS[1], unpack(ARGV, 3))
redis.call('PEXPIRE', KEYS[1], ARGV[2])
redis.call('SADD', KEYS[2], ARGV[1])
return 1
`;

// ARGV: new expiry, now, ttl ms.
const TOUCH_SESSION = `
local expires = tonumber(redis.call('HGET', KEYS[1], 'expires'))
if not expires or expires <= tonumber(ARGV[2]) then return 0 end
redis.call('HSET', KEYS[1], 'expires', ARGV[1])
redis.call('PEXPIRE', KEYS[1], ARGV[3])
return 1
`;

/** Deletes every member's record (KEYS[2..]) and the set (KEYS[1]); returns how many records there were. */
const DELETE_MEMBERS = `
local n = 0
for i = 2, #KEYS do n = n + redis.call('DEL', KEYS[i]) end
redis.call('DEL', KEYS[1])
return n
`;

const TAKE = `
local v = redis.call('GET', KEYS[1])
if v then redis.call('DEL', KEYS[1]) end
return v
`;

// KEYS: audit list, head. ARGV: expected head "<seq>:<hash>", entry JSON, new head.
const APPEND_AUDIT = `
local head = redis.call('GET', KEYS[2]) or ARGV[4]
if head ~= ARGV[1] then return 0 end
redis.call('RPUSH', KEYS[1], ARGV[2])
redis.call('SET', KEYS[2], ARGV[3])
return 1
`;

type Flat = Record<string, string>;
const flat = (reply: unknown): Flat => {
  const list = Array.isArray(reply) ? reply.map(String) : [];
  const out: Flat = {};
  for (let i = 0; i + 1 < list.length; i += 2) out[list[i]!] = list[i + 1]!;
  return out;
};
const orNull = (v: string | undefined): string | null => (v === undefined || v === '' ? null : v);
const dayScore = (day: string): number => Number(day.replace(/-/g, ''));
const ttl = (expiresAt: number, now: number): number => Math.max(1, Math.ceil(expiresAt - now));
/** Field/value pairs for HSET, null as "". */
const pairs = (fields: Record<string, string | number | null>): RedisArg[] =>
  Object.entries(fields).flatMap(([k, v]) => [k, v === null ? '' : v]);

function caseOf(id: string, h: Flat): DeskCase {
  return {
    id,
    lookupHash: orNull(h.lookup),
    receivedDay: h.day!,
    status: h.status as DeskCase['status'],
    closeReason: orNull(h.reason) as DeskCase['closeReason'],
    assignee: orNull(h.assignee),
    labels: JSON.parse(h.labels ?? '[]') as DeskCase['labels'],
    keepUntilDay: orNull(h.keep),
    messages: Number(h.messages),
  };
}

function officerOf(id: string, h: Flat): Officer {
  return {
    id,
    name: h.name!,
    role: h.role as Officer['role'],
    keyFingerprint: orNull(h.key),
    addedDay: h.added!,
    revokedDay: orNull(h.revoked),
  };
}

function credentialOf(id: string, h: Flat): Credential {
  return {
    id,
    officerId: h.officer!,
    publicKey: h.publicKey!,
    counter: Number(h.counter),
    transports: JSON.parse(h.transports ?? '[]') as string[],
    addedDay: h.added!,
    lastUsedDay: orNull(h.used),
  };
}

export function createRedisDeskStore(redis: RedisClient, options: RedisDeskStoreOptions = {}): DeskStore {
  const p = `${options.prefix ?? 'tipline:'}desk:`;
  const key = {
    case: (id: string) => `${p}case:${id}`,
    cases: `${p}cases`,
    caseN: `${p}case-n`,
    keep: `${p}keep`,
    lookup: (hash: string) => `${p}lookup:${hash}`,
    msgs: (id: string) => `${p}msgs:${id}`,
    officer: (id: string) => `${p}officer:${id}`,
    officers: `${p}officers`,
    cred: (id: string) => `${p}cred:${id}`,
    creds: (officerId: string) => `${p}creds:${officerId}`,
    session: (hash: string) => `${p}session:${hash}`,
    sessions: (officerId: string) => `${p}sessions:${officerId}`,
    challenge: (hash: string) => `${p}challenge:${hash}`,
    invite: (hash: string) => `${p}invite:${hash}`,
    audit: `${p}audit`,
    auditHead: `${p}audit-head`,
  };
  const headText = (head: AuditHead) => `${head.seq}:${head.hash}`;

  const hashes = async (keys: string[]): Promise<Flat[]> =>
    keys.length === 0 ? [] : ((await redis.evalScript(HGETALL_EACH, keys, [])) as unknown[]).map(flat);

  const take = async (k: string): Promise<string | null> => {
    const v = await redis.evalScript(TAKE, [k], []);
    return typeof v === 'string' ? v : null;
  };

  const deleteMembers = async (setKey: string, memberKey: (id: string) => string): Promise<number> => {
    const members = ((await redis.call('SMEMBERS', setKey)) as string[]).map(String);
    return Number(await redis.evalScript(DELETE_MEMBERS, [setKey, ...members.map(memberKey)], []));
  };

  return {
    async createCase(c: NewCase): Promise<boolean> {
      const message = JSON.stringify({ kind: 'tip', day: c.day, body: c.body, record: null, author: null });
      const lookupKey = c.lookupHash ? key.lookup(c.lookupHash) : key.case(c.id);
      const created = await redis.evalScript(
        CREATE_CASE,
        [key.case(c.id), key.cases, key.caseN, key.msgs(c.id), lookupKey],
        [c.id, c.lookupHash ?? '', c.day, message],
      );
      return Number(created) === 1;
    },

    async getCase(id: string): Promise<DeskCase | null> {
      const h = flat(await redis.call('HGETALL', key.case(id)));
      return h.status ? caseOf(id, h) : null;
    },

    async caseIdByLookup(lookupHash: string): Promise<string | null> {
      const id = await redis.call('GET', key.lookup(lookupHash));
      return typeof id === 'string' ? id : null;
    },

    async listCases(filter: CaseFilter, cursor: string | null, limit: number): Promise<CasePage> {
      const size = Math.max(1, Math.floor(limit));
      // Newest first from the cursor, filtered here; the scan is bounded per call, so a rare filter pages on.
      let max = cursor !== null && /^\d+$/.test(cursor) ? `(${cursor}` : '+inf';
      const cases: DeskCase[] = [];
      let scanned = 0;
      let lastN: string | null = null;
      while (cases.length < size && scanned < 2_000) {
        const batch = (
          (await redis.call('ZREVRANGEBYSCORE', key.cases, max, '-inf', 'WITHSCORES', 'LIMIT', 0, 100)) as string[]
        ).map(String);
        if (batch.length === 0) return { cases, next: null };
        const ids = batch.filter((_, i) => i % 2 === 0);
        const found = await hashes(ids.map(key.case));
        for (let i = 0; i < ids.length && cases.length < size; i++) {
          lastN = batch[2 * i + 1]!;
          scanned++;
          const h = found[i]!;
          if (!h.status) continue;
          const c = caseOf(ids[i]!, h);
          if (filter.status && c.status !== filter.status) continue;
          if (filter.assignee && c.assignee !== filter.assignee) continue;
          if (filter.label && !c.labels.includes(filter.label)) continue;
          cases.push(c);
        }
        max = `(${lastN}`;
      }
      // One look past the page: is anything left?
      const rest = (await redis.call('ZREVRANGEBYSCORE', key.cases, max, '-inf', 'LIMIT', 0, 1)) as string[];
      return { cases, next: rest.length > 0 ? lastN : null };
    },

    async updateCase(id: string, patch: CasePatch): Promise<DeskCase | null> {
      const fields: Record<string, string | number | null> = {};
      if (patch.status !== undefined) fields.status = patch.status;
      if (patch.closeReason !== undefined) fields.reason = patch.closeReason;
      if (patch.assignee !== undefined) fields.assignee = patch.assignee;
      if (patch.labels !== undefined) fields.labels = JSON.stringify(patch.labels);
      if (patch.keepUntilDay !== undefined) fields.keep = patch.keepUntilDay;
      const keep =
        patch.keepUntilDay === undefined ? '' : patch.keepUntilDay === null ? '-' : dayScore(patch.keepUntilDay);
      const reply = await redis.evalScript(UPDATE_CASE, [key.case(id), key.keep], [id, keep, ...pairs(fields)]);
      return reply ? caseOf(id, flat(reply)) : null;
    },

    async addMessage(caseId: string, m: NewMessage): Promise<number | null> {
      const body = JSON.stringify({ kind: m.kind, day: m.day, body: m.body, record: m.record, author: m.author });
      const seq = Number(await redis.evalScript(ADD_MESSAGE, [key.case(caseId), key.msgs(caseId)], [body]));
      return seq < 0 ? null : seq;
    },

    async addMessageAt(caseId: string, seq: number, m: NewMessage): Promise<AddedAt> {
      const body = JSON.stringify({ kind: m.kind, day: m.day, body: m.body, record: m.record, author: m.author });
      const result = Number(
        await redis.evalScript(ADD_MESSAGE_AT, [key.case(caseId), key.msgs(caseId)], [body, String(seq), m.kind]),
      );
      return result === 1 ? 'added' : result === 0 ? 'taken' : result === -2 ? 'no-thread' : 'no-case';
    },

    async messages(caseId: string): Promise<DeskMessage[]> {
      const list = (await redis.call('LRANGE', key.msgs(caseId), 0, -1)) as string[];
      return list.flatMap((json, seq) =>
        String(json) === deletedMessage ? [] : [{ caseId, seq, ...(JSON.parse(String(json)) as NewMessage) }],
      );
    },

    async deleteMessage(caseId: string, seq: number, kind: MessageKind): Promise<boolean> {
      if (!Number.isSafeInteger(seq) || seq < 0) return false;
      const json = (await redis.call('LINDEX', key.msgs(caseId), seq)) as string | null;
      if (json === null || String(json) === deletedMessage) return false;
      if ((JSON.parse(String(json)) as NewMessage).kind !== kind) return false;
      const args = [String(seq), String(json), deletedMessage];
      return Number(await redis.evalScript(DELETE_MESSAGE, [key.msgs(caseId)], args)) === 1;
    },

    async deleteCase(id: string): Promise<boolean> {
      const lookup = (await redis.call('HGET', key.case(id), 'lookup')) as string | null;
      const lookupKey = lookup ? key.lookup(lookup) : key.case(id);
      const keys = [key.case(id), key.msgs(id), key.cases, key.keep, lookupKey];
      return Number(await redis.evalScript(DELETE_CASE, keys, [id])) === 1;
    },

    async casesExpiredBefore(day: string): Promise<string[]> {
      return ((await redis.call('ZRANGEBYSCORE', key.keep, '-inf', `(${dayScore(day)}`)) as string[]).map(String);
    },

    async addOfficer(o: Officer): Promise<boolean> {
      const fields = pairs({
        name: o.name,
        role: o.role,
        key: o.keyFingerprint,
        added: o.addedDay,
        revoked: o.revokedDay,
      });
      return Number(await redis.evalScript(ADD_NEW_HASH, [key.officer(o.id), key.officers], [o.id, ...fields])) === 1;
    },

    async getOfficer(id: string): Promise<Officer | null> {
      const h = flat(await redis.call('HGETALL', key.officer(id)));
      return h.role ? officerOf(id, h) : null;
    },

    async listOfficers(): Promise<Officer[]> {
      const ids = ((await redis.call('SMEMBERS', key.officers)) as string[]).map(String);
      const found = await hashes(ids.map(key.officer));
      return ids
        .flatMap((id, i) => (found[i]!.role ? [officerOf(id, found[i]!)] : []))
        .sort((a, b) => a.addedDay.localeCompare(b.addedDay) || a.id.localeCompare(b.id));
    },

    async updateOfficer(id: string, patch: OfficerPatch): Promise<Officer | null> {
      const fields: Record<string, string | null> = {};
      if (patch.role !== undefined) fields.role = patch.role;
      if (patch.revokedDay !== undefined) fields.revoked = patch.revokedDay;
      const reply = await redis.evalScript(UPDATE_HASH, [key.officer(id)], pairs(fields));
      return reply ? officerOf(id, flat(reply)) : null;
    },

    async addCredential(c: Credential): Promise<boolean> {
      const fields = pairs({
        officer: c.officerId,
        publicKey: c.publicKey,
        counter: c.counter,
        transports: JSON.stringify(c.transports),
        added: c.addedDay,
        used: c.lastUsedDay,
      });
      return (
        Number(await redis.evalScript(ADD_NEW_HASH, [key.cred(c.id), key.creds(c.officerId)], [c.id, ...fields])) === 1
      );
    },

    async getCredential(id: string): Promise<Credential | null> {
      const h = flat(await redis.call('HGETALL', key.cred(id)));
      return h.officer ? credentialOf(id, h) : null;
    },

    async credentialsOf(officerId: string): Promise<Credential[]> {
      const ids = ((await redis.call('SMEMBERS', key.creds(officerId))) as string[]).map(String);
      const found = await hashes(ids.map(key.cred));
      return ids
        .flatMap((id, i) => (found[i]!.officer ? [credentialOf(id, found[i]!)] : []))
        .sort((a, b) => a.addedDay.localeCompare(b.addedDay) || a.id.localeCompare(b.id));
    },

    async credentialUsed(id: string, counter: number, day: string): Promise<void> {
      await redis.evalScript(UPDATE_HASH, [key.cred(id)], ['counter', counter, 'used', day]);
    },

    async removeCredentialsOf(officerId: string): Promise<number> {
      return deleteMembers(key.creds(officerId), key.cred);
    },

    async removeCredential(officerId: string, id: string): Promise<'removed' | 'last' | 'not-found'> {
      const result = Number(
        await redis.evalScript(REMOVE_CREDENTIAL, [key.cred(id), key.creds(officerId)], [id, officerId]),
      );
      return result === 1 ? 'removed' : result === 0 ? 'last' : 'not-found';
    },

    async createSession(s: Session): Promise<void> {
      const fields = pairs({ officer: s.officerId, csrf: s.csrfHash, created: s.createdAt, expires: s.expiresAt });
      const life = ttl(s.expiresAt, s.createdAt);
      await redis.evalScript(
        CREATE_SESSION,
        [key.session(s.tokenHash), key.sessions(s.officerId)],
        [s.tokenHash, life, ...fields],
      );
    },

    async getSession(tokenHash: string, now: number): Promise<Session | null> {
      const h = flat(await redis.call('HGETALL', key.session(tokenHash)));
      if (!h.officer || Number(h.expires) <= now) return null;
      return {
        tokenHash,
        officerId: h.officer,
        csrfHash: h.csrf!,
        createdAt: Number(h.created),
        expiresAt: Number(h.expires),
      };
    },

    async touchSession(tokenHash: string, expiresAt: number, now: number): Promise<void> {
      await redis.evalScript(TOUCH_SESSION, [key.session(tokenHash)], [expiresAt, now, ttl(expiresAt, now)]);
    },

    async deleteSession(tokenHash: string): Promise<void> {
      await redis.call('DEL', key.session(tokenHash));
    },

    async deleteSessionsOf(officerId: string): Promise<number> {
      return deleteMembers(key.sessions(officerId), key.session);
    },

    async putChallenge(c: Challenge, now: number): Promise<void> {
      await redis.call('SET', key.challenge(c.hash), JSON.stringify(c), 'PX', ttl(c.expiresAt, now));
    },

    async takeChallenge(hash: string, now: number): Promise<Challenge | null> {
      const v = await take(key.challenge(hash));
      const c = v ? (JSON.parse(v) as Challenge) : null;
      return c && c.expiresAt > now ? c : null;
    },

    async putInvitation(i: Invitation, now: number): Promise<void> {
      await redis.call('SET', key.invite(i.tokenHash), JSON.stringify(i), 'PX', ttl(i.expiresAt, now));
    },

    async getInvitation(tokenHash: string, now: number): Promise<Invitation | null> {
      const v = await redis.call('GET', key.invite(tokenHash));
      const i = typeof v === 'string' ? (JSON.parse(v) as Invitation) : null;
      return i && i.expiresAt > now ? i : null;
    },

    async takeInvitation(tokenHash: string, now: number): Promise<Invitation | null> {
      const v = await take(key.invite(tokenHash));
      const i = v ? (JSON.parse(v) as Invitation) : null;
      return i && i.expiresAt > now ? i : null;
    },

    async sweep(): Promise<number> {
      return 0; // Redis expires sessions, challenges and invitations by their TTL
    },

    async auditHead(): Promise<AuditHead> {
      const v = await redis.call('GET', key.auditHead);
      if (typeof v !== 'string') return { seq: 0, hash: genesisHash };
      const [seq, hash] = v.split(':');
      return { seq: Number(seq), hash: hash! };
    },

    async appendAudit(e: AuditEntry): Promise<boolean> {
      const expected = headText({ seq: e.seq - 1, hash: e.prevHash });
      const next = headText({ seq: e.seq, hash: e.hash });
      const genesis = headText({ seq: 0, hash: genesisHash });
      return (
        Number(
          await redis.evalScript(
            APPEND_AUDIT,
            [key.audit, key.auditHead],
            [expected, JSON.stringify(e), next, genesis],
          ),
        ) === 1
      );
    },

    async readAudit(fromSeq: number, limit: number): Promise<AuditEntry[]> {
      const from = Math.max(1, Math.floor(fromSeq));
      const list = (await redis.call(
        'LRANGE',
        key.audit,
        from - 1,
        from - 2 + Math.max(1, Math.floor(limit)),
      )) as string[];
      return list.map((json) => JSON.parse(String(json)) as AuditEntry);
    },

    async close(): Promise<void> {
      // The Redis client belongs to whoever made it (shared with the queue and the limiter).
    },
  };
}
