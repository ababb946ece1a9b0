-- release: the holder could not finish its hop (a Redis error while writing its result, a
-- limit hit outside the stages); hand the submission to the sweeper at once instead of
-- leaving it held by a live process until the hard time limit runs out.
--
-- KEYS[1]  ledger hash
-- KEYS[2]  unsent sorted set
-- ARGV[1]  ingest_id
-- ARGV[2]  dispatch number
-- ARGV[3]  holder ("<instance>/<pid>")
--
-- Returns {'released', ''}, or {'stale', state} when this holder no longer owns it.

local ledger, id = KEYS[1], ARGV[1]
if not owned_state(ledger, ARGV[2], ARGV[3]) then
  return {'stale', redis.call('HGET', ledger, 'state') or ''}
end
move(ledger, id, KEYS[2], 0)
redis.call('HSET', ledger, 'state', 'sending')
redis.call('HDEL', ledger, 'holder', 'claimed_at', 'deadline')
return {'released', ''}
