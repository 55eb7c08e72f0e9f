--[[
  A customer's place in the queue, read from the live waiting sets (no scan): O(log n) per queue of the channel.

  KEYS[1] tenant key <prefix>tenant (routes the call to the tenant's slot)
  ARGV[1] key prefix
  ARGV[2] channel
  ARGV[3] "1" when a queue is asked for, else "0"
  ARGV[4] the queue ("" for contacts without one)
  ARGV[5] contact id, or "" for none

  Waiting sets <prefix>wq:<ch>|<queue> are scored by queued time (contact-1.lua); the named queues of a channel
  with open contacts (a waiting contact is open too): set <prefix>live-queues:<ch>, plus "" for contacts without
  one. Ties in queued time are ordered by contact id, as a
  sorted set orders them, in the queue and across the channel alike.

  Returns { waiting in the queue asked (the channel's without one), place there (0: not waiting),
            waiting in the channel, place in the channel (0: not waiting),
            queued time of the channel's longest-waiting contact (epoch ms; 0 when none waits) }.
]]
local P, ch, hasQueue, queue, cid = ARGV[1], ARGV[2], ARGV[3] == '1', ARGV[4], ARGV[5]
local queues = redis.call('SMEMBERS', P .. 'live-queues:' .. ch)
queues[#queues + 1] = ''

local cq, score = nil, nil
if cid ~= '' then
  local c = redis.call('HMGET', P .. 'c:' .. cid, 'ch', 'qu')
  if c[1] == ch then
    cq = c[2] or ''
    score = redis.call('ZSCORE', P .. 'wq:' .. ch .. '|' .. cq, cid)
    if not score then cq = nil end
  end
end

local chWaiting, chPlace, scopeWaiting, scopePlace, oldest = 0, 0, 0, 0, nil
for _, q in ipairs(queues) do
  local key = P .. 'wq:' .. ch .. '|' .. q
  local n = redis.call('ZCARD', key)
  chWaiting = chWaiting + n
  if n > 0 then
    local head = tonumber(redis.call('ZRANGE', key, 0, 0, 'WITHSCORES')[2])
    if not oldest or head < oldest then oldest = head end
  end
  if hasQueue and q == queue then scopeWaiting = n end
  if score then
    local before
    if q == cq then
      before = redis.call('ZRANK', key, cid)
      if hasQueue and q == queue then scopePlace = before + 1 end
    else
      -- Earlier queued time, then an equal time with a smaller contact id.
      before = redis.call('ZCOUNT', key, '-inf', '(' .. score)
      if n > before then
        for _, other in ipairs(redis.call('ZRANGEBYSCORE', key, score, score)) do
          if other < cid then before = before + 1 end
        end
      end
    end
    chPlace = chPlace + before
  end
end
if score then chPlace = chPlace + 1 end
if not hasQueue then
  scopeWaiting, scopePlace = chWaiting, chPlace
end
return { scopeWaiting, scopePlace, chWaiting, chPlace, oldest or 0 }
