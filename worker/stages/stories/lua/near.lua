-- near: the articles sharing a MinHash band with this one, with their signatures.
--
-- KEYS[1..n]  band sets of the article's bands (<prefix>:near:<lang>:<band>:<hash>)
-- ARGV[1]     prefix of signature keys (<prefix>:near:sig:)
-- Returns a flat list: id1, signature1, id2, signature2, ... (ids whose signature expired
-- are left out).

local seen, out = {}, {}
for i = 1, #KEYS do
  for _, id in ipairs(redis.call('SMEMBERS', KEYS[i])) do
    if not seen[id] then
      seen[id] = true
      local sig = redis.call('GET', ARGV[1] .. id)
      if sig then
        out[#out + 1] = id
        out[#out + 1] = sig
      end
    end
  end
end
return out
