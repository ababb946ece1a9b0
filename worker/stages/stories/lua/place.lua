-- place: put one article in a story (a new one or an open one), atomically, once.
--
-- KEYS[1]  placement of the article (<prefix>:story:of:<article_id>, JSON)
-- KEYS[2]  the language's version (bumped when a story opens there)
-- KEYS[3]  open stories (sorted set id -> arrival time of the latest article)
-- KEYS[4]  story sizes (sorted set id -> articles)
-- KEYS[5]  the story (hash: language, title, seen_first, seen_last, count, and published:
--          the latest `published` of its articles, when one had it)
-- KEYS[6]  the story's centroid (hash term -> summed weight)
-- KEYS[7]  signature of the article (<prefix>:near:sig:<article_id>)
-- KEYS[8 .. 7+P]  posting sets of its top terms (sorted set story id -> arrival time)
-- KEYS[8+P ..]    its MinHash band sets
-- ARGV[1]  story id, ARGV[2] '1' to open it, ARGV[3] the version read ('' = no check)
-- ARGV[4]  the article's published day (epoch s, '' if unknown), ARGV[5] arrival time (epoch
--          s), ARGV[6] story window (s),
-- ARGV[7]  near-duplicate window (s), ARGV[8] result JSON, ARGV[9] title, ARGV[10] language
-- ARGV[11] article id, ARGV[12] signature, ARGV[13] P, ARGV[14] centroid cap (terms),
-- ARGV[15 ..] term, weight pairs of the article's vector
-- Returns {'placed', json} (also for an article placed before: the earlier JSON) or
-- {'retry'} (a story opened meanwhile, or the chosen one closed: read and score again).

local of, version, open, sizes, story, centroid, sigkey = unpack(KEYS, 1, 7)
local id, new, seen = ARGV[1], ARGV[2] == '1', ARGV[3]
local published, now = tonumber(ARGV[4]), tonumber(ARGV[5])
local window, near_window = tonumber(ARGV[6]), tonumber(ARGV[7])
local postings = tonumber(ARGV[13])
local cap = tonumber(ARGV[14])

local earlier = redis.call('GET', of)
if earlier then
  return {'placed', earlier}
end
if new then
  if seen ~= '' and (redis.call('GET', version) or '0') ~= seen then
    return {'retry'}
  end
  redis.call('INCR', version)
  if redis.call('EXISTS', story) == 0 then  -- else its opener comes back after its placement
    redis.call('HSET', story, 'language', ARGV[10], 'title', ARGV[9], 'seen_first', now,
      'count', 0)                          -- expired, while the story stayed open: rejoin
  end
elseif redis.call('EXISTS', story) == 0 then
  return {'retry'}
end

-- the story
redis.call('HSET', story, 'seen_last', now)
if published then
  local latest = tonumber(redis.call('HGET', story, 'published'))
  redis.call('HSET', story, 'published', math.max(latest or published, published))
end
local count = redis.call('HINCRBY', story, 'count', 1)
for i = 15, #ARGV, 2 do
  redis.call('HINCRBYFLOAT', centroid, ARGV[i], ARGV[i + 1])
end
if redis.call('HLEN', centroid) > 2 * cap then
  local pairs_ = redis.call('HGETALL', centroid)
  local terms = {}
  for i = 1, #pairs_, 2 do
    terms[#terms + 1] = {pairs_[i], tonumber(pairs_[i + 1])}
  end
  table.sort(terms, function(a, b) return a[2] > b[2] end)
  for i = cap + 1, #terms do
    redis.call('HDEL', centroid, terms[i][1])
  end
end
redis.call('EXPIRE', story, window)
redis.call('EXPIRE', centroid, window)

-- the indexes: open stories and sizes (dropping those closed), postings, near-duplicates
local closed = redis.call('ZRANGEBYSCORE', open, '-inf', now - window)
for _, gone in ipairs(closed) do
  redis.call('ZREM', sizes, gone)
end
redis.call('ZREMRANGEBYSCORE', open, '-inf', now - window)
redis.call('ZADD', open, now, id)
redis.call('ZADD', sizes, count, id)
redis.call('EXPIRE', open, window)
redis.call('EXPIRE', sizes, window)
for i = 8, 7 + postings do
  redis.call('ZADD', KEYS[i], now, id)
  redis.call('ZREMRANGEBYSCORE', KEYS[i], '-inf', now - window)
  redis.call('EXPIRE', KEYS[i], window)
end
for i = 8 + postings, #KEYS do
  redis.call('SADD', KEYS[i], ARGV[11])
  redis.call('EXPIRE', KEYS[i], near_window)
end
redis.call('SET', sigkey, ARGV[12], 'EX', near_window)
redis.call('SET', of, ARGV[8], 'EX', math.max(window, near_window))
return {'placed', ARGV[8]}
