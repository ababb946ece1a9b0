-- intake: accept a batch of submissions atomically (all of it or, on an error such as
-- OOM at the first write, none of it).
--
-- KEYS[1]  inflight sorted set (id -> accept time)
-- KEYS[2]  unsent sorted set (id -> send deadline)
-- then, for item i = 0, 1, ...: KEYS[3+3i] ledger hash, KEYS[4+3i] raw payload string,
--          KEYS[5+3i] seen string (content sha -> ingest_id)
-- ARGV[1]  send_grace: seconds until the sweeper sends a message nobody confirmed
-- ARGV[2]  dedup: seconds the seen key lives (the duplicate window)
-- then, for item i: ARGV[3+3i] ingest_id, ARGV[4+3i] force ('1' or '0'),
--          ARGV[5+3i] ledger fields as a JSON object of strings (kind, uri, source, meta,
--          received_at, force, hop)
-- The raw payloads follow all of that, in item order: ARGV[3+3n+i].
--
-- Returns, per item: 'accepted', 'exists' (this ingest_id was accepted before: a repeated
-- call), or the ingest_id of the earlier submission with the same bytes or URL ('skipped').

local n = (#KEYS - 2) / 3
local out = {}
local t = now()
for i = 0, n - 1 do
  local ledger, raw, seen = KEYS[3 + 3 * i], KEYS[4 + 3 * i], KEYS[5 + 3 * i]
  local id, force, fields = ARGV[3 + 3 * i], ARGV[4 + 3 * i], ARGV[5 + 3 * i]
  local prior = force ~= '1' and redis.call('GET', seen)
  if redis.call('EXISTS', ledger) == 1 then
    out[#out + 1] = 'exists'
  elseif prior then
    out[#out + 1] = 'skipped:' .. prior
  else
    local args = {'state', 'sending', 'dispatch', 1, 'seen_key', seen}
    for k, v in pairs(cjson.decode(fields)) do
      args[#args + 1] = k
      args[#args + 1] = v
    end
    redis.call('HSET', ledger, unpack(args))
    redis.call('SET', raw, ARGV[3 + 3 * n + i])
    redis.call('SET', seen, id, 'EX', ARGV[2])
    redis.call('ZADD', KEYS[1], t, id)
    move(ledger, id, KEYS[2], t + tonumber(ARGV[1]))
    out[#out + 1] = 'accepted'
  end
end
return out
