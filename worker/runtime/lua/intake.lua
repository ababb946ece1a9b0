-- intake: accept a batch of submissions atomically (all of it or, on an error such as
-- OOM at the first write, none of it).
--
-- KEYS[1]  inflight sorted set (id -> accept time)
-- KEYS[2]  unsent sorted set (id -> send deadline)
-- then, for item i = 0, 1, ...: KEYS[3+3i] ledger hash, KEYS[4+3i] raw payload string,
--          KEYS[5+3i] seen string (content sha -> ingest_id)
-- ARGV[1]  send_grace: seconds until the sweeper sends a message nobody confirmed
-- ARGV[2]  dedup: seconds the seen key lives (the duplicate window)
-- ARGV[3]  F, the number of ledger fields each item brings; ARGV[4 .. 3+F] their names
-- then, for item i (2+F args each, from b = 4+F+(2+F)i): ARGV[b] ingest_id, ARGV[b+1] force
--          ('1' or '0'), ARGV[b+2 .. b+1+F] the field values
-- The raw payloads follow all of that, in item order.
--
-- Returns, per item: 'accepted', 'exists' (this ingest_id was accepted before: a repeated
-- call), or 'skipped:<ingest_id>' of the earlier submission with the same bytes or URL.

local n = (#KEYS - 2) / 3
local f = tonumber(ARGV[3])
local first = 4 + f
local payloads = first + (2 + f) * n
local out = {}
local t = now()
local deadline = t + tonumber(ARGV[1])
for i = 0, n - 1 do
  local ledger, raw, seen = KEYS[3 + 3 * i], KEYS[4 + 3 * i], KEYS[5 + 3 * i]
  local b = first + (2 + f) * i
  local id, force = ARGV[b], ARGV[b + 1]
  local prior = force ~= '1' and redis.call('GET', seen)
  if redis.call('EXISTS', ledger) == 1 then
    out[#out + 1] = 'exists'
  elseif prior then
    out[#out + 1] = 'skipped:' .. prior
  else
    local args = {'state', 'sending', 'dispatch', 1, 'seen_key', seen, 'index', KEYS[2]}
    for k = 1, f do
      args[#args + 1] = ARGV[3 + k]
      args[#args + 1] = ARGV[b + 1 + k]
    end
    redis.call('HSET', ledger, unpack(args))
    redis.call('SET', raw, ARGV[payloads + i])
    redis.call('SET', seen, id, 'EX', ARGV[2])
    redis.call('ZADD', KEYS[1], t, id)
    redis.call('ZADD', KEYS[2], deadline, id)
    out[#out + 1] = 'accepted'
  end
end
return out
