import { createHash } from "node:crypto";

/**
 * The Lua script that keeps one org budget's buckets in Redis, run atomically by `EVALSHA` (Redis 5 or later).
 * The same rules as the in-memory buckets: burst less one token of headroom, refill at the (slowed) rate,
 * tokens plus pending never over the capacity, a grant takes a token from every bucket of its kind only when
 * each has one, kinds take turns, a 429 halves the rate, empties the bucket and holds it for the `Retry-After`.
 * The clock is Redis's (`TIME`), so every process agrees on it.
 *
 * KEYS: the lease counter, then per bucket its hash and its pending set (a sorted set of leases by expiry).
 * ARGV: the operation (`take`, `settle`, `slow`), then a JSON argument.
 *
 * @internal
 */
export const bucketScript = `
if redis.replicate_commands then pcall(redis.replicate_commands) end
local op = ARGV[1]
local arg = cjson.decode(ARGV[2])
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + tonumber(t[2]) / 1000
local NEVER = -1e300
local ttl = arg.ttl
local B = {}
local recovered = {}
for i, spec in ipairs(arg.buckets) do
  local key = KEYS[2 * i]
  local pkey = KEYS[2 * i + 1]
  local f = redis.call('HMGET', key, 'tokens', 'updatedAt', 'factor', 'notBefore', 'slowedAt', 'heldBack', 'climbFrom')
  local b = { name = spec.name, key = key, pkey = pkey, capacity = spec.capacity, rate = spec.rate,
    recoveryMs = spec.recoveryMs }
  if f[1] then
    b.tokens = tonumber(f[1]); b.updatedAt = tonumber(f[2]); b.factor = tonumber(f[3])
    b.notBefore = tonumber(f[4]); b.slowedAt = tonumber(f[5]); b.heldBack = tonumber(f[6])
    b.climbFrom = tonumber(f[7])
  else
    b.tokens = spec.capacity; b.updatedAt = now; b.factor = 1; b.notBefore = 0; b.slowedAt = NEVER
    b.heldBack = 0; b.climbFrom = NEVER
  end
  redis.call('ZREMRANGEBYSCORE', pkey, '-inf', now)
  b.pending = redis.call('ZCARD', pkey)
  B[spec.name] = b
end

local function refill(b)
  local from = b.updatedAt
  local elapsed = now - from
  if elapsed <= 0 then return end
  b.updatedAt = now
  b.tokens = math.min(b.capacity - b.pending, b.tokens + elapsed * b.rate * b.factor)
  if b.factor < 1 then
    local climbing = now - math.max(from, b.climbFrom)
    if climbing > 0 then b.factor = math.min(1, b.factor + climbing / b.recoveryMs) end
    if b.factor >= 1 then recovered[#recovered + 1] = b.name end
  end
end

local function waitMs(b)
  local debt = 0
  if b.tokens < 1 then debt = (1 - b.tokens) / (b.rate * b.factor) end
  return math.max(0, b.updatedAt - now) + debt
end

local function save(b)
  redis.call('HSET', b.key, 'tokens', b.tokens, 'updatedAt', b.updatedAt, 'factor', b.factor,
    'notBefore', b.notBefore, 'slowedAt', b.slowedAt, 'heldBack', b.heldBack, 'climbFrom', b.climbFrom)
  redis.call('PEXPIRE', b.key, ttl)
  if b.pending > 0 then redis.call('PEXPIRE', b.pkey, ttl) end
end

local function snapshot()
  local out = {}
  for name, b in pairs(B) do
    out[name] = { tokens = b.tokens, perMs = b.rate * b.factor, readyInMs = math.max(0, b.updatedAt - now),
      slowedAt = b.slowedAt }
  end
  return out
end

if op == 'take' then
  local waiting = {}
  for _, d in ipairs(arg.demands) do
    for _, name in ipairs(d.names) do
      if B[name] then waiting[name] = (waiting[name] or 0) + d.count end
    end
  end
  for name, b in pairs(B) do
    local w = waiting[name] or 0
    if now < b.notBefore then
      if w > b.heldBack then b.heldBack = w end
    elseif b.heldBack > 0 then
      local heldMs = math.max(0, b.notBefore - b.slowedAt)
      local count = math.min(b.heldBack, b.rate * heldMs)
      b.climbFrom = math.max(b.climbFrom, b.notBefore + count / (b.rate * b.factor))
      b.heldBack = 0
    end
    refill(b)
  end
  local left = {}
  local turn = {}
  for i, d in ipairs(arg.demands) do left[i] = d.count; turn[#turn + 1] = i end
  local order = {}
  local leases = {}
  while true do
    local at = nil
    for pos, i in ipairs(turn) do
      if left[i] > 0 then
        local ok = true
        for _, name in ipairs(arg.demands[i].names) do
          local b = B[name]
          if b and b.tokens < 1 - 1e-9 then ok = false; break end
        end
        if ok then at = pos; break end
      end
    end
    if not at then break end
    local i = table.remove(turn, at)
    turn[#turn + 1] = i
    local lease = tostring(redis.call('INCR', KEYS[1]))
    for _, name in ipairs(arg.demands[i].names) do
      local b = B[name]
      if b then
        b.tokens = b.tokens - 1
        b.pending = b.pending + 1
        redis.call('ZADD', b.pkey, now + arg.leaseMs, lease)
      end
    end
    left[i] = left[i] - 1
    order[#order + 1] = i - 1
    leases[#leases + 1] = lease
  end
  redis.call('PEXPIRE', KEYS[1], ttl)
  local wake = -1
  for i, d in ipairs(arg.demands) do
    if left[i] > 0 then
      local ms = 0
      for _, name in ipairs(d.names) do
        local b = B[name]
        if b then ms = math.max(ms, waitMs(b)) end
      end
      if wake < 0 or ms < wake then wake = ms end
    end
  end
  for _, b in pairs(B) do save(b) end
  return cjson.encode({ now = now, order = order, leases = leases, wake = wake, recovered = recovered,
    limits = snapshot() })
elseif op == 'settle' then
  for _, b in pairs(B) do
    if redis.call('ZREM', b.pkey, arg.lease) == 1 then
      refill(b)
      b.pending = b.pending - 1
    end
    save(b)
  end
  return cjson.encode({ now = now })
else
  local holdUntil = now + math.max(0, arg.holdMs)
  local slowed = {}
  for _, b in pairs(B) do
    refill(b)
    local same = arg.sentAt < b.slowedAt
    if not (same and holdUntil <= b.notBefore + 500) then
      if not same then b.factor = math.max(0.125, b.factor / 2) end
      b.slowedAt = now
      b.notBefore = math.max(b.notBefore, holdUntil)
      b.tokens = math.min(b.tokens, 0)
      b.updatedAt = math.max(b.updatedAt, b.notBefore)
      slowed[#slowed + 1] = { name = b.name, factor = b.factor }
    end
    save(b)
  end
  return cjson.encode({ now = now, slowed = slowed })
end
`;

/** SHA-1 of {@link bucketScript}, for `EVALSHA`. @internal */
export const bucketScriptSha = createHash("sha1").update(bucketScript).digest("hex");
