--[[
  Applies a batch of orders.placed events: each adds its count to the orders of its minute and hour.

  KEYS[1] tenant key <prefix>tenant (routes the call to the tenant's slot)
  ARGV[1] key prefix
  ARGV[2] duplicate window, ms
  ARGV[3] bucket retention after the bucket ends, ms
  ARGV[4] now, epoch ms (the caller's clock)
  ARGV[5..] events, 3 fields each: id, at (epoch ms), count

  Seen ids: <prefix>seen:<id> = "o|<at>|<count>" for the duplicate window; a retracted id stays out
  (lua/includes/retracted.lua). When the call applied an event: <prefix>last-event field "*" only
  (lua/includes/last-event.lua).

  Returns a string with one character per event: "1" applied, "0" duplicate.
]]
local P = ARGV[1]
local DEDUP_TTL = ARGV[2]
local BUCKET_TTL = tonumber(ARGV[3])
local NOW = tonumber(ARGV[4])

--@include "buckets"
--@include "last-event"
--@include "retracted"

loadRetracted(5, 3, tonumber(DEDUP_TTL))
local result = {}
for i = 5, #ARGV, 3 do
  if not retractedIds[ARGV[i]] and firstSight(ARGV[i], 'o|' .. ARGV[i + 1] .. '|' .. ARGV[i + 2]) then
    result[#result + 1] = '1'
    noteEvent(nil)
    totalAdd(tonumber(ARGV[i + 1]), { 'orders', tonumber(ARGV[i + 2]) })
  else
    result[#result + 1] = '0'
  end
end
accFlush()
lastEventFlush()
return table.concat(result)
