-- Prepended to every ledger script when it is loaded (worker/runtime/ledger.py).
--
-- The ledger hash of a submission names, in its `index` field, the one sorted set that
-- currently holds its id (unsent, queued:<queue>:<lane>, held:<instance> or waiting);
-- `move` keeps that true. Times are the Redis server's clock, in seconds.

local TERMINAL = {published = true, duplicate = true, dead = true}

local function now()
  local t = redis.call('TIME')
  return tonumber(t[1]) + tonumber(t[2]) / 1000000
end

-- Take `id` out of its current index and put it in `index` with `score` (none if false).
local function move(ledger, id, index, score)
  local old = redis.call('HGET', ledger, 'index')
  if old then
    redis.call('ZREM', old, id)
  end
  if index then
    redis.call('ZADD', index, score, id)
    redis.call('HSET', ledger, 'index', index)
  else
    redis.call('HDEL', ledger, 'index')
  end
end

-- The state of a submission that `holder` runs at `dispatch`, or nil when it does not (any
-- more): the caller's result is then stale.
local function owned_state(ledger, dispatch, holder)
  local state, current, owner = unpack(redis.call('HMGET', ledger, 'state', 'dispatch', 'holder'))
  if state == 'running' and current == dispatch and owner == holder then
    return state
  end
  return nil
end

-- Does `holder` ("<instance>/<pid>") name a process its instance still reports alive?
local function holder_alive(holder, alive_prefix)
  if not holder then
    return false
  end
  local instance, pid = string.match(holder, '^(.*)/(%d+)$')
  if not instance then
    return false
  end
  local pids = redis.call('GET', alive_prefix .. instance)
  return pids and string.find(pids, ',' .. pid .. ',', 1, true) ~= nil
end

-- Put a submission back at its first hop with a new dispatch number (its old messages go
-- stale): state `sending`, in the unsent index until the new message is confirmed.
local function resend(ledger, id, unsent, first_hop, send_grace)
  local dispatch = redis.call('HINCRBY', ledger, 'dispatch', 1)
  move(ledger, id, unsent, now() + send_grace)
  redis.call('HSET', ledger, 'state', 'sending', 'hop', first_hop)
  redis.call('HDEL', ledger, 'holder', 'claimed_at', 'deadline')
  return dispatch
end
