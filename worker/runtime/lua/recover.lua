-- recover: the process holding a hop is gone (its instance stopped beating, or no longer
-- lists its pid). Re-send the submission from its first hop, unless that process died past
-- the hard time limit (a hang: dead-letter `timeout`) or has now died max_attempts times
-- (a poison submission: dead-letter `crashed`).
--
-- KEYS[1]  ledger hash
-- KEYS[2]  unsent sorted set
-- ARGV[1]  ingest_id
-- ARGV[2]  holder the sweeper found gone ("<instance>/<pid>")
-- ARGV[3]  first hop
-- ARGV[4]  send_grace
-- ARGV[5]  max_attempts
--
-- Returns {'sending', new dispatch}, {'timeout', dispatch}, {'crashed', dispatch}, or
-- {'moved', ''} when the submission is no longer held by that holder.

local ledger, id = KEYS[1], ARGV[1]
local state, holder, deadline, dispatch = unpack(redis.call(
  'HMGET', ledger, 'state', 'holder', 'deadline', 'dispatch'))
if state ~= 'running' or holder ~= ARGV[2] then
  return {'moved', ''}
end
if now() > tonumber(deadline or 0) then
  return {'timeout', dispatch}
end
if redis.call('HINCRBY', ledger, 'crashes', 1) >= tonumber(ARGV[5]) then
  return {'crashed', dispatch}
end
redis.call('HINCRBY', ledger, 'redrives', 1)
return {'sending', resend(ledger, id, KEYS[2], ARGV[3], tonumber(ARGV[4]))}
