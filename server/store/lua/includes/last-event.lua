--[[
  Shared piece: remembers that the call applied an event (of a channel, or of none: orders) and writes, once at
  the end of the call, when: hash <prefix>last-event, field "<ch>" per channel and "*" for any event, value the
  caller's clock (NOW, epoch ms: when the server applied it, not the event's own time). A value only moves
  forward, so an instance whose clock is a little behind another's never moves it back.
  Costs nothing when no event was applied, else one HMGET and at most one HSET per call.
  Expects the locals P (key prefix) and NOW to be declared by the including script.
]]
local lastEventFields, lastEventNoted, lastEventAny = { '*' }, {}, false

-- Notes an applied event of channel ch (nil for an event of no channel).
local function noteEvent(ch)
  lastEventAny = true
  if ch and not lastEventNoted[ch] then
    lastEventNoted[ch] = true
    lastEventFields[#lastEventFields + 1] = ch
  end
end

local function lastEventFlush()
  if not lastEventAny then return end
  local key = P .. 'last-event'
  local cur = redis.call('HMGET', key, unpack(lastEventFields))
  local now, args = string.format('%d', NOW), {}
  for i, field in ipairs(lastEventFields) do
    local at = tonumber(cur[i])
    if at == nil or at < NOW then
      args[#args + 1] = field
      args[#args + 1] = now
    end
  end
  if #args > 0 then redis.call('HSET', key, unpack(args)) end
end
