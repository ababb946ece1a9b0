-- claim: a worker process takes a hop's message; only the current dispatch may run.
--
-- KEYS[1]  ledger hash
-- KEYS[2]  held sorted set of the claiming instance (id -> claim time)
-- ARGV[1]  ingest_id
-- ARGV[2]  dispatch number the message carries
-- ARGV[3]  hop the message is for
-- ARGV[4]  holder: "<instance>/<pid>" of the claiming process
-- ARGV[5]  time_limit: the hop's hard limit in seconds (sets the ledger's `deadline`)
-- ARGV[6]  max_attempts: a hop whose holder died this many times is `crashed`
-- ARGV[7]  alive key prefix ("<prefix>:alive:")
-- ARGV[8]  young: seconds during which a new holder may not be in its instance's alive key yet
-- ARGV[9]  raw payload key, when the message carries no article (the first hop): then a
--          claim also returns what the article is built from, saving a round trip
--
-- Returns one of
--   {'run', runs}        claimed; runs = how many times this hop was claimed, this one included;
--                        with ARGV[9]: {'run', runs, received_at, source, meta, force, raw}
--   {'done', state}      the submission already ended
--   {'stale', detail}    an old message (another dispatch or hop): drop it
--   {'busy', holder}     the same dispatch runs in a live process: drop this copy
--   {'crashed', crashes} its holder died max_attempts times: dead-letter it
--   {'timeout', ''}      its holder died after the hard time limit: dead-letter it
--   {'missing', ''}      no ledger entry (expired or never written)

local ledger, id = KEYS[1], ARGV[1]
local state, dispatch, hop, holder, claimed_at, deadline = unpack(redis.call(
  'HMGET', ledger, 'state', 'dispatch', 'hop', 'holder', 'claimed_at', 'deadline'))
if not state then
  return {'missing', ''}
end
if TERMINAL[state] then
  return {'done', state}
end
if dispatch ~= ARGV[2] or hop ~= ARGV[3] then
  return {'stale', 'dispatch ' .. (dispatch or '?') .. ' of hop ' .. (hop or '?')}
end
local t = now()
local function claimed(runs)
  if ARGV[9] == '' then
    return {'run', runs}
  end
  local entry = redis.call('HMGET', ledger, 'received_at', 'source', 'meta', 'force')
  return {'run', runs, entry[1] or '', entry[2] or '{}', entry[3] or '{}', entry[4] or '0',
          redis.call('GET', ARGV[9]) or ''}
end
if state == 'running' and holder == ARGV[4] then
  -- This very process asking again: its first claim's reply was lost on the way back.
  return claimed(tonumber(redis.call('HGET', ledger, 'runs:' .. ARGV[3])))
end
if state == 'running' then
  -- The same message again: its first process died (or it is a duplicate delivery).
  if holder_alive(holder, ARGV[7]) or t - tonumber(claimed_at or 0) < tonumber(ARGV[8]) then
    return {'busy', holder or ''}
  end
  if t > tonumber(deadline or t) then
    return {'timeout', ''}
  end
  local crashes = redis.call('HINCRBY', ledger, 'crashes', 1)
  if crashes >= tonumber(ARGV[6]) then
    return {'crashed', crashes}
  end
elseif state ~= 'sending' and state ~= 'queued' then
  return {'stale', state}
end
move(ledger, id, KEYS[2], t)
redis.call('HSET', ledger, 'state', 'running', 'holder', ARGV[4], 'claimed_at', t,
           'deadline', t + tonumber(ARGV[5]))
return claimed(redis.call('HINCRBY', ledger, 'runs:' .. ARGV[3], 1))
