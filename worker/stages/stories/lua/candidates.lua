-- candidates: the open stories sharing the most of an article's heaviest terms, each with
-- the cosine of the article's vector to the story's centroid. One round trip: the story
-- keys are built here from ARGV[4] (so this index needs one Redis, not a cluster).
--
-- KEYS        posting sets of the article's heaviest terms (story id -> arrival time)
-- ARGV[1]     arrival time from which a story is open, ARGV[2] stories read per term (the
--             most recent), ARGV[3] stories scored at most, ARGV[4] story key prefix
--             (<prefix>:story:), ARGV[5 ..] term, weight pairs of the article's vector
-- Returns, per story scored: its id, its score (a string), the latest and the earliest
-- published day of its articles (epoch s, '' if none had one), its opening time (epoch s),
-- the years its articles name, their leading people, the months and the weekdays their
-- dates name, and the figures their leads give (one a line, '' if none; figures '*': too
-- many to tell by).

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

local terms, weights = {}, {}
for i = 5, #ARGV, 2 do
  terms[#terms + 1] = ARGV[i]
  weights[#weights + 1] = tonumber(ARGV[i + 1])
end
local out = {}
for n = 1, math.min(#ids, tonumber(ARGV[3])) do
  local story = ARGV[4] .. ids[n]
  local norm2, published, first, opened, years, leads, months, weekdays, figures = unpack(
    redis.call('HMGET', story, 'norm2', 'published', 'published_first', 'seen_first', 'years',
      'leads', 'months', 'weekdays', 'figures'))
  if norm2 and tonumber(norm2) > 0 then  -- else closed since it was posted
    local found = redis.call('HMGET', story .. ':centroid', unpack(terms))
    local dot = 0
    for i, value in ipairs(found) do
      if value then
        dot = dot + weights[i] * tonumber(value)
      end
    end
    out[#out + 1] = ids[n]
    out[#out + 1] = tostring(dot / math.sqrt(tonumber(norm2)))
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
