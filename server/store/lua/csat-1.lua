--[[
  Applies a batch of csat.submitted events: each counts one response ("csn") of its channel (and queue),
  and one positive response ("csp") when the score is 4 or 5, in the minute and hour of its time.

  KEYS[1] tenant key <prefix>tenant (routes the call to the tenant's slot)
  ARGV[1] key prefix
  ARGV[2] duplicate window, ms
  ARGV[3] bucket retention after the bucket ends, ms
  ARGV[4] now, epoch ms (the caller's clock)
  ARGV[5] most queues per channel (PEAKWATCH_MAX_QUEUES)
  ARGV[6] the name a queue beyond the limit folds into, "(other)"
  ARGV[7..] events, 5 fields each: id, at (epoch ms), channel, score (1-5), queue ("" when absent)

  A queue the channel's registry does not hold, once it is full, is folded (lua/includes/names.lua).

  Seen ids: <prefix>seen:<id> = "c|<at>|<channel>|<score>|<queue>" for the duplicate window; a retracted id
  stays out (lua/includes/retracted.lua). When the call applied an event: <prefix>last-event
  (lua/includes/last-event.lua).

  Returns a string with one character per event: "1" applied, "0" duplicate.
]]
local P = ARGV[1]
local DEDUP_TTL = ARGV[2]
local BUCKET_TTL = tonumber(ARGV[3])
local NOW = tonumber(ARGV[4])
local MAX_QUEUES = tonumber(ARGV[5])
local OTHER = ARGV[6]

--@include "buckets"
--@include "last-event"
--@include "names"
--@include "retracted"

loadRetracted(7, 5, tonumber(DEDUP_TTL))
local result = {}
for i = 7, #ARGV, 5 do
  if not retractedIds[ARGV[i]] and firstSight(ARGV[i], '') then
    result[#result + 1] = '1'
    local at, ch, score, raw = tonumber(ARGV[i + 1]), ARGV[i + 2], tonumber(ARGV[i + 3]), ARGV[i + 4]
    noteEvent(ch)
    local qu = raw
    if raw ~= '' then
      local key = P .. 'queue-names:' .. ch
      qu = nameAdmit(key, MAX_QUEUES, raw)
      nameTouch(key, qu, at)
      if qu ~= raw then foldNote('q|' .. ch) end
    end
    -- What the event did (retract-1.lua withdraws it): with the queue it counts under.
    redis.call('SET', P .. 'seen:' .. ARGV[i], table.concat({ 'c', ARGV[i + 1], ch, ARGV[i + 3], qu }, '|'), 'KEEPTTL')
    bucketAdd(at, ch, qu, { 'csn', 1, 'csp', score >= 4 and 1 or 0 })
  else
    result[#result + 1] = '0'
  end
end
accFlush()
lastEventFlush()
namesFlush()
return table.concat(result)
