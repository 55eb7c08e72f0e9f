--[[
  Applies a batch of agent.status events. For each agent the status with the latest `at` stands, whatever
  order they arrive in (equal times: the larger "<channel>|<status>" wins, so the result never depends on
  order). Counts per channel and status are kept in step with the agents' current statuses.

  KEYS[1] tenant key <prefix>tenant (routes the call to the tenant's slot)
  ARGV[1] key prefix
  ARGV[2] duplicate window, ms
  ARGV[3] now, epoch ms (the caller's clock: when the events were applied)
  ARGV[4..] events, 5 fields each: id, at (epoch ms), channel, agentId, status

  Agent hash <prefix>a:<agentId>: the standing status and the statuses received within the duplicate window
  (lua/includes/agent-history.lua). Counts: <prefix>ac:<channel> hash status -> agents. Agents are few and
  long-lived, so their state has no TTL. Seen ids: <prefix>seen:<id> = "s|<at>|<channel>|<status>|<agentId>"
  for the duplicate window; a retracted id stays out (lua/includes/retracted.lua).
  When the call applied an event: <prefix>last-event (lua/includes/last-event.lua).
  Returns a string with one character per event: "1" applied, "0" duplicate.
]]
local P = ARGV[1]
local DEDUP_TTL = ARGV[2]
local BUCKET_TTL = 0 -- no buckets here
local NOW = tonumber(ARGV[3])
local WINDOW_MS = tonumber(DEDUP_TTL)

--@include "buckets"
--@include "last-event"
--@include "retracted"
--@include "agent-history"

loadRetracted(4, 5, WINDOW_MS)
local result = {}
for i = 4, #ARGV, 5 do
  local id, at, ch, agent, st = ARGV[i], tonumber(ARGV[i + 1]), ARGV[i + 2], ARGV[i + 3], ARGV[i + 4]
  if not retractedIds[id] and firstSight(id, table.concat({ 's', ARGV[i + 1], ch, st, agent }, '|')) then
    result[#result + 1] = '1'
    noteEvent(ch)
    local key = P .. 'a:' .. agent
    local cur = redis.call('HMGET', key, 'at', 'ch', 'st', 'o', 'b')
    local curAt = tonumber(cur[1])
    local fields = { 'e:' .. id, string.format('%d|%s|%s|%d', at, ch, st, NOW) }
    if not cur[4] then
      fields[#fields + 1] = 'o'
      fields[#fields + 1] = string.format('%d', NOW)
      -- An agent kept by an older version has no history: the status standing is its base.
      if curAt ~= nil and not cur[5] then
        fields[#fields + 1] = 'b'
        fields[#fields + 1] = cur[1] .. '|' .. cur[2] .. '|' .. cur[3]
      end
    end
    if statusOver(at, ch, st, curAt and { at = curAt, ch = cur[2], st = cur[3] }) then
      if curAt ~= nil then redis.call('HINCRBY', P .. 'ac:' .. cur[2], cur[3], -1) end
      redis.call('HINCRBY', P .. 'ac:' .. ch, st, 1)
      for _, v in ipairs({ 'at', string.format('%d', at), 'ch', ch, 'st', st }) do fields[#fields + 1] = v end
    end
    redis.call('HSET', key, unpack(fields))
    foldIfDue(key, cur[4], WINDOW_MS)
  else
    result[#result + 1] = '0'
  end
end
lastEventFlush()
return table.concat(result)
