-- confirm: the messages of these dispatches reached the broker; move each submission from
-- the unsent index to the queued index of the broker list its message is in.
--
-- KEYS[1]    sequence counter: queued scores follow the order messages were sent in, which
--            is the order they leave their broker list (first in, first out)
-- KEYS[2]    unsent sorted set
-- KEYS[2+i]  ledger hash of item i
-- ARGV[2i-1] ingest_id of item i, ARGV[2i] its dispatch number
-- ARGV[2n+i] queued sorted set of item i (id -> sequence number)
--
-- Items are given in the order they were sent. An item whose state or dispatch changed
-- meanwhile (claimed already, re-sent) is left alone. Returns how many were confirmed.

local n = #KEYS - 2
local seq = redis.call('INCRBY', KEYS[1], n) - n
local done = 0
for i = 1, n do
  local ledger = KEYS[2 + i]
  local id, dispatch = ARGV[2 * i - 1], ARGV[2 * i]
  local state, current = unpack(redis.call('HMGET', ledger, 'state', 'dispatch'))
  if state == 'sending' and current == dispatch then
    local queued = ARGV[2 * n + i]
    redis.call('ZREM', KEYS[2], id)  -- a sending submission is in unsent (and only there)
    redis.call('ZADD', queued, seq + i, id)
    redis.call('HSET', ledger, 'state', 'queued', 'index', queued)
    done = done + 1
  end
end
return done
