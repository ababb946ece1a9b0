-- near: the articles sharing a MinHash band with this one, with their signatures.
--
-- KEYS[2k-1]  band index of time slot k (hash: band key -> 8-byte ids of the articles
--             with that band), KEYS[2k] signatures of slot k (hash: 8-byte id -> the
--             64-hex article id followed by its packed signature), for the slots that
--             cover the near-duplicate window
-- ARGV        the article's band keys
-- Returns a flat list: article id 1, signature 1, article id 2, signature 2, ...

local seen, out = {}, {}
for k = 1, #KEYS, 2 do
  local found = redis.call('HMGET', KEYS[k], unpack(ARGV))
  for _, ids in ipairs(found) do
    if ids then
      for i = 1, #ids, 8 do
        local short = string.sub(ids, i, i + 7)
        if not seen[short] then
          seen[short] = true
          local entry = redis.call('HGET', KEYS[k + 1], short)
          if entry then
            out[#out + 1] = string.sub(entry, 1, 64)
            out[#out + 1] = string.sub(entry, 65)
          end
        end
      end
    end
  end
end
return out
