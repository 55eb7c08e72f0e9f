--[[
  Applies a batch of contact events (queued / answered / abandoned / resolved) atomically.

  Order does not matter: a contact's state merges commutatively (each time field keeps its earliest value,
  channel/queue/reason keep the smallest non-empty value), and the counters it contributes to are a pure
  function of that state. Each event subtracts what the contact contributed before and adds what it
  contributes now (only for the parts it changes), so any order and any re-delivery end in the same counters
  and live sets.

  Duplicates: the ids of a contact's events are kept in the contact's own hash ("e:<id>"), read with its
  state in the same HMGET. This costs no key and no command of its own (a key per event would be the largest
  share of memory and of the time per event). A re-delivered event is found as long as its contact's state
  lives (open, and 48 h after it closes: the duplicate window); an id reused for another contact is not
  (see the ingest notes in README).

  KEYS[1] tenant key <prefix>tenant (routes the call to the tenant's slot)
  ARGV[1] key prefix, e.g. "pw:{default}:"
  ARGV[2] bucket retention after the bucket ends, ms
  ARGV[3] now, epoch ms (trims live sets of contacts older than the open-contact TTL)
  ARGV[4] open-contact TTL, s: an open contact older than this is dropped by the janitor
  ARGV[5] closed-contact TTL, s: how long a closed contact keeps its state (and so its event ids)
  ARGV[6] most queues per channel (PEAKWATCH_MAX_QUEUES)
  ARGV[7] most reasons of the tenant (PEAKWATCH_MAX_REASONS)
  ARGV[8] the name beyond-limit queues and reasons fold into, "(other)"
  ARGV[9..] events, 7 fields each: id, kind (q|a|b|x), at (epoch ms), channel, contactId, queue, reason
            (queue and reason "" when absent)

  Live sets <prefix>wq:<ch>|<queue> (waiting) and <prefix>oq:<ch>|<queue> (open), scored by queued time;
  queue "" for contacts without one. Named queues with open contacts: set <prefix>live-queues:<ch> (a queue
  with a waiting contact has it open too).
  Queue and reason names: lua/includes/names.lua. A contact's queue (and reason) is decided when it first gets
  one, or a new one (the smallest name its events carry, or another channel): admitted, or folded into OTHER
  when the registry is full; its later events keep that decision, so all of a contact's counters are always in
  one queue, whatever the order its events arrive in. A contact counts as folded once, when it is.
  Contact hash <prefix>c:<contactId>: ch, qu, re (the names counted under, OTHER when folded), rq, rr (the
  names the events carried, kept while folded), q, a, b, x (times), it (answered in target 0/1),
  sa (short abandon 0/1), e:<eventId> (kind). Thresholds come from <prefix>thresholds: "<ch>|T" and "<ch>|S"
  in seconds.

  When the call applied an event: <prefix>last-event (lua/includes/last-event.lua).

  Returns a string with one character per event: "1" applied, "0" duplicate.
]]
local P = ARGV[1]
local DEDUP_TTL = nil -- contact events are deduplicated in the contact hash, not with firstSight
local BUCKET_TTL = tonumber(ARGV[2])
local NOW = tonumber(ARGV[3])
local openTtl = tonumber(ARGV[4])
local closedTtl = tonumber(ARGV[5])
local MAX_QUEUES = tonumber(ARGV[6])
local MAX_REASONS = tonumber(ARGV[7])
local OTHER = ARGV[8]

--@include "buckets"
--@include "last-event"
--@include "names"

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
    if s.re ~= '' then minuteAdd(s.q, 'r|' .. s.re, sign) end
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

local touchedQueues = {}
local result = {}
local TIME_FIELDS = { 'q', 'a', 'b', 'x' }
for i = 9, #ARGV, 7 do
  local id, kind, at, ch, cid, qu, re =
    ARGV[i], ARGV[i + 1], tonumber(ARGV[i + 2]), ARGV[i + 3], ARGV[i + 4], ARGV[i + 5], ARGV[i + 6]
  local ckey = P .. 'c:' .. cid
  local eid = 'e:' .. id
  local v = redis.call('HMGET', ckey, 'ch', 'qu', 're', 'q', 'a', 'b', 'x', 'it', 'sa', eid, 'rq', 'rr')
  if v[10] then
    result[#result + 1] = '0'
  else
    result[#result + 1] = '1'
    noteEvent(ch)
    local old = { ch = v[1] or '', qu = v[2] or '', re = v[3] or '', q = tonumber(v[4]), a = tonumber(v[5]),
                  b = tonumber(v[6]), x = tonumber(v[7]), it = v[8] or '', sa = v[9] or '' }
    -- The names the contact's events carried: the stored ones while folded, else the names it counts under.
    local oldRq = (old.qu == OTHER and v[11]) or old.qu
    local oldRr = (old.re == OTHER and v[12]) or old.re
    local rq, rr = minStr(oldRq, qu), minStr(oldRr, re)
    local new = { ch = minStr(old.ch, ch), q = old.q, a = old.a, b = old.b, x = old.x, it = old.it, sa = old.sa }
    local moved = new.ch ~= old.ch
    new.qu = pickName(old.qu, oldRq, rq, moved, P .. 'queue-names:' .. new.ch, MAX_QUEUES)
    new.re = pickName(old.re, oldRr, rr, false, P .. 'reason-names', MAX_REASONS)
    new[kind] = minNum(old[kind], at)
    -- Threshold flags are fixed when the wait becomes known (or changes), so a later change of targets
    -- never rewrites what was already counted.
    if new.q and new.a and (new.q ~= old.q or new.a ~= old.a or new.ch ~= old.ch or old.it == '') then
      new.it = (new.a - new.q <= (threshold(new.ch, 'T') or 0) * 1000) and '1' or '0'
    end
    if new.q and new.b and (new.q ~= old.q or new.b ~= old.b or new.ch ~= old.ch or old.sa == '') then
      local S = threshold(new.ch, 'S')
      new.sa = (S and new.b - new.q <= S * 1000) and '1' or '0'
    end
    local where = old.ch ~= new.ch or old.qu ~= new.qu
    local arrival = where or old.q ~= new.q or old.re ~= new.re
    local leave = where or old.q ~= new.q or old.a ~= new.a or old.b ~= new.b or old.it ~= new.it or old.sa ~= new.sa
    local resolve = where or old.x ~= new.x or old.a ~= new.a
    contribute(old, -1, arrival, leave, resolve)
    contribute(new, 1, arrival, leave, resolve)

    local wasOpen, isOpen = updateLive(old, new, cid)
    touchedQueues[new.ch .. '|' .. new.qu] = { new.ch, new.qu }
    local last = latest(new)
    if new.qu ~= '' then nameTouch(P .. 'queue-names:' .. new.ch, new.qu, last) end
    if new.re ~= '' then nameTouch(P .. 'reason-names', new.re, last) end
    if new.qu == OTHER and rq ~= OTHER and (old.qu ~= OTHER or moved) then foldNote('q|' .. new.ch) end
    if new.re == OTHER and rr ~= OTHER and old.re ~= OTHER then foldNote('r') end

    -- Only what changed is written, with the event's id.
    local args = { eid, kind }
    for _, f in ipairs({ 'ch', 'qu', 're', 'it', 'sa' }) do
      if new[f] ~= old[f] then args[#args + 1] = f; args[#args + 1] = new[f] end
    end
    if new.qu == OTHER and v[11] ~= rq then args[#args + 1] = 'rq'; args[#args + 1] = rq end
    if new.re == OTHER and v[12] ~= rr then args[#args + 1] = 'rr'; args[#args + 1] = rr end
    for _, f in ipairs(TIME_FIELDS) do
      if new[f] ~= old[f] then args[#args + 1] = f; args[#args + 1] = string.format('%d', new[f]) end
    end
    redis.call('HSET', ckey, unpack(args))
    -- A closed contact lives for the duplicate window (TTL set when it closes). An open one has no TTL: it lives
    -- as long as a backlog may, until it closes or the janitor below drops it after the open-contact TTL.
    if isOpen and not wasOpen and old.ch ~= '' then
      redis.call('PERSIST', ckey)
    elseif not isOpen and (wasOpen or old.ch == '') then
      redis.call('EXPIRE', ckey, closedTtl)
    end
  end
end

accFlush()
liveFlush()
lastEventFlush()
namesFlush()

-- Janitor: contacts open longer than the open-contact TTL (never closed by their integration) are dropped,
-- state and live-set entries, a few at a time, in the queues this call touched.
local cutoff = string.format('(%d', NOW - openTtl * 1000)
for cq, where in pairs(touchedQueues) do
  local stale = redis.call('ZRANGEBYSCORE', P .. 'oq:' .. cq, '-inf', cutoff, 'LIMIT', 0, 100)
  if #stale > 0 then
    for _, cid in ipairs(stale) do redis.call('DEL', P .. 'c:' .. cid) end
    redis.call('ZREM', P .. 'oq:' .. cq, unpack(stale))
    redis.call('ZREM', P .. 'wq:' .. cq, unpack(stale))
    if where[2] ~= '' then liveQueueMark(P .. 'oq:' .. cq, where) end
  end
end

return table.concat(result)
