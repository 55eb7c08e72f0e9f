--[[
  Shared piece: repeat contacts, for the scripts that change contacts (contact-1.lua applies events,
  retract-1.lua withdraws them). A contact with a customer (field "cu" of its hash: the keyed hash of the
  customerId its contact.queued carried, made by the server) is a repeat when another contact of the same
  customer comes before it and was queued at most REPEAT_MS before it (exactly REPEAT_MS counts). "Before"
  orders by (queued time, contact id), so contacts queued at the same moment are ordered too: the figures do
  not depend on the order events arrive in. As a contact's status depends only on the contact right before it,
  a change re-checks the contact itself and the ones right after where it was and where it is now.

  Per customer: sorted set <prefix>cz:<cu> contactId -> queued time, and hash <prefix>cu:<cu> contactId ->
  "<repeat 0/1>|<ch>|<qu>" (where its counters are, so that a contact whose own hash is gone can still be
  re-checked). Both expire REPEAT_KEEP_MS (the window plus the oldest event time accepted) after the latest
  queued time they held, and entries older than that are trimmed: no event can change them any more.
  Counters, at the queued time in the contact's channel and queue: "arc" (arrivals with a customer) and "rpt"
  (repeats).
  Expects the locals P, NOW, REPEAT_MS, REPEAT_KEEP_MS and the bucket functions (lua/includes/buckets.lua).
]]
local function customerKeys(cu) return P .. 'cz:' .. cu, P .. 'cu:' .. cu end

local function entryOf(hk, cid)
  local v = redis.call('HGET', hk, cid)
  if not v then return nil end
  local rp, ch, qu = string.match(v, '^([01])|([^|]*)|(.*)$')
  return { rp = rp, ch = ch, qu = qu }
end

local function entryText(e) return e.rp .. '|' .. e.ch .. '|' .. e.qu end

-- The contacts right before and right after cid in its customer's order: { cid, q } each, false when none.
local function neighbours(zk, cid)
  local r = redis.call('ZRANK', zk, cid)
  if not r then return false, false end
  local v = redis.call('ZRANGE', zk, math.max(0, r - 1), r + 1, 'WITHSCORES')
  local before, i = false, 1
  if r > 0 then before, i = { cid = v[1], q = tonumber(v[2]) }, 3 end
  -- v[i] is cid itself.
  local after = v[i + 2] and { cid = v[i + 2], q = tonumber(v[i + 3]) } or false
  return before, after
end

-- '1' when a contact queued at q comes right after one queued at `before` (false: none) within the window.
local function repeatAfter(before, q)
  return (before and q - before.q <= REPEAT_MS) and '1' or '0'
end

-- Counts (sign 1) or withdraws (-1) entry e queued at q: its repeat, and its arrival when `arrival`.
local function repeatCount(q, e, sign, arrival)
  bucketAdd(q, e.ch, e.qu, { 'arc', arrival and sign or 0, 'rpt', e.rp == '1' and sign or 0 })
end

-- Re-checks contact n ({ cid, q }; false: nothing to do) now that the contact right before it is `before`.
local function recheck(hk, n, before)
  if not n then return end
  local e = entryOf(hk, n.cid)
  if not e then return end
  local rp = repeatAfter(before, n.q)
  if rp == e.rp then return end
  repeatCount(n.q, e, -1, false)
  e.rp = rp
  repeatCount(n.q, e, 1, false)
  redis.call('HSET', hk, n.cid, entryText(e))
end

-- When the contact at q is its customer's latest: drops entries no event can change any more, and keeps the
-- keys for REPEAT_KEEP_MS after it (an earlier one leaves the TTL the latest set).
local function customerKeep(zk, hk, q)
  local old = redis.call('ZRANGEBYSCORE', zk, '-inf', string.format('(%d', NOW - REPEAT_KEEP_MS), 'LIMIT', 0, 100)
  if #old > 0 then
    redis.call('ZREM', zk, unpack(old))
    redis.call('HDEL', hk, unpack(old))
  end
  local ttl = string.format('%d', math.max(1000, q + REPEAT_KEEP_MS - NOW))
  redis.call('PEXPIRE', zk, ttl)
  redis.call('PEXPIRE', hk, ttl)
end

-- Follows contact cid from state old to state new (each: cu, q, ch, qu; cu "" without a customer).
local function repeatMove(cid, old, new)
  local had, has = old.cu ~= '' and old.q ~= nil, new.cu ~= '' and new.q ~= nil
  if not had and not has then return end
  if had and has and old.cu == new.cu and old.q == new.q then
    if old.ch == new.ch and old.qu == new.qu then return end
    -- Same place in its customer's order: only its counters move to its new channel or queue.
    local _, hk = customerKeys(new.cu)
    local e = entryOf(hk, cid)
    if not e then return end
    repeatCount(old.q, e, -1, true)
    e.ch, e.qu = new.ch, new.qu
    repeatCount(new.q, e, 1, true)
    redis.call('HSET', hk, cid, entryText(e))
    return
  end
  if had then
    local zk, hk = customerKeys(old.cu)
    local e = entryOf(hk, cid)
    if e then
      local before, after = neighbours(zk, cid)
      repeatCount(old.q, e, -1, true)
      redis.call('ZREM', zk, cid)
      redis.call('HDEL', hk, cid)
      recheck(hk, after, before)
    end
  end
  if has then
    local zk, hk = customerKeys(new.cu)
    redis.call('ZADD', zk, string.format('%d', new.q), cid)
    local before, after = neighbours(zk, cid)
    local e = { rp = repeatAfter(before, new.q), ch = new.ch, qu = new.qu }
    redis.call('HSET', hk, cid, entryText(e))
    repeatCount(new.q, e, 1, true)
    recheck(hk, after, { q = new.q })
    if not after then customerKeep(zk, hk, new.q) end
  end
end
