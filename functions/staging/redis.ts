// Upload staging in Redis, for serverless functions and several Node processes: any instance may receive any part.
//
// Layout (P = key prefix, default "tipline:"): one hash per upload, P upload:<id>, with fields
//   parts, bytes   the plan fixed by the first request
//   p:<index>      that part of the binary ciphertext, as base64
//   w:<index>      how many times that part was sent (at most maxPartWrites are stored)
// and a TTL set when the upload is opened (never extended): Redis deletes an abandoned upload by itself. The id is
// random and drawn by the server; no key or value holds an address or a time.
// Every change is one Lua script touching only its one key (Upstash's rule for scripts), so a part can never
// recreate an expired upload without a TTL, and of two concurrent "complete" requests only one gets the parts.
import {
  defaultUploadTtlMs,
  type PutPartResult,
  type TakenUpload,
  type UploadPlan,
  type UploadStaging,
} from '../ports.ts';
import type { RedisClient } from '../redis/client.ts';
import { serverLimits } from '../http/limits.ts';
import { defaultRedisPrefix } from '../redis/settings.ts';

export interface RedisStagingOptions {
  prefix?: string;
  /** How long an upload may take from its first request to its last; default one hour. */
  ttlMs?: number;
  /** How many times one part may be stored (serverLimits.partWrites by default). */
  maxPartWrites?: number;
}

const OPEN = `
if redis.call('EXISTS', KEYS[1]) == 1 then return 0 end
redis.call('HSET', KEYS[1], 'parts', ARGV[1], 'bytes', ARGV[2])
redis.call('PEXPIRE', KEYS[1], ARGV[3])
return 1
`;

const PUT = `
local n = tonumber(redis.call('HGET', KEYS[1], 'parts'))
if not n then return 'unknown' end
local i = tonumber(ARGV[1])
if not i or i < 0 or i >= n then return 'out-of-range' end
if redis.call('HINCRBY', KEYS[1], 'w:' .. ARGV[1], 1) > tonumber(ARGV[3]) then return 'too-many-writes' end
redis.call('HSET', KEYS[1], 'p:' .. ARGV[1], ARGV[2])
return 'stored'
`;

const TAKE = `
local n = tonumber(redis.call('HGET', KEYS[1], 'parts'))
if not n then return {'unknown'} end
local missing = {'incomplete'}
for i = 0, n - 1 do
  if redis.call('HEXISTS', KEYS[1], 'p:' .. i) == 0 then missing[#missing + 1] = tostring(i) end
end
if #missing > 1 then return missing end
local out = {'complete'}
for i = 0, n - 1 do out[#out + 1] = redis.call('HGET', KEYS[1], 'p:' .. i) end
redis.call('DEL', KEYS[1])
return out
`;

const idPattern = /^[A-Za-z0-9_-]{1,64}$/;

export function createRedisUploadStaging(redis: RedisClient, options: RedisStagingOptions = {}): UploadStaging {
  const prefix = options.prefix ?? defaultRedisPrefix;
  const ttlMs = Math.max(1, Math.round(options.ttlMs ?? defaultUploadTtlMs));
  const maxPartWrites = options.maxPartWrites ?? serverLimits.partWrites;
  const key = (id: string) => {
    // Ids come from the server, but the routes pass whatever the URL says: nothing odd goes into a key.
    if (!idPattern.test(id)) throw new RangeError('invalid upload id');
    return `${prefix}upload:${id}`;
  };

  return {
    async open(id: string, plan: UploadPlan): Promise<void> {
      const created = await redis.evalScript(OPEN, [key(id)], [plan.parts, plan.bytes, ttlMs]);
      if (Number(created) !== 1) throw new Error('upload id already in use');
    },

    async plan(id: string): Promise<UploadPlan | null> {
      if (!idPattern.test(id)) return null;
      const reply = (await redis.call('HMGET', key(id), 'parts', 'bytes')) as Array<string | null>;
      if (!reply?.[0] || !reply[1]) return null;
      return { parts: Number(reply[0]), bytes: Number(reply[1]) };
    },

    async putPart(id: string, index: number, data: string): Promise<PutPartResult> {
      if (!idPattern.test(id)) return 'unknown';
      if (!Number.isInteger(index) || index < 0) return 'out-of-range';
      return String(await redis.evalScript(PUT, [key(id)], [index, data, maxPartWrites])) as PutPartResult;
    },

    async take(id: string): Promise<TakenUpload> {
      if (!idPattern.test(id)) return { status: 'unknown' };
      const [status, ...rest] = (await redis.evalScript(TAKE, [key(id)], [])) as string[];
      if (status === 'complete') return { status, base64: rest.join('') };
      if (status === 'incomplete') return { status, missing: rest.map(Number) };
      return { status: 'unknown' };
    },

    async discard(id: string): Promise<void> {
      if (idPattern.test(id)) await redis.call('DEL', key(id));
    },

    async sweep(): Promise<number> {
      return 0; // Redis expires uploads by their TTL
    },

    async close(): Promise<void> {
      // The connection belongs to the caller (shared with the queue).
    },
  };
}
