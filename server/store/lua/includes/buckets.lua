--[[
  Shared piece: accumulates counter deltas per bucket key and writes them once per script call.
  Minute buckets  <prefix>m:<minute>   fields "<ch>|<field>", "r|<reason>", "orders"
  Hour roll-ups   <prefix>h:<hour>     fields "<ch>|<field>", "orders"
  Queue buckets   <prefix>mq:<minute>, <prefix>hq:<hour>   fields "<ch>|<queue>|<field>"
  Each touched bucket expires ARGV bucket-TTL after its own end (PEXPIREAT), so retention follows event time.
  Expects the locals P (key prefix), DEDUP_TTL and BUCKET_TTL (ms) to be declared by the including script.
]]
local acc, accOrder, accEnd = {}, {}, {}

local function accAdd(key, endMs, field, delta)
  local t = acc[key]
  if not t then
    t = {}
    acc[key] = t
    accOrder[#accOrder + 1] = key
    accEnd[key] = endMs
  end
  t[field] = (t[field] or 0) + delta
end

-- Adds delta to <field> of channel ch (and of its queue when qu is not empty) in the minute and hour of time t.
local function bucketAdd(t, ch, qu, field, delta)
  local m = math.floor(t / 60000)
  local h = math.floor(t / 3600000)
  local mEnd, hEnd = (m + 1) * 60000, (h + 1) * 3600000
  accAdd(P .. 'm:' .. m, mEnd, ch .. '|' .. field, delta)
  accAdd(P .. 'h:' .. h, hEnd, ch .. '|' .. field, delta)
  if qu ~= '' then
    accAdd(P .. 'mq:' .. m, mEnd, ch .. '|' .. qu .. '|' .. field, delta)
    accAdd(P .. 'hq:' .. h, hEnd, ch .. '|' .. qu .. '|' .. field, delta)
  end
end

-- Adds delta to a minute-only field (reasons, which are only read for the last two hours).
local function minuteAdd(t, field, delta)
  local m = math.floor(t / 60000)
  accAdd(P .. 'm:' .. m, (m + 1) * 60000, field, delta)
end

-- Writes every non-zero delta; a key whose deltas all cancel is not touched at all.
local function accFlush()
  for _, key in ipairs(accOrder) do
    local touched = false
    for field, delta in pairs(acc[key]) do
      if delta ~= 0 then
        redis.call('HINCRBY', key, field, string.format('%d', delta))
        touched = true
      end
    end
    if touched then
      redis.call('PEXPIREAT', key, string.format('%d', accEnd[key] + BUCKET_TTL))
    end
  end
end

-- Marks an event id as seen; false when it was seen before (a duplicate that must change nothing).
local function firstSight(id)
  return redis.call('SET', P .. 'seen:' .. id, '1', 'NX', 'PX', DEDUP_TTL) ~= false
end
