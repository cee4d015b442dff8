// The limiter's Lua scripts. Each runs atomically in Redis, so one round trip decides a request against every
// limit that applies to it, whatever the number of gateway instances. Time comes from Redis (TIME), so instances
// with skewed clocks agree. All keys of one call share a tenant's hash tag (Redis Cluster: one slot).
//
// Rate limits are GCRA buckets (the token bucket of OpenAI and Anthropic, stored as one number): a bucket of
// `limit` units refilling evenly over `window` ms keeps its "theoretical arrival time" (tat, epoch ms). A cost c
// fits if max(tat, now) + c * window / limit - window <= now. A full bucket is a missing key.

/**
 * KEYS: one per check. ARGV: member (request id), lease ttl ms, then four per check: kind, limit, cost, window.
 *   kind r (rate): limit units per window ms, cost units.
 *   kind c (concurrency): at most limit leases; the request's lease expires after the ttl unless renewed.
 *   kind b (budget): limit = cap in micros, cost 1 = blocking, 0 = warn only; the key is a spend counter.
 * Returns { admitted 0|1, index of the binding failed check (1-based) or 0, retry-after ms (-1 = never, -2 =
 * until the budget period ends), then per check: remaining, ms until full }.
 * Nothing is written unless every check passes.
 */
export const ADMIT_SCRIPT = `
local time = redis.call('TIME')
local now = tonumber(time[1]) * 1000 + math.floor(tonumber(time[2]) / 1000)
local member = ARGV[1]
local leaseTtl = tonumber(ARGV[2])
local count = #KEYS
local failed, retry = 0, 0
local nextTat, remainingIf, remainingNow, resetIf, resetNow = {}, {}, {}, {}, {}
-- The binding failure is the longest wait: never (-1), then a budget (-2, until its period ends), then the most ms.
local function rank(wait)
  if wait == -1 then return 4e18 elseif wait == -2 then return 3e18 else return wait end
end
local function fail(index, wait)
  if failed == 0 or rank(wait) > rank(retry) then failed, retry = index, wait end
end
for i = 1, count do
  local a = 3 + (i - 1) * 4
  local kind, limit, cost, window = ARGV[a], tonumber(ARGV[a + 1]), tonumber(ARGV[a + 2]), tonumber(ARGV[a + 3])
  if kind == 'r' then
    local interval = window / limit
    local tat = tonumber(redis.call('GET', KEYS[i]) or now)
    if tat < now then tat = now end
    local after = tat + cost * interval
    nextTat[i] = after
    if cost > limit then fail(i, -1) elseif after - window > now then fail(i, math.ceil(after - window - now)) end
    remainingNow[i] = math.floor((window - (tat - now)) / interval + 1e-9)
    remainingIf[i] = math.max(0, math.floor((window - (after - now)) / interval + 1e-9))
    resetNow[i] = math.ceil(tat - now)
    resetIf[i] = math.ceil(after - now)
  elseif kind == 'c' then
    redis.call('ZREMRANGEBYSCORE', KEYS[i], '-inf', now)
    local inUse = redis.call('ZCARD', KEYS[i])
    if inUse >= limit then
      local first = redis.call('ZRANGE', KEYS[i], 0, 0, 'WITHSCORES')
      fail(i, math.max(1, math.min(1000, math.ceil(tonumber(first[2]) - now))))
    end
    remainingNow[i] = math.max(0, limit - inUse)
    remainingIf[i] = math.max(0, limit - inUse - 1)
    resetNow[i], resetIf[i] = 0, 0
  else
    local spent = tonumber(redis.call('GET', KEYS[i]) or '0')
    if cost == 1 and spent >= limit then fail(i, -2) end
    remainingNow[i] = math.max(0, limit - spent)
    remainingIf[i] = remainingNow[i]
    resetNow[i], resetIf[i] = 0, 0
  end
end
local out = { failed == 0 and 1 or 0, failed, retry }
for i = 1, count do
  local a = 3 + (i - 1) * 4
  local kind = ARGV[a]
  if failed == 0 then
    if kind == 'r' and tonumber(ARGV[a + 2]) > 0 then
      redis.call('SET', KEYS[i], tostring(nextTat[i]), 'PX', math.ceil(nextTat[i] - now) + 1000)
    elseif kind == 'c' then
      redis.call('ZADD', KEYS[i], now + leaseTtl, member)
      redis.call('PEXPIRE', KEYS[i], leaseTtl * 2)
    end
    out[#out + 1] = remainingIf[i]
    out[#out + 1] = resetIf[i]
  else
    out[#out + 1] = remainingNow[i]
    out[#out + 1] = resetNow[i]
  end
end
return out
`;

/**
 * Settles a request. KEYS: one per entry. ARGV: member, then three per entry: kind, delta, interval.
 *   kind t: give back (negative delta) or charge (positive) units of a rate bucket of `interval` ms per unit.
 *   kind c: release the request's lease.
 */
export const SETTLE_SCRIPT = `
local time = redis.call('TIME')
local now = tonumber(time[1]) * 1000 + math.floor(tonumber(time[2]) / 1000)
local member = ARGV[1]
for i = 1, #KEYS do
  local a = 2 + (i - 1) * 3
  local kind, delta, interval = ARGV[a], tonumber(ARGV[a + 1]), tonumber(ARGV[a + 2])
  if kind == 't' then
    if delta ~= 0 then
      local tat = tonumber(redis.call('GET', KEYS[i]) or now)
      if tat < now then tat = now end
      local after = tat + delta * interval
      if after > now then
        redis.call('SET', KEYS[i], tostring(after), 'PX', math.ceil(after - now) + 1000)
      else
        redis.call('DEL', KEYS[i])
      end
    end
  else
    redis.call('ZREM', KEYS[i], member)
  end
end
return #KEYS
`;

/** Extends leases of requests still in flight. KEYS: lease sets. ARGV: ttl ms, then one member per key. */
export const RENEW_SCRIPT = `
local time = redis.call('TIME')
local now = tonumber(time[1]) * 1000 + math.floor(tonumber(time[2]) / 1000)
local ttl = tonumber(ARGV[1])
for i = 1, #KEYS do
  redis.call('ZADD', KEYS[i], 'XX', now + ttl, ARGV[i + 1])
  redis.call('PEXPIRE', KEYS[i], ttl * 2)
end
return #KEYS
`;
