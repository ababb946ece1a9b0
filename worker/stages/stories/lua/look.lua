-- look: everything the stage reads before it scores an article, in one round trip: its
-- placement if it was placed before (then nothing else is read or counted), the language's
-- version, the document frequencies of its terms (counting it in), and the articles
-- sharing a MinHash band with it.
--
-- KEYS[1]  placement of the article (<prefix>:story:of:<article_id>, JSON)
-- KEYS[2]  the language's version (bumped when a story opens there)
-- KEYS[3]  this window's term counts (hash term -> documents), KEYS[4] the previous window's
-- KEYS[5]  this window's document count, KEYS[6] the previous window's
-- KEYS[7 ..]  per near-duplicate time slot covering the window: its band index (buckets of
--          band keys and 8-byte ids, lua/near.lua), then its signatures (hash: 8-byte id ->
--          article id and packed signature, redis_store.near_entry)
-- ARGV[1]  seconds the counts live (two windows), ARGV[2] the article's distinct terms (a
--          JSON array), ARGV[3 ..] its band keys
-- Returns {'placed', json}, or {'look', version, documents, count per term...,
-- then the signatures' entries of the near articles}.

local earlier = redis.call('GET', KEYS[1])
if earlier then
  return {'placed', earlier}
end
local out = {'look', redis.call('GET', KEYS[2]) or '0'}

-- document frequencies
local ttl, terms = tonumber(ARGV[1]), cjson.decode(ARGV[2])
out[#out + 1] = redis.call('INCR', KEYS[5]) + tonumber(redis.call('GET', KEYS[6]) or '0')
redis.call('EXPIRE', KEYS[5], ttl)
if #terms > 0 then
  local before = redis.call('HMGET', KEYS[4], unpack(terms))
  for i, term in ipairs(terms) do
    local mine = redis.call('HINCRBY', KEYS[3], term, 1)
    out[#out + 1] = mine + tonumber(before[i] or '0')
  end
  redis.call('EXPIRE', KEYS[3], ttl)
end

-- near articles
local bands = {}
for i = 3, #ARGV do
  bands[#bands + 1] = ARGV[i]
end
local seen = {}
local last = #bands > 0 and #KEYS or 0  -- no bands: nothing to look up
for k = 7, last, 2 do
  for _, short in ipairs(near_lookup(KEYS[k], bands)) do
    if not seen[short] then
      seen[short] = true
      local entry = redis.call('HGET', KEYS[k + 1], short)
      if entry then
        out[#out + 1] = entry
      end
    end
  end
end
return out
