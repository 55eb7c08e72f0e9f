--[[
  Shared piece: repeat contacts, for the scripts that change contacts (contact-1.lua applies events,
  retract-1.lua withdraws them). A contact with a customer (field "cu" of its hash: the keyed hash of the
  customerId its contact.queued carried, made by the server) is a repeat when another contact of the same
  customer comes before it and was queued at most REPEAT_MS before it (exactly REPEAT_MS counts). "Before"
  orders by (queued time, contact id), so contacts queued at the same moment are ordered too: the figures do
  not depend on the order events arrive in. As a contact's status depends only on the contact right before it,
  a change re-checks the contact itself and the ones right after where it was and where it is now; whether a
  contact is a repeat is never stored, it is read from its customer's order whenever it is needed.

  Per customer: sorted set <prefix>cz:<cu> of "<contactId>\0<ch>\0<qu>" (where its counters are, so that a
  contact whose own hash is gone can still be re-checked; "\0" sorts before any character, so equal times order
  by contact id) scored by queued time. It expires REPEAT_KEEP_MS (the window plus the oldest event time
  accepted) after the latest queued time it held, and entries older than that are trimmed: no event can change
  them any more.
  Counters, at the queued time in the contact's channel and queue: "arc" (arrivals with a customer) and "rpt"
  (repeats).
  Expects the locals P, NOW, REPEAT_MS, REPEAT_KEEP_MS and the bucket functions (lua/includes/buckets.lua).
]]
local function customerKey(cu) return P .. 'cz:' .. cu end
local function memberOf(cid, ch, qu) return cid .. '\0' .. ch .. '\0' .. qu end

-- The contacts right before and right after member m in its customer's order: { m, q } each, false when none.
local function neighbours(zk, m)
  local r = redis.call('ZRANK', zk, m)
  local v = redis.call('ZRANGE', zk, math.max(0, r - 1), r + 1, 'WITHSCORES')
  local before, i = false, 1
  if r > 0 then before, i = { m = v[1], q = tonumber(v[2]) }, 3 end
  -- v[i] is m itself.
  local after = v[i + 2] and { m = v[i + 2], q = tonumber(v[i + 3]) } or false
  return before, after
end

-- True when a contact queued at q comes right after one queued at `before` (false: none) within the window.
local function repeatAfter(before, q)
  return before ~= false and q - before.q <= REPEAT_MS
end

-- Adds sign × (its arrival when `arrival`, its repeat when `rp`) to the counters of member m queued at q.
local function repeatCount(m, q, sign, arrival, rp)
  local _, ch, qu = string.match(m, '^([^%z]*)%z([^%z]*)%z([^%z]*)$')
  bucketAdd(q, ch, qu, { 'arc', arrival and sign or 0, 'rpt', rp and sign or 0 })
end

-- The contact `n` (false: none) had `was` right before it and now has `now`: its repeat follows.
local function recheck(n, was, now)
  if not n then return end
  local a, b = repeatAfter(was, n.q), repeatAfter(now, n.q)
  if a ~= b then repeatCount(n.m, n.q, b and 1 or -1, false, true) end
end

-- Takes member m (queued at q) out of its customer's order, and its counts with it.
local function leave(zk, m, q)
  local before, after = neighbours(zk, m)
  repeatCount(m, q, -1, true, repeatAfter(before, q))
  redis.call('ZREM', zk, m)
  recheck(after, { q = q }, before)
end

-- Follows contact cid from state old to state new (each: cu, q, ch, qu; cu "" without a customer).
local function repeatMove(cid, old, new)
  local had, has = old.cu ~= '' and old.q ~= nil, new.cu ~= '' and new.q ~= nil
  local oldM = had and memberOf(cid, old.ch, old.qu)
  local newM = has and memberOf(cid, new.ch, new.qu)
  if had and has and old.cu == new.cu and old.q == new.q and oldM == newM then return end
  if had then
    local zk = customerKey(old.cu)
    local q = tonumber(redis.call('ZSCORE', zk, oldM))
    if q then leave(zk, oldM, q) end
  end
  if has then
    local zk = customerKey(new.cu)
    -- Left by a contact whose own hash is gone (an event re-sent after the duplicate window): taken out first.
    local stale = tonumber(redis.call('ZSCORE', zk, newM))
    if stale then leave(zk, newM, stale) end
    redis.call('ZADD', zk, string.format('%d', new.q), newM)
    local before, after = neighbours(zk, newM)
    repeatCount(newM, new.q, 1, true, repeatAfter(before, new.q))
    recheck(after, before, { q = new.q })
    if not after then
      -- The customer's latest contact: trim what no event can change any more, keep the rest long enough.
      local old = redis.call('ZRANGEBYSCORE', zk, '-inf', string.format('(%d', NOW - REPEAT_KEEP_MS), 'LIMIT', 0, 100)
      if #old > 0 then redis.call('ZREM', zk, unpack(old)) end
      redis.call('PEXPIRE', zk, string.format('%d', math.max(1000, new.q + REPEAT_KEEP_MS - NOW)))
    end
  end
end
