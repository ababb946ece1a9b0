-- dead: add a dead letter for a submission, once, and keep its raw payload for replay.
--
-- KEYS[1]  ledger hash
-- KEYS[2]  dead-letter stream
-- KEYS[3]  inflight sorted set
-- KEYS[4]  counters hash
-- KEYS[5]  raw payload string
-- ARGV[1]  the dead-letter record (JSON)
-- ARGV[2]  reason
-- ARGV[3]  finished_at (ISO 8601)
-- ARGV[4]  ingest_id
-- ARGV[5]  expected dispatch number ('' = any)
-- ARGV[6]  expected holder ('' = any)
-- ARGV[7]  retention of the ledger entry and the raw payload (s)
-- ARGV[8]  ledger fields (JSON object of strings) to create the entry with when there is
--          none ('' = there must be one): inbox entries refused before intake, too_large
-- ARGV[9]  stage that failed
--
-- The seen key stops pointing at the submission, so the same bytes may be sent again.
-- Returns {'dead', stream entry id}, {'already', state}, {'stale', state} (another
-- dispatch or holder owns it now: nothing written), or {'missing', ''}.

local ledger, id = KEYS[1], ARGV[4]
local state, dispatch, holder, seen = unpack(redis.call(
  'HMGET', ledger, 'state', 'dispatch', 'holder', 'seen_key'))
if not state then
  if ARGV[8] == '' then
    return {'missing', ''}
  end
  local args = {'state', 'new'}
  for k, v in pairs(cjson.decode(ARGV[8])) do
    args[#args + 1] = k
    args[#args + 1] = v
  end
  redis.call('HSET', ledger, unpack(args))
elseif TERMINAL[state] then
  return {'already', state}
elseif (ARGV[5] ~= '' and dispatch ~= ARGV[5]) or (ARGV[6] ~= '' and holder ~= ARGV[6]) then
  return {'stale', state}
end
local entry = redis.call('XADD', KEYS[2], '*', 'record', ARGV[1])
move(ledger, id, false)
redis.call('HSET', ledger, 'state', 'dead', 'reason', ARGV[2], 'stage', ARGV[9],
           'entry_id', entry, 'finished_at', ARGV[3])
redis.call('HDEL', ledger, 'holder', 'claimed_at', 'deadline')
redis.call('ZREM', KEYS[3], id)
redis.call('HINCRBY', KEYS[4], 'dead:' .. ARGV[2], 1)
redis.call('EXPIRE', ledger, ARGV[7])
redis.call('EXPIRE', KEYS[5], ARGV[7])
if seen and redis.call('GET', seen) == id then
  redis.call('DEL', seen)
end
return {'dead', entry}
