-- frequencies: count one article's terms in this window's document frequencies and return
-- the frequencies over this window and the previous one.
--
-- KEYS[1]  this window's term counts (hash term -> documents), KEYS[2] the previous window's
-- KEYS[3]  this window's document count, KEYS[4] the previous window's
-- ARGV[1]  seconds the counts live (two windows), ARGV[2..] the article's distinct terms
-- Returns: documents, then one count per term, in order.

local ttl = tonumber(ARGV[1])
local documents = redis.call('INCR', KEYS[3]) + tonumber(redis.call('GET', KEYS[4]) or '0')
redis.call('EXPIRE', KEYS[3], ttl)
local out = {documents}
for i = 2, #ARGV do
  local mine = redis.call('HINCRBY', KEYS[1], ARGV[i], 1)
  out[#out + 1] = mine + tonumber(redis.call('HGET', KEYS[2], ARGV[i]) or '0')
end
redis.call('EXPIRE', KEYS[1], ttl)
return out
