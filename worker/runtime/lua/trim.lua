-- trim: cut an output stream down to `maxlen` entries, never past `floor`.
--
-- KEYS[1]  the stream
-- ARGV[1]  maxlen
-- ARGV[2]  floor: the first entry some consumer group may still need ('' = no group)
-- ARGV[3]  at most this many entries are trimmed per call
--
-- Returns how many entries were trimmed.

local excess = math.min(redis.call('XLEN', KEYS[1]) - tonumber(ARGV[1]), tonumber(ARGV[3]))
if excess <= 0 then
  return 0
end
local entries = redis.call('XRANGE', KEYS[1], '-', '+', 'COUNT', excess + 1)
local cutoff = entries[#entries][1]
if ARGV[2] ~= '' then
  local function key(id)
    local ms, seq = string.match(id, '^(%d+)-(%d+)$')
    return tonumber(ms), tonumber(seq)
  end
  local cms, cseq = key(cutoff)
  local fms, fseq = key(ARGV[2])
  if fms < cms or (fms == cms and fseq < cseq) then
    cutoff = ARGV[2]
  end
end
return redis.call('XTRIM', KEYS[1], 'MINID', cutoff)
