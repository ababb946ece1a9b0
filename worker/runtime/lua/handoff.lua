-- handoff: the holder finished a hop that is not the last; the next hop gets a new dispatch.
--
-- KEYS[1]  ledger hash
-- KEYS[2]  unsent sorted set (id -> send deadline)
-- ARGV[1]  ingest_id
-- ARGV[2]  dispatch number of the hop that finished
-- ARGV[3]  holder ("<instance>/<pid>") that ran it
-- ARGV[4]  next hop
-- ARGV[5]  send_grace: seconds until the sweeper sends the next message if nobody confirms it
--
-- Returns {'sending', new dispatch}, or {'stale', state} when this holder no longer owns
-- the submission (it was recovered meanwhile): the caller drops its result.

local ledger, id = KEYS[1], ARGV[1]
if not owned_state(ledger, ARGV[2], ARGV[3]) then
  return {'stale', redis.call('HGET', ledger, 'state') or ''}
end
local next_dispatch = redis.call('HINCRBY', ledger, 'dispatch', 1)
move(ledger, id, KEYS[2], now() + tonumber(ARGV[5]))
redis.call('HSET', ledger, 'state', 'sending', 'hop', ARGV[4])
redis.call('HDEL', ledger, 'holder', 'claimed_at', 'deadline')
return {'sending', next_dispatch}
