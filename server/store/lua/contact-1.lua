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
  ARGV[6..] events, 7 fields each: id, kind (q|a|b|x), at (epoch ms), channel, contactId, queue, reason
            (queue and reason "" when absent)

  Live sets <prefix>wq:<ch>|<queue> (waiting) and <prefix>oq:<ch>|<queue> (open), scored by queued time;
  queue "" for contacts without one. Queue names of a channel: set <prefix>queues:<ch>.
  Contact hash <prefix>c:<contactId>: ch, qu, re, q, a, b, x (times), it (answered in target 0/1),
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

--@include "buckets"
--@include "last-event"

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
local liveOps, liveOrder = {}, {}

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
  end
  ops[cid] = add and s.q or false
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

local touchedQueues = {}
local result = {}
local TIME_FIELDS = { 'q', 'a', 'b', 'x' }
for i = 6, #ARGV, 7 do
  local id, kind, at, ch, cid, qu, re =
    ARGV[i], ARGV[i + 1], tonumber(ARGV[i + 2]), ARGV[i + 3], ARGV[i + 4], ARGV[i + 5], ARGV[i + 6]
  local ckey = P .. 'c:' .. cid
  local eid = 'e:' .. id
  local v = redis.call('HMGET', ckey, 'ch', 'qu', 're', 'q', 'a', 'b', 'x', 'it', 'sa', eid)
  if v[10] then
    result[#result + 1] = '0'
  else
    result[#result + 1] = '1'
    noteEvent(ch)
    local old = { ch = v[1] or '', qu = v[2] or '', re = v[3] or '', q = tonumber(v[4]), a = tonumber(v[5]),
                  b = tonumber(v[6]), x = tonumber(v[7]), it = v[8] or '', sa = v[9] or '' }
    local new = { ch = minStr(old.ch, ch), qu = minStr(old.qu, qu), re = minStr(old.re, re), q = old.q, a = old.a,
                  b = old.b, x = old.x, it = old.it, sa = old.sa }
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
    local cq = new.ch .. '|' .. new.qu
    if new.qu ~= '' and (new.qu ~= old.qu or new.ch ~= old.ch) and not touchedQueues[cq] then
      redis.call('SADD', P .. 'queues:' .. new.ch, new.qu)
    end
    touchedQueues[cq] = true

    -- Only what changed is written, with the event's id.
    local args = { eid, kind }
    for _, f in ipairs({ 'ch', 'qu', 're', 'it', 'sa' }) do
      if new[f] ~= old[f] then args[#args + 1] = f; args[#args + 1] = new[f] end
    end
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

-- Janitor: contacts open longer than the open-contact TTL (never closed by their integration) are dropped,
-- state and live-set entries, a few at a time, in the queues this call touched.
local cutoff = string.format('(%d', NOW - openTtl * 1000)
for cq in pairs(touchedQueues) do
  local stale = redis.call('ZRANGEBYSCORE', P .. 'oq:' .. cq, '-inf', cutoff, 'LIMIT', 0, 100)
  if #stale > 0 then
    for _, cid in ipairs(stale) do redis.call('DEL', P .. 'c:' .. cid) end
    redis.call('ZREM', P .. 'oq:' .. cq, unpack(stale))
    redis.call('ZREM', P .. 'wq:' .. cq, unpack(stale))
  end
end

return table.concat(result)
