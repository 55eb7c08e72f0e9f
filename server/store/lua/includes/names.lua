--[[
  Shared piece: the registries of names (a channel's queues, the tenant's reasons) and the fold beyond a limit.
  Registry: sorted set name → the latest event time it was used at (epoch ms), names unused for the bucket
  retention trimmed away (their buckets have expired too); it expires with the retention when nothing uses it.
  Key names: <prefix>queue-names:<ch>, <prefix>reason-names.
  A name not in the registry is admitted while it holds fewer than `max` names; beyond, the name is folded into
  OTHER (which is in the registry too, so readers find it, but not counted against the limit). Folds (contacts,
  and CSAT responses, given OTHER for a name) are counted in hash <prefix>folded: "q|<ch>" (queues of a channel)
  and "r" (reasons), with "<field>|at" the caller's clock at the last fold.
  Expects the locals P (key prefix), NOW (the caller's clock, epoch ms), BUCKET_TTL (ms) and OTHER (the fold's
  name) to be declared by the including script.
]]
local registries, registryOrder = {}, {}

-- The registry `key` as this call sees it: trimmed once, its count of names, and what it learnt of names.
local function registryOf(key)
  local r = registries[key]
  if not r then
    redis.call('ZREMRANGEBYSCORE', key, '-inf', string.format('(%d', NOW - BUCKET_TTL))
    local count = redis.call('ZCARD', key)
    if redis.call('ZSCORE', key, OTHER) then count = count - 1 end
    r = { count = count, score = {}, touched = {} }
    registries[key] = r
    registryOrder[#registryOrder + 1] = key
  end
  return r
end

-- Latest use of `name` in the registry: a number, or false when it is not there.
local function scoreOf(r, key, name)
  local s = r.score[name]
  if s == nil then
    s = tonumber(redis.call('ZSCORE', key, name)) or false
    r.score[name] = s
  end
  return s
end

-- Records that `name` is used at time t, whatever the limit (a name already given to a contact stays its name).
local function nameTouch(key, name, t)
  local r = registryOf(key)
  local s = scoreOf(r, key, name)
  if s == false and name ~= OTHER then r.count = r.count + 1 end
  if s == false or t > s then
    r.score[name] = t
    r.touched[name] = true
  end
end

-- The name an event gets: `name` when the registry knows it or has room, else OTHER. Does not touch it.
local function nameAdmit(key, max, name)
  if name == OTHER then return name end
  local r = registryOf(key)
  if scoreOf(r, key, name) ~= false then return name end
  if r.count >= max then return OTHER end
  -- Reserve the place now, so a later name of the same call sees the registry full.
  r.count = r.count + 1
  r.score[name] = 0
  return name
end

local foldCounts, foldOrder = {}, {}

-- Counts one fold, under the field "q|<ch>" or "r".
local function foldNote(field)
  if not foldCounts[field] then
    foldCounts[field] = 0
    foldOrder[#foldOrder + 1] = field
  end
  foldCounts[field] = foldCounts[field] + 1
end

local function namesFlush()
  for _, key in ipairs(registryOrder) do
    local r = registries[key]
    local args = {}
    for name in pairs(r.touched) do
      args[#args + 1] = string.format('%d', r.score[name])
      args[#args + 1] = name
    end
    for i = 1, #args, 4000 do redis.call('ZADD', key, unpack(args, i, math.min(i + 3999, #args))) end
    if #args > 0 then redis.call('PEXPIRE', key, string.format('%d', BUCKET_TTL)) end
  end
  if #foldOrder > 0 then
    local args = {}
    for _, field in ipairs(foldOrder) do
      redis.call('HINCRBY', P .. 'folded', field, foldCounts[field])
      args[#args + 1] = field .. '|at'
      args[#args + 1] = string.format('%d', NOW)
    end
    redis.call('HSET', P .. 'folded', unpack(args))
  end
end
