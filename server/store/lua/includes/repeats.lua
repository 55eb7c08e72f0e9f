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
  queued time they hold, and entries older than that are trimmed: no event can change them any more.
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

-- The contact `offset` places from cid in the customer's order (-1 the one before, 1 the one after) and its
-- queued time; nil when there is none.
local function neighbour(zk, cid, offset)
  local r = redis.call('ZRANK', zk, cid)
  if not r or r + offset < 0 then return nil end
  local v = redis.call('ZRANGE', zk, r + offset, r + offset, 'WITHSCORES')
  if #v == 0 then return nil end
  return v[1], tonumber(v[2])
end

local function isRepeat(zk, cid, q)
  local _, before = neighbour(zk, cid, -1)
  return (before and q - before <= REPEAT_MS) and '1' or '0'
end

-- Counts (sign 1) or withdraws (-1) entry e queued at q: its repeat, and its arrival when `arrival`.
local function repeatCount(q, e, sign, arrival)
  bucketAdd(q, e.ch, e.qu, { 'arc', arrival and sign or 0, 'rpt', e.rp == '1' and sign or 0 })
end

-- Re-checks contact cid of the customer (nil: nothing to do) after the contact before it changed.
local function recheck(zk, hk, cid)
  if not cid then return end
  local q = tonumber(redis.call('ZSCORE', zk, cid))
  local e = entryOf(hk, cid)
  if not q or not e then return end
  local rp = isRepeat(zk, cid, q)
  if rp == e.rp then return end
  repeatCount(q, e, -1, false)
  e.rp = rp
  repeatCount(q, e, 1, false)
  redis.call('HSET', hk, cid, entryText(e))
end

-- Drops entries no event can change any more, and keeps the keys for REPEAT_KEEP_MS after the latest.
local function customerKeep(zk, hk)
  local old = redis.call('ZRANGEBYSCORE', zk, '-inf', string.format('(%d', NOW - REPEAT_KEEP_MS), 'LIMIT', 0, 100)
  if #old > 0 then
    redis.call('ZREM', zk, unpack(old))
    redis.call('HDEL', hk, unpack(old))
  end
  local top = redis.call('ZRANGE', zk, -1, -1, 'WITHSCORES')
  if #top == 0 then return end
  local ttl = string.format('%d', math.max(1000, tonumber(top[2]) + REPEAT_KEEP_MS - NOW))
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
      local after = neighbour(zk, cid, 1)
      repeatCount(old.q, e, -1, true)
      redis.call('ZREM', zk, cid)
      redis.call('HDEL', hk, cid)
      recheck(zk, hk, after)
    end
  end
  if has then
    local zk, hk = customerKeys(new.cu)
    redis.call('ZADD', zk, string.format('%d', new.q), cid)
    local e = { rp = isRepeat(zk, cid, new.q), ch = new.ch, qu = new.qu }
    redis.call('HSET', hk, cid, entryText(e))
    repeatCount(new.q, e, 1, true)
    recheck(zk, hk, (neighbour(zk, cid, 1)))
    customerKeep(zk, hk)
  end
end
