--[[
  Shared piece: a contact's state and what it contributes, for the scripts that change contacts (contact-1.lua
  applies events, retract-1.lua withdraws them). The state s: ch, qu, re (strings, "" when unknown), q, a, b, x
  (times, nil when unknown), it, sa ("1"/"0", "" when not yet known).
  Expects the locals P (key prefix), the bucket functions (lua/includes/buckets.lua) and the name registries
  (lua/includes/names.lua) to be declared first.
]]
local thresholds = {}

local function threshold(ch, which)
  local k = ch .. '|' .. which
  if thresholds[k] == nil then
    thresholds[k] = tonumber(redis.call('HGET', P .. 'thresholds', k)) or false
  end
  return thresholds[k]
end

-- What a contact in state s contributes to the counters, times sign (+1 add, -1 withdraw), in three
-- independent parts; the flags say which to count (a part whose inputs did not change cancels out anyway).
local function contribute(s, sign, arrival, leave, resolve)
  if s.ch == '' then return end
  if s.q and arrival then
    bucketAdd(s.q, s.ch, s.qu, { 'arr', sign })
    if s.re ~= '' then totalAdd(s.q, { 'r|' .. s.re, sign }) end
  end
  if s.q and leave then
    if s.a then
      bucketAdd(s.a, s.ch, s.qu, { 'ans', sign, 'wms', sign * math.max(0, s.a - s.q), 'ait', s.it == '1' and sign or 0 })
    elseif s.b then
      bucketAdd(s.b, s.ch, s.qu, { 'abn', sign, 'abs', s.sa == '1' and sign or 0 })
    end
  end
  if s.x and resolve then
    if s.a then
      bucketAdd(s.x, s.ch, s.qu, { 'res', sign, 'hn', sign, 'hms', sign * math.max(0, s.x - s.a) })
    else
      bucketAdd(s.x, s.ch, s.qu, { 'res', sign })
    end
  end
end

-- Live-set membership: waiting = queued, not answered, abandoned nor resolved (a contact closed without an
-- answer is not waiting any more); open = queued, not resolved nor abandoned.
local function membership(s)
  if not s.q or s.ch == '' then return false, false end
  return (not s.a and not s.b and not s.x), (not s.x and not (s.b and not s.a))
end

-- Live-set changes of the whole call, written at its end: per set, one ZREM and one ZADD with many members
-- (far fewer commands to run and to write to the append-only file than one per event). The last change of a
-- member within the call is the one that stands.
local liveOps, liveOrder, liveWhere = {}, {}, {}

-- Adds the contact to (add) or removes it from the live set `kind` ('w' waiting, 'o' open) of its channel and
-- queue (queue "" for contacts without one). Live sets exist per queue only: a channel's figures are the sum
-- over its queues, which halves the writes per event.
local function live(s, cid, kind, add)
  local key = P .. kind .. 'q:' .. s.ch .. '|' .. s.qu
  local ops = liveOps[key]
  if not ops then
    ops = {}
    liveOps[key] = ops
    liveOrder[#liveOrder + 1] = key
    liveWhere[key] = kind == 'o' and s.qu ~= '' and { s.ch, s.qu } or false
  end
  ops[cid] = add and s.q or false
end

-- Keeps <prefix>live-queues:<ch> in step with the open set `key` of a named queue (`where` = { ch, qu }).
local function liveQueueMark(key, where)
  if redis.call('ZCARD', key) > 0 then
    redis.call('SADD', P .. 'live-queues:' .. where[1], where[2])
  else
    redis.call('SREM', P .. 'live-queues:' .. where[1], where[2])
  end
end

local function liveFlush()
  for _, key in ipairs(liveOrder) do
    local adds, rems = {}, {}
    for cid, score in pairs(liveOps[key]) do
      if score then
        adds[#adds + 1] = string.format('%d', score)
        adds[#adds + 1] = cid
      else
        rems[#rems + 1] = cid
      end
    end
    -- unpack is limited to a few thousand values: write in slices.
    for i = 1, #rems, 4000 do redis.call('ZREM', key, unpack(rems, i, math.min(i + 3999, #rems))) end
    for i = 1, #adds, 4000 do redis.call('ZADD', key, unpack(adds, i, math.min(i + 3999, #adds))) end
    if liveWhere[key] then liveQueueMark(key, liveWhere[key]) end
  end
end

-- Moves the contact between live sets: only the sets whose membership changed are touched, unless the
-- contact's channel, queue or queued time changed, when it leaves its old sets and joins the new ones.
local function updateLive(old, new, cid)
  local ow, oo = membership(old)
  local nw, no = membership(new)
  local moved = old.q ~= new.q or old.ch ~= new.ch or old.qu ~= new.qu
  if ow and (moved or not nw) then live(old, cid, 'w', false) end
  if oo and (moved or not no) then live(old, cid, 'o', false) end
  if nw and (moved or not ow) then live(new, cid, 'w', true) end
  if no and (moved or not oo) then live(new, cid, 'o', true) end
  return oo, no
end

local function minStr(old, new)
  if new == '' then return old end
  if old == '' or new < old then return new end
  return old
end

local function minNum(old, new)
  if old == nil or new < old then return new end
  return old
end

-- The name a contact counts under: its decided name while the name its events carry (`raw`) and its channel
-- stay the same; else `raw` admitted into the registry `key`, or OTHER beyond `max` names.
local function pickName(oldName, oldRaw, raw, moved, key, max)
  if raw == '' then return '' end
  if raw == oldRaw and not moved and oldName ~= '' then return oldName end
  return nameAdmit(key, max, raw)
end

-- The latest time of a contact's state: every bucket it counts in is at or before it.
local function latest(s)
  local t = s.q or 0
  for _, f in ipairs({ 'a', 'b', 'x' }) do if s[f] and s[f] > t then t = s[f] end end
  return t
end

-- Threshold flags are fixed when the wait becomes known (or changes), so a later change of targets never
-- rewrites what was already counted: new.it and new.sa are set from old's unless q, a (b) or ch changed.
local function setFlags(old, new)
  if new.q and new.a and (new.q ~= old.q or new.a ~= old.a or new.ch ~= old.ch or old.it == '') then
    new.it = (new.a - new.q <= (threshold(new.ch, 'T') or 0) * 1000) and '1' or '0'
  end
  if new.q and new.b and (new.q ~= old.q or new.b ~= old.b or new.ch ~= old.ch or old.sa == '') then
    local S = threshold(new.ch, 'S')
    new.sa = (S and new.b - new.q <= S * 1000) and '1' or '0'
  end
end

-- What one contact event was, as kept in its contact's hash (field "e:<id>"): "<kind>|<at>|<ch>|<qu>|<re>", and
-- "|<cu>" when it brought a customer (the keyed hash, never the customerId).
local function contactRecord(kind, at, ch, qu, re, cu)
  local r = kind .. '|' .. string.format('%d', at) .. '|' .. ch .. '|' .. qu .. '|' .. re
  if cu ~= '' then r = r .. '|' .. cu end
  return r
end

-- The fields of a record (cu "" when it brought no customer), or nil for an id kept by an older version (its kind only).
local function parseContactRecord(v)
  local kind, at, ch, qu, re, cu = string.match(v, '^(%a)|(%d+)|([^|]*)|([^|]*)|([^|]*)|?([^|]*)$')
  if not kind then return nil end
  return { kind = kind, at = tonumber(at), ch = ch, qu = qu, re = re, cu = cu }
end

-- The contact's state from its hash (HMGET of ch, qu, re, q, a, b, x, it, sa, in that order).
local CONTACT_FIELDS = { 'ch', 'qu', 're', 'q', 'a', 'b', 'x', 'it', 'sa' }
local function contactState(v)
  return { ch = v[1] or '', qu = v[2] or '', re = v[3] or '', q = tonumber(v[4]), a = tonumber(v[5]),
           b = tonumber(v[6]), x = tonumber(v[7]), it = v[8] or '', sa = v[9] or '' }
end

-- Event ids of contacts, by the hour they were received: hash <prefix>ce:<hour>, id -> contactId, kept for the
-- duplicate window, so that an id alone finds its contact (retract-1.lua). One HSET per call and hour.
local indexed = {}
local function indexEvent(id, cid)
  indexed[#indexed + 1] = id
  indexed[#indexed + 1] = cid
end
local function indexFlush(windowMs)
  if #indexed == 0 then return end
  local hour = math.floor(NOW / 3600000)
  local key = P .. 'ce:' .. hour
  for i = 1, #indexed, 4000 do redis.call('HSET', key, unpack(indexed, i, math.min(i + 3999, #indexed))) end
  redis.call('PEXPIRE', key, string.format('%d', math.max(1000, (hour + 1) * 3600000 + windowMs - NOW)))
end
