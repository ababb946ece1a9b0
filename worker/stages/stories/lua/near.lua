-- near: the near-duplicate band index of a time slot, shared by look and place (this text
-- goes before theirs).
--
-- A slot's band index is one hash of buckets grown by linear hashing. An entry is a band key
-- (5 bytes: the band's number and a 4-byte hash of its rows) followed by the 8-byte id of
-- the article that has it, and it lives in the bucket its hash addresses (the field is the
-- bucket's number, 4 bytes, little-endian). Field '#' holds "level split entries buckets":
-- the buckets are numbered 0 .. 2^level + split - 1, and whenever the slot holds more than
-- NEAR_LOAD entries a bucket, the next buckets are split (bucket `split`'s entries whose
-- hash says so move to bucket split + 2^level), so a lookup reads one field a band key
-- however many articles the slot holds. Entries in strings of a few hundred bytes take a
-- fraction of the memory one hash field per band key took (each field costs Redis tens of
-- bytes beside its data). The slot's hash expires whole, as before.
--
-- An earlier version kept one field per band key (the 5-byte key -> the 8-byte ids); a
-- slot written during an upgrade has both, and its hash then holds more fields than '#'
-- counts: lookups read those fields too.

local NEAR_ENTRY = 13 -- band key and id
local NEAR_LOAD = 16 -- entries a bucket, on average, before one is split
local NEAR_PER_KEY = 64 -- entries kept a band key (the latest): one many texts share holds no more

local floor = math.floor

local function near_address(entry)
  local a, b, c, d = string.byte(entry, 2, 5)
  return ((a * 256 + b) * 256 + c) * 256 + d
end

local function near_meta(index)
  local meta = redis.call('HGET', index, '#')
  if not meta then
    return 0, 0, 0, 0
  end
  local level, split, entries, buckets = string.match(meta, '(%d+) (%d+) (%d+) (%d+)')
  return tonumber(level), tonumber(split), tonumber(entries), tonumber(buckets)
end

local function near_bucket(address, level, split)
  local size = 2 ^ level
  local bucket = address % size
  if bucket < split then
    bucket = address % (2 * size)
  end
  return bucket
end

-- a bucket's field: its number, 4 bytes (little-endian)
local function near_name(bucket)
  return string.char(bucket % 256, floor(bucket / 256) % 256, floor(bucket / 65536) % 256,
    floor(bucket / 16777216))
end

-- the field of the bucket band key `key` lives in at the slot's level and split
local function near_field(key, level, split)
  return near_name(near_bucket(near_address(key), level, split))
end

-- the starts of the entries of `bucket` with band key `key`
local function near_find(bucket, key)
  local starts, at = {}, 1
  while true do
    local i = string.find(bucket, key, at, true)
    if not i then
      return starts
    end
    if (i - 1) % NEAR_ENTRY == 0 then
      starts[#starts + 1] = i
      at = i + NEAR_ENTRY
    else
      at = i + 1
    end
  end
end

-- the ids of the articles sharing a band key with `keys` in the slot, maybe with repeats
local function near_lookup(index, keys)
  local ids = {}
  local level, split, _, buckets = near_meta(index)
  if buckets > 0 then
    local names = {}
    for i, key in ipairs(keys) do
      names[i] = near_field(key, level, split)
    end
    for i, bucket in ipairs(redis.call('HMGET', index, unpack(names))) do
      if bucket then
        for _, at in ipairs(near_find(bucket, keys[i])) do
          ids[#ids + 1] = string.sub(bucket, at + 5, at + 12)
        end
      end
    end
  end
  if redis.call('HLEN', index) > buckets + (buckets > 0 and 1 or 0) then -- fields of before
    for _, old in ipairs(redis.call('HMGET', index, unpack(keys))) do
      if old then
        for i = 1, #old, 8 do
          ids[#ids + 1] = string.sub(old, i, i + 7)
        end
      end
    end
  end
  return ids
end

-- `bucket` without the oldest entries of band key `key` beyond NEAR_PER_KEY - 1, and how
-- many went
local function near_capped(bucket, key)
  local starts = near_find(bucket, key)
  local drop = #starts - (NEAR_PER_KEY - 1)
  if drop <= 0 then
    return bucket, 0
  end
  local parts, from = {}, 1
  for n = 1, drop do
    parts[#parts + 1] = string.sub(bucket, from, starts[n] - 1)
    from = starts[n] + NEAR_ENTRY
  end
  parts[#parts + 1] = string.sub(bucket, from)
  return table.concat(parts), drop
end

-- add the article `id` under each band key in `keys` to the slot, then split buckets while
-- it is over its load
local function near_add(index, keys, id)
  local level, split, entries, buckets = near_meta(index)
  local names, at, grouped = {}, {}, {}
  for _, key in ipairs(keys) do
    local name = near_field(key, level, split)
    local n = at[name]
    if not n then
      n = #names + 1
      names[n], at[name], grouped[n] = name, n, ''
    end
    grouped[n] = grouped[n] .. key .. id
  end
  local found = redis.call('HMGET', index, unpack(names))
  local fields = {}
  for n, name in ipairs(names) do
    local bucket, gone = found[n] or '', 0
    if not found[n] then
      buckets = buckets + 1
    end
    if #bucket >= (NEAR_PER_KEY - 1) * NEAR_ENTRY then -- may hold that many of one key
      for i = 1, #grouped[n], NEAR_ENTRY do
        bucket, gone = near_capped(bucket, string.sub(grouped[n], i, i + 4))
        entries = entries - gone
      end
    end
    fields[#fields + 1] = name
    fields[#fields + 1] = bucket .. grouped[n]
    entries = entries + #grouped[n] / NEAR_ENTRY
  end
  redis.call('HSET', index, unpack(fields))

  -- the buckets to split, in order from `split`, each into itself and one 2^level above
  local size = 2 ^ level
  local splits = {}
  while entries > NEAR_LOAD * (size + split + #splits) and split + #splits < size do
    splits[#splits + 1] = split + #splits
  end
  local writes = {'#', ''} -- '#' (its value at the end), then the buckets split
  if #splits > 0 then
    local olds = {}
    for i, from in ipairs(splits) do
      olds[i] = near_name(from)
    end
    local empty = {}
    for i, old in ipairs(redis.call('HMGET', index, unpack(olds))) do
      if old then
        local stay, move = {}, {}
        for e = 1, #old, NEAR_ENTRY do
          local entry = string.sub(old, e, e + NEAR_ENTRY - 1)
          if near_address(entry) % (2 * size) == splits[i] then
            stay[#stay + 1] = entry
          else
            move[#move + 1] = entry
          end
        end
        if #move > 0 then
          writes[#writes + 1] = near_name(splits[i] + size)
          writes[#writes + 1] = table.concat(move)
          buckets = buckets + 1
          if #stay > 0 then
            writes[#writes + 1] = olds[i]
            writes[#writes + 1] = table.concat(stay)
          else
            empty[#empty + 1] = olds[i]
            buckets = buckets - 1
          end
        end
      end
    end
    if #empty > 0 then
      redis.call('HDEL', index, unpack(empty))
    end
    split = split + #splits
    if split == size then
      level, split = level + 1, 0
    end
  end
  writes[2] = level .. ' ' .. split .. ' ' .. entries .. ' ' .. buckets
  redis.call('HSET', index, unpack(writes))
end
