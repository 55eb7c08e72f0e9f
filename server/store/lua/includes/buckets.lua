--[[
  Shared piece: accumulates counter deltas per bucket key and writes them once per script call.
  Minute buckets  <prefix>m:<minute>   fields "<ch>|<field>", "r|<reason>", "orders"
  Hour roll-ups   <prefix>h:<hour>     fields "<ch>|<field>", "r|<reason>", "orders"
  Queue buckets   <prefix>mq:<minute>, <prefix>hq:<hour>   fields "<ch>|<queue>|<field>"
  The field names are listed once for the readers in server/store/bucket-fields.ts (a test checks they agree).
  Each touched bucket expires the bucket retention after its own end, so retention follows event time.
  Expects the locals P (key prefix), DEDUP_TTL (ms, for firstSight), BUCKET_TTL (ms) and NOW (the caller's
  clock, epoch ms) to be declared by the including script.
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

-- Bucket keys of the minute of time t, built once per minute per script call:
-- { minuteKey, hourKey, queueMinuteKey, queueHourKey, minuteEnd, hourEnd }.
local bucketCache = {}
local function bucketsOf(t)
  local m = math.floor(t / 60000)
  local b = bucketCache[m]
  if not b then
    local h = math.floor(m / 60)
    b = { P .. 'm:' .. m, P .. 'h:' .. h, P .. 'mq:' .. m, P .. 'hq:' .. h, (m + 1) * 60000, (h + 1) * 3600000 }
    bucketCache[m] = b
  end
  return b
end

-- Field names "<ch>|<field>" and "<ch>|<queue>|<field>", built once per script call.
local fieldCache = {}
local function fieldsOf(ch, qu)
  local key = ch .. '|' .. qu
  local f = fieldCache[key]
  if not f then
    f = { ch = ch .. '|', qu = qu ~= '' and (ch .. '|' .. qu .. '|') or false, names = {} }
    fieldCache[key] = f
  end
  return f
end

-- Adds deltas to fields of channel ch (and of its queue when qu is not empty) in the minute and hour of
-- time t. `list` is flat: field, delta, field, delta, ...
local function bucketAdd(t, ch, qu, list)
  local b = bucketsOf(t)
  local f = fieldsOf(ch, qu)
  for i = 1, #list, 2 do
    local field, delta = list[i], list[i + 1]
    local names = f.names[field]
    if not names then
      names = { f.ch .. field, f.qu and (f.qu .. field) or false }
      f.names[field] = names
    end
    accAdd(b[1], b[5], names[1], delta)
    accAdd(b[2], b[6], names[1], delta)
    if names[2] then
      accAdd(b[3], b[5], names[2], delta)
      accAdd(b[4], b[6], names[2], delta)
    end
  end
end

-- Adds deltas to tenant-wide fields (no channel: "orders", "r|<reason>") in the minute and hour of time t.
-- `list` is flat: field, delta, field, delta, ...
local function totalAdd(t, list)
  local b = bucketsOf(t)
  for i = 1, #list, 2 do
    accAdd(b[1], b[5], list[i], list[i + 1])
    accAdd(b[2], b[6], list[i], list[i + 1])
  end
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
      -- Relative to the caller's clock (ARGV now), so retention follows event time whatever Redis's own clock.
      redis.call('PEXPIRE', key, string.format('%d', math.max(1000, accEnd[key] + BUCKET_TTL - NOW)))
    end
  end
end

-- Marks an event id as seen, keeping what the event was (`record`, which retract-1.lua reads back to withdraw
-- it); false when it was seen before (a duplicate that must change nothing).
local function firstSight(id, record)
  return redis.call('SET', P .. 'seen:' .. id, record, 'NX', 'PX', DEDUP_TTL) ~= false
end
