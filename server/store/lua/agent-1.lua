--[[
  Applies a batch of agent.status events. For each agent the status with the latest `at` stands, whatever
  order they arrive in (equal times: the larger "<channel>|<status>" wins, so the result never depends on
  order). Counts per channel and status are kept in step with the agents' current statuses.

  KEYS[1] tenant key <prefix>tenant (routes the call to the tenant's slot)
  ARGV[1] key prefix
  ARGV[2] duplicate window, ms
  ARGV[3] now, epoch ms (the caller's clock: when the events were applied)
  ARGV[4..] events, 5 fields each: id, at (epoch ms), channel, agentId, status

  Agent hash <prefix>a:<agentId>: at, ch, st. Counts: <prefix>ac:<channel> hash status -> agents.
  Agents are few and long-lived, so their state has no TTL.
  When the call applied an event: <prefix>last-event (lua/includes/last-event.lua).
  Returns a string with one character per event: "1" applied, "0" duplicate.
]]
local P = ARGV[1]
local DEDUP_TTL = ARGV[2]
local BUCKET_TTL = 0 -- no buckets here
local NOW = tonumber(ARGV[3])

--@include "buckets"
--@include "last-event"

local result = {}
for i = 4, #ARGV, 5 do
  if firstSight(ARGV[i]) then
    result[#result + 1] = '1'
    local at, ch, agent, st = tonumber(ARGV[i + 1]), ARGV[i + 2], ARGV[i + 3], ARGV[i + 4]
    noteEvent(ch)
    local key = P .. 'a:' .. agent
    local cur = redis.call('HMGET', key, 'at', 'ch', 'st')
    local curAt = tonumber(cur[1])
    local newer = curAt == nil or at > curAt
      or (at == curAt and (ch .. '|' .. st) > (cur[2] .. '|' .. cur[3]))
    if newer then
      if curAt ~= nil then redis.call('HINCRBY', P .. 'ac:' .. cur[2], cur[3], -1) end
      redis.call('HINCRBY', P .. 'ac:' .. ch, st, 1)
      redis.call('HSET', key, 'at', string.format('%d', at), 'ch', ch, 'st', st)
    end
  else
    result[#result + 1] = '0'
  end
end
lastEventFlush()
return table.concat(result)
