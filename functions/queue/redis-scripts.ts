// The Redis queue's Lua scripts (queue/redis.ts holds the key layout and the adapter that runs them). Every state
// change is one script, atomic, touching only the keys it is given (Upstash's rule for scripts).

// Receipt bookkeeping shared by the scripts: a code may (rarely) be reused by a tipster for a second tip; it says
// "delivered" (or "undeliverable") only when no tip under it is left waiting. `final` is the status the last one
// leaves behind, or '' to forget the code.
const RECEIPTS = `
local function receipt_add(key, ttl)
  local n = tonumber(redis.call('GET', key)) or 0
  redis.call('SET', key, n + 1, 'EX', ttl)
end
local function receipt_done(key, ttl, final)
  local n = tonumber(redis.call('GET', key))
  if n and n > 1 then
    redis.call('SET', key, n - 1, 'EX', ttl)
  elseif final ~= '' then
    redis.call('SET', key, final, 'EX', ttl)
  else
    redis.call('DEL', key)
  end
end
`;

export const ENQUEUE =
  RECEIPTS +
  `
local S, BODY, ATTEMPTS, RECEIPTOF, WHERE, RECEIPT = KEYS[1], KEYS[2], KEYS[3], KEYS[4], KEYS[5], KEYS[6]
local id = ARGV[1]
if redis.call('HEXISTS', BODY, id) == 1 then return 0 end
redis.call('HSET', BODY, id, ARGV[2])
redis.call('HSET', ATTEMPTS, id, 0)
redis.call('HSET', RECEIPTOF, id, ARGV[3])
local entry = redis.call('XADD', S, '0-*', 'id', id)
redis.call('HSET', WHERE, id, 's:' .. entry)
receipt_add(RECEIPT, ARGV[4])
return 1
`;

export const CLAIM = `
local S, DELAYED, LEASE, BODY, ATTEMPTS, WHERE = KEYS[1], KEYS[2], KEYS[3], KEYS[4], KEYS[5], KEYS[6]
local group, consumer = ARGV[1], ARGV[2]
local now, leaseUntil, limit = tonumber(ARGV[3]), tonumber(ARGV[4]), tonumber(ARGV[5])
-- 1. retries whose time has come get a new ticket
for _, id in ipairs(redis.call('ZRANGEBYSCORE', DELAYED, '-inf', now, 'LIMIT', 0, 1000)) do
  local entry = redis.call('XADD', S, '0-*', 'id', id)
  redis.call('HSET', WHERE, id, 's:' .. entry)
  redis.call('ZREM', DELAYED, id)
end
local out = {}
local function take(id, entryId)
  local body = redis.call('HGET', BODY, id)
  if body and redis.call('HGET', WHERE, id) == 's:' .. entryId then
    redis.call('ZADD', LEASE, leaseUntil, id)
    table.insert(out, id)
    table.insert(out, body)
    table.insert(out, redis.call('HGET', ATTEMPTS, id) or '0')
  else
    -- a stale ticket (its tip was delivered, retried or purged meanwhile): drop it
    redis.call('XACK', S, group, entryId)
    redis.call('XDEL', S, entryId)
    redis.call('ZREM', LEASE, id)
  end
end
-- 2. tickets whose lease ran out: the claimer died or gave up; take them over
for _, id in ipairs(redis.call('ZRANGEBYSCORE', LEASE, '-inf', now, 'LIMIT', 0, limit)) do
  local where = redis.call('HGET', WHERE, id)
  if where and string.sub(where, 1, 2) == 's:' then
    local entryId = string.sub(where, 3)
    redis.call('XCLAIM', S, group, consumer, 0, entryId, 'JUSTID')
    take(id, entryId)
  else
    redis.call('ZREM', LEASE, id)
  end
end
-- 3. tickets never handed out, oldest first
local room = limit - #out / 3
if room > 0 then
  local r = redis.call('XREADGROUP', 'GROUP', group, consumer, 'COUNT', room, 'STREAMS', S, '>')
  if r then
    for _, e in ipairs(r[1][2]) do take(e[2][2], e[1]) end
  end
end
return out
`;

// Removes the tip from wherever it is (stream ticket, retry schedule or dead letters). ARGV[1] is the tip id.
const LEAVE = `
local function leave(S, DELAYED, LEASE, DEAD, where, group)
  local kind, entry = string.sub(where, 1, 1), string.sub(where, 3)
  if kind == 's' then
    redis.call('XACK', S, group, entry)
    redis.call('XDEL', S, entry)
  elseif kind == 'd' then
    redis.call('ZREM', DELAYED, ARGV[1])
  elseif kind == 'x' or kind == 'u' then
    redis.call('XDEL', DEAD, entry)
  end
  redis.call('ZREM', LEASE, ARGV[1])
end
`;

// Deletes everything kept about a tip but its stream entries and its receipt.
const FORGET = `
local function forget(id, BODY, ATTEMPTS, RECEIPTOF, WHERE, REASON)
  redis.call('HDEL', BODY, id)
  redis.call('HDEL', ATTEMPTS, id)
  redis.call('HDEL', RECEIPTOF, id)
  redis.call('HDEL', WHERE, id)
  redis.call('HDEL', REASON, id)
end
`;

export const DELIVERED =
  RECEIPTS +
  LEAVE +
  FORGET +
  `
local S, DELAYED, LEASE, DEAD, BODY, ATTEMPTS, RECEIPTOF, WHERE, REASON, RECEIPT =
  KEYS[1], KEYS[2], KEYS[3], KEYS[4], KEYS[5], KEYS[6], KEYS[7], KEYS[8], KEYS[9], KEYS[10]
local id = ARGV[1]
local where = redis.call('HGET', WHERE, id)
if not where then return 0 end
leave(S, DELAYED, LEASE, DEAD, where, ARGV[2])
forget(id, BODY, ATTEMPTS, RECEIPTOF, WHERE, REASON)
if RECEIPT then receipt_done(RECEIPT, ARGV[3], 'delivered') end
return 1
`;

export const RETRY =
  LEAVE +
  `
local S, DELAYED, LEASE, DEAD, ATTEMPTS, WHERE, REASON = KEYS[1], KEYS[2], KEYS[3], KEYS[4], KEYS[5], KEYS[6], KEYS[7]
local id = ARGV[1]
local where = redis.call('HGET', WHERE, id)
-- only a tip that is out for delivery can fail a delivery
if not where or string.sub(where, 1, 1) ~= 's' then return 0 end
leave(S, DELAYED, LEASE, DEAD, where, ARGV[2])
redis.call('HINCRBY', ATTEMPTS, id, 1)
redis.call('ZADD', DELAYED, ARGV[3], id)
redis.call('HSET', WHERE, id, 'd')
redis.call('HSET', REASON, id, ARGV[4])
return 1
`;

// ARGV[4] = '1': undeliverable; then KEYS[8] is its receipt key (when it has one) and ARGV[5] the receipt TTL.
export const DEAD_LETTER =
  RECEIPTS +
  LEAVE +
  `
local S, DELAYED, LEASE, DEAD, ATTEMPTS, WHERE, REASON, RECEIPT =
  KEYS[1], KEYS[2], KEYS[3], KEYS[4], KEYS[5], KEYS[6], KEYS[7], KEYS[8]
local id = ARGV[1]
local undeliverable = ARGV[4] == '1'
local where = redis.call('HGET', WHERE, id)
if not where then return 0 end
local kind = string.sub(where, 1, 1)
if kind == 'u' or (kind == 'x' and not undeliverable) then return 0 end
leave(S, DELAYED, LEASE, DEAD, where, ARGV[2])
if kind == 's' then redis.call('HINCRBY', ATTEMPTS, id, 1) end
local entry = redis.call('XADD', DEAD, '0-*', 'id', id, 'reason', ARGV[3])
redis.call('HSET', WHERE, id, (undeliverable and 'u:' or 'x:') .. entry)
redis.call('HSET', REASON, id, ARGV[3])
if undeliverable and RECEIPT then receipt_done(RECEIPT, ARGV[5], 'undeliverable') end
return 1
`;

// After LIST_DEAD. KEYS: the fixed keys, then one receipt key per tip; ARGV: ttl, then (dead entry id, tip id) per
// tip. An undeliverable tip's code counts it as waiting again.
export const RETRY_DEAD =
  RECEIPTS +
  `
local S, DEAD, ATTEMPTS, WHERE, REASON = KEYS[1], KEYS[2], KEYS[3], KEYS[4], KEYS[5]
local moved = 0
for i = 2, #ARGV, 2 do
  local entryId, id = ARGV[i], ARGV[i + 1]
  local where = redis.call('HGET', WHERE, id)
  if where == 'x:' .. entryId or where == 'u:' .. entryId then
    redis.call('XDEL', DEAD, entryId)
    local entry = redis.call('XADD', S, '0-*', 'id', id)
    redis.call('HSET', WHERE, id, 's:' .. entry)
    redis.call('HSET', ATTEMPTS, id, 0)
    redis.call('HDEL', REASON, id)
    local receipt = KEYS[5 + i / 2]
    if string.sub(where, 1, 1) == 'u' and receipt and receipt ~= '' then receipt_add(receipt, ARGV[1]) end
    moved = moved + 1
  end
end
return moved
`;

// First step of a purge or a retry: which dead letters there are, with their receipt hashes (their receipt keys
// must be named to the second step, which does the work).
export const LIST_DEAD = `
local out = {}
for _, e in ipairs(redis.call('XRANGE', KEYS[1], '-', '+')) do
  local id = e[2][2]
  table.insert(out, e[1])
  table.insert(out, id)
  table.insert(out, redis.call('HGET', KEYS[2], id) or '')
end
return out
`;

// KEYS: the fixed keys, then one receipt key per tip; ARGV: ttl, then (dead entry id, tip id) per tip.
export const PURGE_DEAD =
  RECEIPTS +
  FORGET +
  `
local DEAD, BODY, ATTEMPTS, RECEIPTOF, WHERE, REASON = KEYS[1], KEYS[2], KEYS[3], KEYS[4], KEYS[5], KEYS[6]
local purged = 0
for i = 2, #ARGV, 2 do
  local entryId, id = ARGV[i], ARGV[i + 1]
  local where = redis.call('HGET', WHERE, id)
  if where == 'x:' .. entryId or where == 'u:' .. entryId then
    redis.call('XDEL', DEAD, entryId)
    forget(id, BODY, ATTEMPTS, RECEIPTOF, WHERE, REASON)
    -- an undeliverable tip's code keeps saying so; a waiting one's is forgotten
    local receipt = KEYS[6 + i / 2]
    if string.sub(where, 1, 1) == 'x' and receipt and receipt ~= '' then receipt_done(receipt, ARGV[1], '') end
    purged = purged + 1
  end
end
return purged
`;

export const COUNTS = `
return {redis.call('XLEN', KEYS[1]) + redis.call('ZCARD', KEYS[2]), redis.call('XLEN', KEYS[3])}
`;
