-- candidates: the open stories sharing the most of an article's heaviest terms, with their
-- centroids (the worker scores them). One round trip: the story keys are built here from
-- ARGV[4] (so this index needs one Redis, not a cluster).
--
-- KEYS        posting sets of the article's heaviest terms (story id -> arrival time)
-- ARGV[1]     arrival time from which a story is open, ARGV[2] stories read per term (the
--             most recent), ARGV[3] stories returned at most, ARGV[4] story key prefix
--             (<prefix>:story:)
-- Returns, per story: its id, its revision (bumped by each write of its centroid), the
-- latest and the earliest published day of its articles (epoch s, '' if none had one), its
-- opening time (epoch s), the years its articles name, their leading people, the months
-- and the weekdays their dates name, and the figures their leads give (one a line, '' if
-- none; figures '*': too many to tell by), its centroid (<story>:vec, packed chunks, '' if
-- none), and the term, weight pairs of a centroid an earlier version kept (a sorted set
-- <story>:terms, or a hash <story>:centroid), read until place folds them in.

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

local out = {}
for n = 1, math.min(#ids, tonumber(ARGV[3])) do
  local story = ARGV[4] .. ids[n]
  local count, rev, published, first, opened, years, leads, months, weekdays, figures = unpack(
    redis.call('HMGET', story, 'count', 'rev', 'published', 'published_first', 'seen_first',
      'years', 'leads', 'months', 'weekdays', 'figures'))
  if count then  -- else closed since it was posted
    local legacy = {}
    if redis.call('EXISTS', story .. ':terms', story .. ':centroid') > 0 then
      legacy = redis.call('ZRANGE', story .. ':terms', 0, -1, 'WITHSCORES')
      for _, item in ipairs(redis.call('HGETALL', story .. ':centroid')) do
        legacy[#legacy + 1] = item
      end
    end
    out[#out + 1] = ids[n]
    out[#out + 1] = rev or '0'
    out[#out + 1] = published or ''
    out[#out + 1] = first or published or ''
    out[#out + 1] = opened or '0'
    out[#out + 1] = years or ''
    out[#out + 1] = leads or ''
    out[#out + 1] = months or ''
    out[#out + 1] = weekdays or ''
    out[#out + 1] = figures or ''
    out[#out + 1] = redis.call('GET', story .. ':vec') or ''
    out[#out + 1] = legacy
  end
end
return out
