--[[
  Shared piece: event ids withdrawn by retract-1.lua stay out. Hash <prefix>retracted: id -> "<when retracted,
  epoch ms>|<what the event was, "" when it had not arrived>", each kept for the duplicate window.
  Expects the locals P and NOW to be declared by the including script.
]]
local retractedIds = {}

-- Reads which of the ids ARGV[first], ARGV[first + step], ... were retracted within the window (ms): one EXISTS
-- per call when nothing was ever retracted, else one HMGET per 4000 ids.
local function loadRetracted(first, step, windowMs)
  if redis.call('EXISTS', P .. 'retracted') == 0 then return end
  local ids = {}
  for i = first, #ARGV, step do ids[#ids + 1] = ARGV[i] end
  for i = 1, #ids, 4000 do
    local v = redis.call('HMGET', P .. 'retracted', unpack(ids, i, math.min(i + 3999, #ids)))
    for j = 1, #v do
      local at = v[j] and tonumber(string.match(v[j], '^(%d+)|'))
      if at and at >= NOW - windowMs then retractedIds[ids[i + j - 1]] = true end
    end
  end
end
