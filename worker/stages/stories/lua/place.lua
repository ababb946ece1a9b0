-- place: put one article in a story (a new one or an open one), atomically, once; fold the
-- stories the article shows to be one with it into that story, and announce the merge.
--
-- KEYS[1]  placement of the article (<prefix>:story:of:<article_id>, JSON)
-- KEYS[2]  the language's version (bumped when a story opens there)
-- KEYS[3]  open stories (sorted set id -> arrival time of the latest article)
-- KEYS[4]  story sizes (sorted set id -> articles)
-- KEYS[5]  the story (hash: language, title, seen_first, seen_last, count, rev (bumped by
--          each write of its centroid), published and published_first: the latest and the
--          earliest `published` of its articles, when one had it; years, leads, months,
--          weekdays and figures: the years its articles name, their leading people, the
--          months and the weekdays their dates name, and the figures their leads give, one
--          a line; figures past ARGV[23] are '*', too many to tell by)
-- KEYS[6]  the story's centroid (<story>:vec: chunks of terms and weights, summed on read)
-- KEYS[7]  band index of the current time slot (buckets of band keys and 8-byte ids,
--          lua/near.lua)
-- KEYS[8]  signatures of the current time slot (hash: 8-byte id -> article id + signature)
-- KEYS[9]  the story events stream (ingest:stories)
-- KEYS[10 .. 9+P]  posting sets of its top terms and of those of the stories it merges
--          (sorted set story id -> arrival time)
-- KEYS[10+P .. 9+P+2M]  each story to merge into it, then that story's centroid
-- ARGV[1]  story id, ARGV[2] '1' to open it, ARGV[3] the version read ('' = no check)
-- ARGV[4]  the article's published day (epoch s, '' if unknown), ARGV[5] arrival time (epoch
--          s), ARGV[6] story window (s), ARGV[7] seconds a time slot's near keys live
-- ARGV[8]  result JSON, ARGV[9] title, ARGV[10] language
-- ARGV[11] the article's 8-byte id, ARGV[12] its id and signature (redis_store.near_entry)
-- ARGV[13] P, ARGV[14] the revisions the worker read of the story and of each story to
--          merge (JSON array), ARGV[15] M (stories to merge), ARGV[16] the merge event
--          (JSON), ARGV[17] the centroid the worker summed (those it read, the article's
--          terms, pruned: one chunk), ARGV[18] the years the article names and ARGV[19]
--          its leading person, ARGV[20] the months and ARGV[21] the weekdays its dates name,
--          ARGV[22] the figures its lead gives (one a line, '' if none), ARGV[23] the figures a
--          story keeps, ARGV[24] B, ARGV[25 .. 24+B] its band keys, ARGV[25+B .. 24+B+M] the
--          ids of the stories to merge (as KEYS[10+P ..] name them), ARGV[25+B+M] the
--          article's terms and weights (one chunk)
-- Returns {'placed', json} (also for an article placed before: the earlier JSON) or
-- {'retry'} (a story opened meanwhile, or the chosen one or one to merge is no longer open:
-- read and score again). The centroid the worker summed is written when the revisions it
-- read are still those of the stories; else another worker wrote to one since, and the
-- article's chunk is appended (and the centroids of the stories merged), for the next
-- reader to sum. A centroid an earlier version kept (<story>:terms, a sorted set, or
-- <story>:centroid, a hash; their keys are built here) is in the worker's sum, and goes
-- when that is written; else it stays, and a merged story's moves to the story's.

local of, version, open, sizes, story, centroid, bands, sigs, events = unpack(KEYS, 1, 9)
local id, new, seen = ARGV[1], ARGV[2] == '1', ARGV[3]
local published, now = tonumber(ARGV[4]), tonumber(ARGV[5])
local window, slot_ttl = tonumber(ARGV[6]), tonumber(ARGV[7])
local postings = tonumber(ARGV[13])
local merges = tonumber(ARGV[15])
local figures_kept = tonumber(ARGV[23])
local nbands = tonumber(ARGV[24])
local first_merged = 25 + nbands
local chunk = ARGV[first_merged + merges]

-- sets of lines kept in the story hash, and how many lines each keeps (then '*': any)
local MARKS = {'years', 'leads', 'months', 'weekdays', 'figures'}
local KEPT = {figures = figures_kept}

-- the union of two sets written one item a line (nil or '' for none), sorted; '*' if
-- either is '*' or it has more than `kept` items
local function union(a, b, kept)
  local seen, out = {}, {}
  for item in string.gmatch((a or '') .. '\n' .. (b or ''), '[^\n]+') do
    if item == '*' then
      return '*'
    end
    if not seen[item] then
      seen[item] = true
      out[#out + 1] = item
    end
  end
  if kept and #out > kept then
    return '*'
  end
  table.sort(out)
  return table.concat(out, '\n')
end

-- move the centroid an earlier version kept of story `from` (a sorted set, a hash) into
-- the sorted set of story `into`
local function fold_legacy(from, into)
  local terms = into .. ':terms'
  if from ~= into and redis.call('EXISTS', from .. ':terms') == 1 then
    redis.call('ZUNIONSTORE', terms, 2, terms, from .. ':terms')
  end
  local flat = redis.call('HGETALL', from .. ':centroid')
  for i = 1, #flat, 2 do
    redis.call('ZINCRBY', terms, flat[i + 1], flat[i])
  end
  redis.call('DEL', from .. ':centroid')
  if from ~= into then
    redis.call('DEL', from .. ':terms')
  end
end

-- add the lines of `values` (field -> lines) to the story's marks
local function mark(key, values)
  for _, field in ipairs(MARKS) do
    if values[field] and values[field] ~= '' then
      local lines = union(redis.call('HGET', key, field), values[field], KEPT[field])
      redis.call('HSET', key, field, lines)
    end
  end
end

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
for m = 1, merges do
  if redis.call('EXISTS', KEYS[8 + postings + 2 * m]) == 0 then
    return {'retry'}  -- closed, or merged by another worker since it was scored
  end
end

-- the story
redis.call('HSET', story, 'seen_last', now)
mark(story, {years = ARGV[18], leads = ARGV[19], months = ARGV[20], weekdays = ARGV[21],
  figures = ARGV[22]})
if published then
  local latest, first = unpack(redis.call('HMGET', story, 'published', 'published_first'))
  redis.call('HSET', story, 'published', math.max(tonumber(latest) or published, published),
    'published_first', math.min(tonumber(first) or tonumber(latest) or published, published))
end
local count = redis.call('HINCRBY', story, 'count', 1)

-- the centroid: the worker's sum if no other worker wrote to these stories since it read
-- them, else the article's chunk appended
local revs = cjson.decode(ARGV[14])
local current = (redis.call('HGET', story, 'rev') or '0') == revs[1]
for m = 1, merges do
  local other = KEYS[8 + postings + 2 * m]
  current = current and (redis.call('HGET', other, 'rev') or '0') == revs[m + 1]
end
if current then
  redis.call('SET', centroid, ARGV[17])
  redis.call('DEL', story .. ':terms', story .. ':centroid')
else
  redis.call('APPEND', centroid, chunk)
  fold_legacy(story, story)
end
redis.call('HINCRBY', story, 'rev', 1)

-- the stories merged into it: centroid (unless summed), count, times
for m = 1, merges do
  local other, theirs = KEYS[8 + postings + 2 * m], KEYS[9 + postings + 2 * m]
  if not current then
    redis.call('APPEND', centroid, redis.call('GET', theirs) or '')
    fold_legacy(other, story)
  end
  local n, first, latest, earliest, years, leads, months, weekdays, figures = unpack(
    redis.call('HMGET', other, 'count', 'seen_first', 'published', 'published_first', 'years',
      'leads', 'months', 'weekdays', 'figures'))
  mark(story, {years = years, leads = leads, months = months, weekdays = weekdays,
    figures = figures})
  count = redis.call('HINCRBY', story, 'count', tonumber(n) or 0)
  local opened = tonumber(redis.call('HGET', story, 'seen_first'))
  redis.call('HSET', story, 'seen_first', math.min(opened, tonumber(first) or opened))
  if latest then
    local mine, mine_first = unpack(redis.call('HMGET', story, 'published', 'published_first'))
    earliest = tonumber(earliest) or tonumber(latest)
    mine_first = tonumber(mine_first) or tonumber(mine) or earliest
    redis.call('HSET', story, 'published', math.max(tonumber(mine) or tonumber(latest),
      tonumber(latest)), 'published_first', math.min(mine_first, earliest))
  end
  redis.call('DEL', other, theirs, other .. ':terms', other .. ':centroid')
  redis.call('ZREM', open, ARGV[first_merged + m - 1])
  redis.call('ZREM', sizes, ARGV[first_merged + m - 1])
end
if merges > 0 then
  redis.call('XADD', events, '*', 'record', ARGV[16])
end

redis.call('EXPIRE', story, window)
redis.call('EXPIRE', centroid, window)
if not current then
  redis.call('EXPIRE', story .. ':terms', window)
end

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
for i = 10, 9 + postings do
  redis.call('ZADD', KEYS[i], now, id)
  redis.call('ZREMRANGEBYSCORE', KEYS[i], '-inf', now - window)
  redis.call('EXPIRE', KEYS[i], window)
end
if nbands > 0 then
  near_add(bands, {unpack(ARGV, 25, 24 + nbands)}, ARGV[11])
end
redis.call('HSET', sigs, ARGV[11], ARGV[12])
redis.call('EXPIRE', bands, slot_ttl)
redis.call('EXPIRE', sigs, slot_ttl)
redis.call('SET', of, ARGV[8], 'EX', math.max(window, slot_ttl))
return {'placed', ARGV[8]}
