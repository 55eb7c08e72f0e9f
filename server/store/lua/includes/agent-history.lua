--[[
  Shared piece: an agent's statuses, for the scripts that change agents (agent-1.lua applies statuses,
  retract-1.lua withdraws them). Agent hash <prefix>a:<agentId>:
    at, ch, st   the status that stands (counted in <prefix>ac:<ch>)
    e:<eventId>  "<at>|<ch>|<st>|<received at>": each status received within the duplicate window (and up to
                 a quarter of it longer), so that withdrawing the standing one restores the one before it
    b            "<at>|<ch>|<st>": the status that stands among those folded out of the window (no longer retractable)
    o            the oldest receipt time among the e: fields: when to fold next
  Expects the locals P and NOW to be declared by the including script.
]]

-- True when status (at, ch, st) stands over cur (nil: none): the later `at`, on equal times the larger
-- "<ch>|<st>", so the outcome never depends on order.
local function statusOver(at, ch, st, cur)
  return cur == nil or at > cur.at or (at == cur.at and (ch .. '|' .. st) > (cur.ch .. '|' .. cur.st))
end

local function parseStatus(v)
  local at, ch, st, recv = string.match(v, '^(%d+)|([^|]*)|([^|]*)|?(%d*)$')
  if not at then return nil end
  return { at = tonumber(at), ch = ch, st = st, recv = tonumber(recv) }
end

-- The agent's hash (HGETALL reply) as { fields, base, entries = { [field] = status } }.
local function agentHistory(flat)
  local h = { fields = {}, entries = {} }
  for i = 1, #flat, 2 do
    local f, v = flat[i], flat[i + 1]
    if f == 'b' then h.base = parseStatus(v)
    elseif string.sub(f, 1, 2) == 'e:' then h.entries[f] = parseStatus(v)
    else h.fields[f] = v end
  end
  return h
end

-- The status that stands among the base and the entries (nil when none).
local function standingOf(h)
  local best = h.base
  for _, e in pairs(h.entries) do
    if statusOver(e.at, e.ch, e.st, best) then best = e end
  end
  return best
end

local function fold(key, windowMs)
  local h = agentHistory(redis.call('HGETALL', key))
  local drop, oldest = {}, nil
  for f, e in pairs(h.entries) do
    if e.recv < NOW - windowMs then
      if statusOver(e.at, e.ch, e.st, h.base) then h.base = e end
      drop[#drop + 1] = f
    elseif oldest == nil or e.recv < oldest then
      oldest = e.recv
    end
  end
  if #drop > 0 then redis.call('HDEL', key, unpack(drop)) end
  if h.base then redis.call('HSET', key, 'b', string.format('%d|%s|%s', h.base.at, h.base.ch, h.base.st)) end
  if oldest then redis.call('HSET', key, 'o', string.format('%d', oldest)) else redis.call('HDEL', key, 'o') end
end

-- Folds the statuses received before the window out of the hash, once the oldest is a quarter window past it
-- (so folding costs one HGETALL per agent a quarter window at most). `o`: the hash's o field.
local function foldIfDue(key, o, windowMs)
  local oldest = tonumber(o)
  if oldest and oldest < NOW - windowMs - math.max(60000, windowMs / 4) then fold(key, windowMs) end
end
