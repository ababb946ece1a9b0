-- suspects: find queued submissions whose message is no longer in its broker list.
--
-- A broker list is first in, first out, and a submission enters the queued index only once
-- its message is in the list. So when the index holds more ids than the list holds
-- messages, the oldest of them were taken from the list and never claimed: normally for
-- milliseconds (a worker between its BRPOP and the claim), for good when that worker died
-- in between or a Redis restart lost the claim. An id that stays among those oldest for
-- `lost_after` seconds is reported; the sweeper sends it again.
--
-- KEYS[1]  queued sorted set (id -> send order) of one queue and lane
-- KEYS[2]  the broker list of that queue and lane
-- KEYS[3]  suspects hash of that queue and lane (id -> first time seen missing)
-- ARGV[1]  lost_after (s)
-- ARGV[2]  at most this many suspects are examined per call
-- ARGV[3]  ledger key prefix ("<prefix>:ledger:")
--
-- Returns a flat list: id, dispatch, id, dispatch, ... of the submissions to send again.

local excess = redis.call('ZCARD', KEYS[1]) - redis.call('LLEN', KEYS[2])
local current, due = {}, {}
local t = now()
if excess > 0 then
  local ids = redis.call('ZRANGE', KEYS[1], 0, math.min(excess, tonumber(ARGV[2])) - 1)
  for _, id in ipairs(ids) do
    current[id] = true
    local first = redis.call('HGET', KEYS[3], id)
    if not first then
      redis.call('HSET', KEYS[3], id, t)
    elseif t - tonumber(first) >= tonumber(ARGV[1]) then
      due[#due + 1] = id
      due[#due + 1] = redis.call('HGET', ARGV[3] .. id, 'dispatch') or ''
    end
  end
end
for _, id in ipairs(redis.call('HKEYS', KEYS[3])) do
  if not current[id] then
    redis.call('HDEL', KEYS[3], id)
  end
end
return due
