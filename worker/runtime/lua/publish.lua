-- publish: the last hop's holder adds the record to the articles stream, once per
-- submission, unless another submission already published the same article_id.
--
-- KEYS[1]  ledger hash
-- KEYS[2]  articles stream
-- KEYS[3]  article key (article_id -> ingest_id that published it)
-- KEYS[4]  inflight sorted set
-- KEYS[5]  counters hash
-- KEYS[6]  raw payload string
-- ARGV[1]  the record (JSON)
-- ARGV[2]  ingest_id
-- ARGV[3]  force ('1': publish even if the article_id was published before)
-- ARGV[4]  finished_at (ISO 8601)
-- ARGV[5]  article_id
-- ARGV[6]  dispatch number of the holder's message
-- ARGV[7]  holder ("<instance>/<pid>")
-- ARGV[8]  retention of the ledger entry (s)   ARGV[9] of the raw payload (s)
-- ARGV[10] dedup window (s): the article key and the seen key live this long
-- KEYS[7]  this minute's stats hash; ARGV[11] its time to live (s); ARGV[12..] pairs of
--          field and amount to add to it when the article is published or a duplicate
--          (its timings, worker/runtime/timings.py)
--
-- Returns {'published', stream entry id}, {'duplicate', ingest_id of the first},
-- {'already', state} (it ended before: e.g. this call repeated after a lost reply), or
-- {'stale', state} (this holder no longer owns the submission: nothing written).

local ledger, id = KEYS[1], ARGV[2]
local state, dispatch, holder, seen = unpack(redis.call(
  'HMGET', ledger, 'state', 'dispatch', 'holder', 'seen_key'))
if TERMINAL[state] then
  return {'already', state}
end
if state ~= 'running' or dispatch ~= ARGV[6] or holder ~= ARGV[7] then
  return {'stale', state or ''}
end

local function finish(outcome)
  for i = 12, #ARGV - 1, 2 do
    redis.call('HINCRBYFLOAT', KEYS[7], ARGV[i], ARGV[i + 1])
  end
  redis.call('EXPIRE', KEYS[7], ARGV[11])
  move(ledger, id, false)
  redis.call('ZREM', KEYS[4], id)
  redis.call('HDEL', ledger, 'holder', 'claimed_at', 'deadline')
  redis.call('HINCRBY', KEYS[5], outcome, 1)
  redis.call('EXPIRE', ledger, ARGV[8])
  redis.call('EXPIRE', KEYS[6], ARGV[9])
  if seen then
    redis.call('EXPIRE', seen, ARGV[10])
  end
end

if ARGV[3] ~= '1' then
  local prior = redis.call('GET', KEYS[3])
  if prior and prior ~= id then
    redis.call('HSET', ledger, 'state', 'duplicate', 'duplicate_of', prior,
               'article_id', ARGV[5], 'finished_at', ARGV[4])
    finish('duplicate')
    return {'duplicate', prior}
  end
end
local entry = redis.call('XADD', KEYS[2], '*', 'record', ARGV[1])
redis.call('SET', KEYS[3], id, 'EX', ARGV[10])
redis.call('HSET', ledger, 'state', 'published', 'entry_id', entry, 'article_id', ARGV[5],
           'finished_at', ARGV[4])
finish('published')
return {'published', entry}
