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
  (see the ingest notes in README). A retracted id stays out (lua/includes/retracted.lua); to find an event's
  contact from its id, the ids are indexed by the hour received (<prefix>ce:<hour>, lua/includes/contact-state.lua).

  KEYS[1] tenant key <prefix>tenant (routes the call to the tenant's slot)
  ARGV[1] key prefix, e.g. "pw:{default}:"
  ARGV[2] bucket retention after the bucket ends, ms
  ARGV[3] now, epoch ms (trims live sets of contacts older than the open-contact TTL)
  ARGV[4] open-contact TTL, s: an open contact older than this is dropped by the janitor
  ARGV[5] closed-contact TTL, s: how long a closed contact keeps its state (and so its event ids)
  ARGV[6] most queues per channel (PEAKWATCH_MAX_QUEUES)
  ARGV[7] most reasons of the tenant (PEAKWATCH_MAX_REASONS)
  ARGV[8] the name beyond-limit queues and reasons fold into, "(other)"
  ARGV[9] repeat window, ms (PEAKWATCH_REPEAT_WINDOW_H)
  ARGV[10] how long a customer's contacts are kept after the latest, ms (the window plus the oldest event time accepted)
  ARGV[11..] events, 8 fields each: id, kind (q|a|b|x), at (epoch ms), channel, contactId, queue, reason,
            customer (the keyed hash of its customerId, read on kind q only; "" when absent, as queue and reason)

  Live sets <prefix>wq:<ch>|<queue> (waiting) and <prefix>oq:<ch>|<queue> (open), scored by queued time;
  queue "" for contacts without one. Named queues with open contacts: set <prefix>live-queues:<ch> (a queue
  with a waiting contact has it open too).
  Queue and reason names: lua/includes/names.lua. A contact's queue (and reason) is decided when it first gets
  one, or a new one (the smallest name its events carry, or another channel): admitted, or folded into OTHER
  when the registry is full; its later events keep that decision, so all of a contact's counters are always in
  one queue, whatever the order its events arrive in. A contact counts as folded once, when it is.
  Contact hash <prefix>c:<contactId>: ch, qu, re (the names counted under, OTHER when folded), rq, rr (the
  names the events carried, kept while folded), q, a, b, x (times), it (answered in target 0/1),
  sa (short abandon 0/1), cu (its customer: the smallest customer its queued events carried; repeats are kept
  per customer, lua/includes/repeats.lua), e:<eventId> (what the event was: "<kind>|<at>|<ch>|<qu>|<re>[|<cu>]"
  with the names it carried, which retract-1.lua re-applies when it withdraws another event of the contact). Thresholds come from
  <prefix>thresholds: "<ch>|T" and "<ch>|S"
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
local REPEAT_MS = tonumber(ARGV[9])
local REPEAT_KEEP_MS = tonumber(ARGV[10])

--@include "buckets"
--@include "last-event"
--@include "names"
--@include "contact-state"
--@include "retracted"
--@include "repeats"

local WINDOW_MS = closedTtl * 1000
loadRetracted(11, 8, WINDOW_MS)
local touchedQueues = {}
local result = {}
local TIME_FIELDS = { 'q', 'a', 'b', 'x' }
for i = 11, #ARGV, 8 do
  local id, kind, at, ch, cid, qu, re, cu =
    ARGV[i], ARGV[i + 1], tonumber(ARGV[i + 2]), ARGV[i + 3], ARGV[i + 4], ARGV[i + 5], ARGV[i + 6], ARGV[i + 7]
  if kind ~= 'q' then cu = '' end
  local ckey = P .. 'c:' .. cid
  local eid = 'e:' .. id
  local v = retractedIds[id] or redis.call('HMGET', ckey, 'ch', 'qu', 're', 'q', 'a', 'b', 'x', 'it', 'sa', eid, 'rq', 'rr', 'cu')
  if v == true or v[10] then
    result[#result + 1] = '0'
  else
    result[#result + 1] = '1'
    noteEvent(ch)
    local old = contactState(v)
    old.cu = v[13] or ''
    -- The names the contact's events carried: the stored ones while folded, else the names it counts under.
    local oldRq = (old.qu == OTHER and v[11]) or old.qu
    local oldRr = (old.re == OTHER and v[12]) or old.re
    local rq, rr = minStr(oldRq, qu), minStr(oldRr, re)
    local new = { ch = minStr(old.ch, ch), q = old.q, a = old.a, b = old.b, x = old.x, it = old.it, sa = old.sa, cu = minStr(old.cu, cu) }
    local moved = new.ch ~= old.ch
    new.qu = pickName(old.qu, oldRq, rq, moved, P .. 'queue-names:' .. new.ch, MAX_QUEUES)
    new.re = pickName(old.re, oldRr, rr, false, P .. 'reason-names', MAX_REASONS)
    new[kind] = minNum(old[kind], at)
    setFlags(old, new)
    local where = old.ch ~= new.ch or old.qu ~= new.qu
    local arrival = where or old.q ~= new.q or old.re ~= new.re
    local leave = where or old.q ~= new.q or old.a ~= new.a or old.b ~= new.b or old.it ~= new.it or old.sa ~= new.sa
    local resolve = where or old.x ~= new.x or old.a ~= new.a
    contribute(old, -1, arrival, leave, resolve)
    contribute(new, 1, arrival, leave, resolve)
    repeatMove(cid, old, new)

    local wasOpen, isOpen = updateLive(old, new, cid)
    touchedQueues[new.ch .. '|' .. new.qu] = { new.ch, new.qu }
    local last = latest(new)
    if new.qu ~= '' then nameTouch(P .. 'queue-names:' .. new.ch, new.qu, last) end
    if new.re ~= '' then nameTouch(P .. 'reason-names', new.re, last) end
    if new.qu == OTHER and rq ~= OTHER and (old.qu ~= OTHER or moved) then foldNote('q|' .. new.ch) end
    if new.re == OTHER and rr ~= OTHER and old.re ~= OTHER then foldNote('r') end

    -- Only what changed is written, with the event's id.
    local args = { eid, contactRecord(kind, at, ch, qu, re, cu) }
    for _, f in ipairs({ 'ch', 'qu', 're', 'it', 'sa', 'cu' }) do
      if new[f] ~= old[f] then args[#args + 1] = f; args[#args + 1] = new[f] end
    end
    if new.qu == OTHER and v[11] ~= rq then args[#args + 1] = 'rq'; args[#args + 1] = rq end
    if new.re == OTHER and v[12] ~= rr then args[#args + 1] = 'rr'; args[#args + 1] = rr end
    for _, f in ipairs(TIME_FIELDS) do
      if new[f] ~= old[f] then args[#args + 1] = f; args[#args + 1] = string.format('%d', new[f]) end
    end
    redis.call('HSET', ckey, unpack(args))
    indexEvent(id, cid)
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
indexFlush(WINDOW_MS)
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
