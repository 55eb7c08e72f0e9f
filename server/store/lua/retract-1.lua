--[[
  Finds events by id, or withdraws them: as if they had never been received.

  What each event did is kept for the duplicate window: contact events in their contact's hash ("e:<id>" =
  "<kind>|<at>|<ch>|<qu>|<re>", found from the id through <prefix>ce:<hour>), other kinds in <prefix>seen:<id>
  (orders "o|<at>|<count>", CSAT "c|<at>|<ch>|<score>|<qu>", surveys "v|<at>|<ch>|<kind>|<score>|<qu>",
  agents "s|<at>|<ch>|<status>|<agentId>").
  Withdrawing a contact event removes the contact's whole contribution and re-applies its other events; an
  agent status restores the status that stands without it (lua/includes/agent-history.lua); orders and
  surveys subtract what they added. A withdrawn id is kept in <prefix>retracted for the duplicate window
  (lua/includes/retracted.lua), so re-delivered it stays out; so is an id not known yet, so that an event
  retracted before it arrives stays out when it does.

  KEYS[1] tenant key <prefix>tenant (routes the call to the tenant's slot)
  ARGV[1] key prefix
  ARGV[2] duplicate window, ms
  ARGV[3] bucket retention after the bucket ends, ms
  ARGV[4] now, epoch ms (the caller's clock)
  ARGV[5] closed-contact TTL, s
  ARGV[6] "find" (read only) or "retract"
  ARGV[7] most queues per channel (PEAKWATCH_MAX_QUEUES)
  ARGV[8] most reasons of the tenant (PEAKWATCH_MAX_REASONS)
  ARGV[9] the name beyond-limit queues and reasons fold into, "(other)"
  ARGV[10] repeat window, ms (PEAKWATCH_REPEAT_WINDOW_H)
  ARGV[11] how long a customer's contacts are kept after the latest, ms
  ARGV[12..] event ids, distinct

  A contact keeps the queue and reason it counts under while the smallest names its other events carried stay
  the same; else they are decided again as contact-1.lua decides them (lua/includes/names.lua).

  Returns { withdrawn by this call, then per id: state, record }. State "applied" (find only), "retracted"
  (withdrawn, by this call or before) or "unknown" (never seen, older than the window, or retracted before it
  arrived); record: what the event was, contact records followed by "|<contactId>", "" when not known.
]]
local P = ARGV[1]
local DEDUP_TTL = ARGV[2]
local WINDOW_MS = tonumber(ARGV[2])
local BUCKET_TTL = tonumber(ARGV[3])
local NOW = tonumber(ARGV[4])
local closedTtl = tonumber(ARGV[5])
local RETRACT = ARGV[6] == 'retract'
local MAX_QUEUES = tonumber(ARGV[7])
local MAX_REASONS = tonumber(ARGV[8])
local OTHER = ARGV[9]
local REPEAT_MS = tonumber(ARGV[10])
local REPEAT_KEEP_MS = tonumber(ARGV[11])

--@include "buckets"
--@include "survey"
--@include "names"
--@include "contact-state"
--@include "agent-history"
--@include "repeats"

local ids = {}
for i = 12, #ARGV do ids[#ids + 1] = ARGV[i] end

-- Calls `cmd key id...` in slices of 4000 ids; fn(id, reply) for each.
local function each(cmd, key, list, fn)
  for i = 1, #list, 4000 do
    local args = { unpack(list, i, math.min(i + 3999, #list)) }
    local v = key and redis.call(cmd, key, unpack(args)) or redis.call(cmd, unpack(args))
    for j = 1, #v do fn(args[j], v[j]) end
  end
end

-- 1. Ids retracted within the window.
local tomb, open = {}, {}
each('HMGET', P .. 'retracted', ids, function(id, v)
  local at, what = false, ''
  if v then at, what = string.match(v, '^(%d+)|(.*)$') end
  if at and tonumber(at) >= NOW - WINDOW_MS then tomb[id] = what else open[#open + 1] = id end
end)

-- 2. The others: records of orders, surveys and agents; contact events through the index of the hours received.
local seen, contact = {}, {}
local seenKeys = {}
for _, id in ipairs(open) do seenKeys[#seenKeys + 1] = P .. 'seen:' .. id end
local k = 0
each('MGET', nil, seenKeys, function(_, v)
  k = k + 1
  if v then seen[open[k]] = v end
end)
local missing = open
for hour = math.floor(NOW / 3600000), math.floor((NOW - WINDOW_MS) / 3600000), -1 do
  if #missing == 0 then break end
  local rest = {}
  each('HMGET', P .. 'ce:' .. hour, missing, function(id, cid)
    if cid then contact[id] = { cid = cid } else rest[#rest + 1] = id end
  end)
  missing = rest
end
for id, c in pairs(contact) do
  local rec = redis.call('HGET', P .. 'c:' .. c.cid, 'e:' .. id)
  if rec then c.rec = rec else contact[id] = nil end
end

local function recordOf(id)
  if contact[id] then
    -- Without the customer: what is shown names the contact, never its customer.
    local e = parseContactRecord(contact[id].rec)
    return e and (contactRecord(e.kind, e.at, e.ch, e.qu, e.re, '') .. '|' .. contact[id].cid) or ''
  end
  if seen[id] and string.find(seen[id], '|', 1, true) then return seen[id] end
  return ''
end

-- 3. Withdrawing.
local function withdrawSeen(id, rec)
  local kind, rest = string.match(rec, '^(%a)|(.*)$')
  if kind == 'o' then
    local at, count = string.match(rest, '^(%d+)|(%d+)$')
    totalAdd(tonumber(at), { 'orders', -tonumber(count) })
  elseif kind == 'c' then
    local at, ch, score, qu = string.match(rest, '^(%d+)|([^|]*)|(%d)|([^|]*)$')
    surveyAdd(tonumber(at), ch, qu, 'csat', tonumber(score), -1)
  elseif kind == 'v' then
    local at, ch, sk, score, qu = string.match(rest, '^(%d+)|([^|]*)|(%a+)|(%d+)|([^|]*)$')
    if not at then return false end
    surveyAdd(tonumber(at), ch, qu, sk, tonumber(score), -1)
  elseif kind == 's' then
    local agent = string.match(rest, '^%d+|[^|]*|[^|]*|(.*)$')
    local key = P .. 'a:' .. agent
    local h = agentHistory(redis.call('HGETALL', key))
    if not h.entries['e:' .. id] then return false end
    h.entries['e:' .. id] = nil
    redis.call('HDEL', key, 'e:' .. id)
    local now, cur = standingOf(h), h.fields
    if now and now.at == tonumber(cur.at) and now.ch == cur.ch and now.st == cur.st then return true end
    if cur.at then redis.call('HINCRBY', P .. 'ac:' .. cur.ch, cur.st, -1) end
    if now then
      redis.call('HINCRBY', P .. 'ac:' .. now.ch, now.st, 1)
      redis.call('HSET', key, 'at', string.format('%d', now.at), 'ch', now.ch, 'st', now.st)
    else
      redis.call('DEL', key)
    end
  else
    return false -- kept by an older version: what it did is not known
  end
  return true
end

-- Withdraws the events `drop` (a set of ids) of contact cid: its state becomes that of its other events.
-- False when one of those was kept by an older version (its fields unknown): nothing changes then.
local function withdrawContact(cid, drop)
  local ckey = P .. 'c:' .. cid
  local flat, h = redis.call('HGETALL', ckey), {}
  for i = 1, #flat, 2 do h[flat[i]] = flat[i + 1] end
  local v = {}
  for i, f in ipairs(CONTACT_FIELDS) do v[i] = h[f] or false end
  local old, events, dropFields = contactState(v), {}, {}
  old.cu = h.cu or ''
  for f, rec in pairs(h) do
    if string.sub(f, 1, 2) == 'e:' then
      if drop[string.sub(f, 3)] then
        dropFields[#dropFields + 1] = f
      else
        local e = parseContactRecord(rec)
        if not e then return false end
        events[#events + 1] = e
      end
    end
  end
  local new = { ch = '', it = old.it, sa = old.sa, cu = '' }
  local rq, rr = '', ''
  for _, e in ipairs(events) do
    new.ch, rq, rr = minStr(new.ch, e.ch), minStr(rq, e.qu), minStr(rr, e.re)
    if e.kind == 'q' then new.cu = minStr(new.cu, e.cu) end
    new[e.kind] = minNum(new[e.kind], e.at)
  end
  -- The names its events carried before: the stored ones while folded, else the names it counts under.
  local oldRq = (old.qu == OTHER and h.rq) or old.qu
  local oldRr = (old.re == OTHER and h.rr) or old.re
  local moved = new.ch ~= old.ch
  new.qu = pickName(old.qu, oldRq, rq, moved, P .. 'queue-names:' .. new.ch, MAX_QUEUES)
  new.re = pickName(old.re, oldRr, rr, false, P .. 'reason-names', MAX_REASONS)
  new.rq = new.qu == OTHER and rq or ''
  new.rr = new.re == OTHER and rr or ''
  if new.qu == OTHER and rq ~= OTHER and (old.qu ~= OTHER or moved) then foldNote('q|' .. new.ch) end
  if new.re == OTHER and rr ~= OTHER and old.re ~= OTHER then foldNote('r') end
  if not (new.q and new.a) then new.it = '' end
  if not (new.q and new.b) then new.sa = '' end
  setFlags(old, new)
  contribute(old, -1, true, true, true)
  contribute(new, 1, true, true, true)
  repeatMove(cid, old, new)
  local wasOpen, isOpen = updateLive(old, new, cid)
  if #events == 0 then
    redis.call('DEL', ckey)
    return true
  end
  local last = latest(new)
  if new.qu ~= '' then nameTouch(P .. 'queue-names:' .. new.ch, new.qu, last) end
  if new.re ~= '' then nameTouch(P .. 'reason-names', new.re, last) end
  local set, del = {}, dropFields
  local fields = { 'rq', 'rr', 'cu' }
  for _, f in ipairs(CONTACT_FIELDS) do fields[#fields + 1] = f end
  for _, f in ipairs(fields) do
    local nv = new[f]
    if type(nv) == 'number' then nv = string.format('%d', nv) end
    if nv == nil or nv == '' then
      if h[f] then del[#del + 1] = f end
    elseif nv ~= h[f] then
      set[#set + 1] = f
      set[#set + 1] = nv
    end
  end
  if #del > 0 then redis.call('HDEL', ckey, unpack(del)) end
  if #set > 0 then redis.call('HSET', ckey, unpack(set)) end
  if isOpen and not wasOpen then
    redis.call('PERSIST', ckey)
  elseif wasOpen and not isOpen then
    redis.call('EXPIRE', ckey, closedTtl)
  end
  return true
end

local state, withdrawn = {}, 0
if RETRACT then
  local byContact = {}
  for id, c in pairs(contact) do
    byContact[c.cid] = byContact[c.cid] or {}
    byContact[c.cid][id] = true
  end
  local contactDone = {}
  for cid, drop in pairs(byContact) do
    local ok = withdrawContact(cid, drop)
    for id in pairs(drop) do contactDone[id] = ok end
  end
  local tombs = {}
  for _, id in ipairs(open) do
    local done = contactDone[id] or false
    if seen[id] and withdrawSeen(id, seen[id]) then
      redis.call('DEL', P .. 'seen:' .. id)
      done = true
    end
    -- Not withdrawn but found (kept by an older version): left as it is, not remembered.
    if done or (contactDone[id] == nil and not seen[id]) then
      tombs[#tombs + 1] = id
      tombs[#tombs + 1] = string.format('%d', NOW) .. '|' .. (done and recordOf(id) or '')
      tomb[id] = done and recordOf(id) or ''
      if done then withdrawn = withdrawn + 1 end
    end
  end
  accFlush()
  liveFlush()
  namesFlush()
  if #tombs > 0 then
    for i = 1, #tombs, 4000 do redis.call('HSET', P .. 'retracted', unpack(tombs, i, math.min(i + 3999, #tombs))) end
    -- Ids older than the window are forgotten; the hash itself goes a window after the last retraction.
    local all, old = redis.call('HGETALL', P .. 'retracted'), {}
    for i = 1, #all, 2 do
      if (tonumber(string.match(all[i + 1], '^(%d+)|')) or 0) < NOW - WINDOW_MS then old[#old + 1] = all[i] end
    end
    for i = 1, #old, 4000 do redis.call('HDEL', P .. 'retracted', unpack(old, i, math.min(i + 3999, #old))) end
    redis.call('PEXPIRE', P .. 'retracted', string.format('%d', WINDOW_MS))
  end
end

local out = { withdrawn }
for _, id in ipairs(ids) do
  if tomb[id] then
    -- An id retracted before its event arrived is "unknown" to a retraction, and found as retracted.
    out[#out + 1] = (tomb[id] ~= '' or not RETRACT) and 'retracted' or 'unknown'
    out[#out + 1] = tomb[id]
  elseif contact[id] or seen[id] then
    out[#out + 1] = RETRACT and 'unknown' or 'applied'
    out[#out + 1] = recordOf(id)
  else
    out[#out + 1] = 'unknown'
    out[#out + 1] = ''
  end
end
return out
