-- redispatch: the sweeper sends a submission again from its first hop (a message that was
-- never confirmed, one missing from the broker, or a retry that is due).
--
-- KEYS[1]  ledger hash
-- KEYS[2]  unsent sorted set
-- ARGV[1]  ingest_id
-- ARGV[2]  expected state (unchanged since the sweeper looked, or nothing is done)
-- ARGV[3]  expected dispatch number ('' = any)
-- ARGV[4]  due: the id's score in its current index must be <= this ('' = not checked)
-- ARGV[5]  first hop
-- ARGV[6]  counter to add one to ('' = none), e.g. 'redrives'
-- ARGV[7]  bound on that counter (0 = none)
-- ARGV[8]  send_grace
--
-- Returns {'sending', new dispatch}, {'exhausted', counter} (dead-letter it), or
-- {'moved', ''} when the submission is no longer in the expected place.

local ledger, id = KEYS[1], ARGV[1]
local state, dispatch, index = unpack(redis.call('HMGET', ledger, 'state', 'dispatch', 'index'))
if state ~= ARGV[2] or (ARGV[3] ~= '' and dispatch ~= ARGV[3]) then
  return {'moved', ''}
end
if ARGV[4] ~= '' then
  local score = index and redis.call('ZSCORE', index, id)
  if not score or tonumber(score) > tonumber(ARGV[4]) then
    return {'moved', ''}
  end
end
if ARGV[6] ~= '' then
  local count = redis.call('HINCRBY', ledger, ARGV[6], 1)
  if tonumber(ARGV[7]) > 0 and count > tonumber(ARGV[7]) then
    return {'exhausted', count}
  end
end
return {'sending', resend(ledger, id, KEYS[2], ARGV[5], tonumber(ARGV[8]))}
