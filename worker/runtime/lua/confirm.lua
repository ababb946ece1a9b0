-- confirm: the messages of these dispatches reached the broker; move each submission from
-- the unsent index to the queued index of the broker list its message is in.
--
-- KEYS[1]    sequence counter: queued scores follow the order messages were sent in, which
--            is the order they leave their broker list (first in, first out)
-- KEYS[1+i]  ledger hash of item i
-- ARGV[2i-1] ingest_id of item i, ARGV[2i] its dispatch number
-- ARGV[2n+i] queued sorted set of item i (id -> sequence number)
--
-- Items are given in the order they were sent. An item whose state or dispatch changed
-- meanwhile (claimed already, re-sent) is left alone. Returns how many were confirmed.

local n = #KEYS - 1
local seq = redis.call('INCRBY', KEYS[1], n) - n
local done = 0
for i = 1, n do
  local ledger = KEYS[1 + i]
  local id, dispatch = ARGV[2 * i - 1], ARGV[2 * i]
  local state, current = unpack(redis.call('HMGET', ledger, 'state', 'dispatch'))
  if state == 'sending' and current == dispatch then
    move(ledger, id, ARGV[2 * n + i], seq + i)
    redis.call('HSET', ledger, 'state', 'queued')
    done = done + 1
  end
end
return done
