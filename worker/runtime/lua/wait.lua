-- wait: the holder met a transient failure; park the submission until a retry is due.
--
-- KEYS[1]  ledger hash
-- KEYS[2]  waiting sorted set (id -> due time)
-- ARGV[1]  ingest_id
-- ARGV[2]  dispatch number
-- ARGV[3]  holder ("<instance>/<pid>")
-- ARGV[4]  delay: seconds before the retry is due
-- ARGV[5]  max_retries
--
-- Returns {'waiting', retries}, {'exhausted', retries} (dead-letter it: nothing was
-- changed but the counter), or {'stale', state} (this holder no longer owns it).

local ledger, id = KEYS[1], ARGV[1]
if not owned_state(ledger, ARGV[2], ARGV[3]) then
  return {'stale', redis.call('HGET', ledger, 'state') or ''}
end
local retries = redis.call('HINCRBY', ledger, 'retries', 1)
if retries > tonumber(ARGV[5]) then
  return {'exhausted', retries}
end
move(ledger, id, KEYS[2], now() + tonumber(ARGV[4]))
redis.call('HSET', ledger, 'state', 'waiting')
redis.call('HDEL', ledger, 'holder', 'claimed_at', 'deadline')
return {'waiting', retries}
