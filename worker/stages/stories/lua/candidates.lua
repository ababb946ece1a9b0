-- candidates: the open stories sharing the most of an article's heaviest terms, each with
-- the cosine of the article's vector to the story's centroid. One round trip: the story
-- keys are built here from ARGV[4] (so this index needs one Redis, not a cluster).
--
-- KEYS        posting sets of the article's heaviest terms (story id -> arrival time)
-- ARGV[1]     arrival time from which a story is open, ARGV[2] stories read per term (the
--             most recent), ARGV[3] stories scored at most, ARGV[4] story key prefix
--             (<prefix>:story:), ARGV[5] the terms of the article's vector and ARGV[6] their
--             weights (JSON arrays: one argument each, where one a term costs the client)
-- Returns, per story scored: its id, its score (a string), the latest and the earliest
-- published day of its articles (epoch s, '' if none had one), its opening time (epoch s),
-- the years its articles name, their leading people, the months and the weekdays their
-- dates name, and the figures their leads give (one a line, '' if none; figures '*': too
-- many to tell by).
-- A story's centroid is a sorted set (term -> summed weight), read by ZMSCORE: a sorted set
-- of over 128 terms is a hash table, where a hash of up to 512 is a listpack, which Redis
-- scans for each field. A story opened by an earlier version may still have its centroid
-- as a hash (<story>:centroid) until its next article folds it in: its terms are read too.

local shared, ids = {}, {}
for _, key in ipairs(KEYS) do
  local found = redis.call('ZREVRANGEBYSCORE', key, '+inf', ARGV[1], 'LIMIT', 0, ARGV[2])
  for _, id in ipairs(found) do
    if not shared[id] then
      shared[id] = 0
      ids[#ids + 1] = id
    end
    shared[id] = shared[id] + 1
  end
end
table.sort(ids, function(a, b)
  if shared[a] ~= shared[b] then return shared[a] > shared[b] end
  return a < b
end)

local terms, weights = cjson.decode(ARGV[5]), cjson.decode(ARGV[6])

-- the article's dot product with the centroid `key` holds (a sorted set or, left by an
-- earlier version, a hash)
local function dot(key, command)
  local sum = 0
  for i, value in ipairs(redis.call(command, key, unpack(terms))) do
    if value then
      sum = sum + weights[i] * tonumber(value)
    end
  end
  return sum
end

local out = {}
for n = 1, math.min(#ids, tonumber(ARGV[3])) do
  local story = ARGV[4] .. ids[n]
  local norm2, published, first, opened, years, leads, months, weekdays, figures = unpack(
    redis.call('HMGET', story, 'norm2', 'published', 'published_first', 'seen_first', 'years',
      'leads', 'months', 'weekdays', 'figures'))
  if norm2 and tonumber(norm2) > 0 then  -- else closed since it was posted
    local sum = #terms > 0 and dot(story .. ':terms', 'ZMSCORE') or 0
    if #terms > 0 and redis.call('EXISTS', story .. ':centroid') == 1 then
      sum = sum + dot(story .. ':centroid', 'HMGET')
    end
    out[#out + 1] = ids[n]
    out[#out + 1] = tostring(sum / math.sqrt(tonumber(norm2)))
    out[#out + 1] = published or ''
    out[#out + 1] = first or published or ''
    out[#out + 1] = opened or '0'
    out[#out + 1] = years or ''
    out[#out + 1] = leads or ''
    out[#out + 1] = months or ''
    out[#out + 1] = weekdays or ''
    out[#out + 1] = figures or ''
  end
end
return out
