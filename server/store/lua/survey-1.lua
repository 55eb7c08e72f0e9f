--[[
  Applies a batch of survey responses (survey.submitted, and csat.submitted as kind csat): each adds to the
  counters of its kind, for its channel (and queue), in the minute and hour of its time (lua/includes/survey.lua).

  KEYS[1] tenant key <prefix>tenant (routes the call to the tenant's slot)
  ARGV[1] key prefix
  ARGV[2] duplicate window, ms
  ARGV[3] bucket retention after the bucket ends, ms
  ARGV[4] now, epoch ms (the caller's clock)
  ARGV[5] most queues per channel (PEAKWATCH_MAX_QUEUES)
  ARGV[6] the name a queue beyond the limit folds into, "(other)"
  ARGV[7..] events, 7 fields each: id, type ("c" csat.submitted, "v" survey.submitted), at (epoch ms), channel,
            kind (csat, ces, nps), score (checked against the kind's scale), queue ("" when absent)

  A queue the channel's registry does not hold, once it is full, is folded (lua/includes/names.lua).

  Seen ids: <prefix>seen:<id> for the duplicate window, "c|<at>|<channel>|<score>|<queue>" for csat.submitted,
  "v|<at>|<channel>|<kind>|<score>|<queue>" for survey.submitted; a retracted id stays out
  (lua/includes/retracted.lua). When the call applied an event: <prefix>last-event (lua/includes/last-event.lua).

  Returns a string with one character per event: "1" applied, "0" duplicate.
]]
local P = ARGV[1]
local DEDUP_TTL = ARGV[2]
local BUCKET_TTL = tonumber(ARGV[3])
local NOW = tonumber(ARGV[4])
local MAX_QUEUES = tonumber(ARGV[5])
local OTHER = ARGV[6]

--@include "buckets"
--@include "survey"
--@include "last-event"
--@include "names"
--@include "retracted"

loadRetracted(7, 7, tonumber(DEDUP_TTL))
local result = {}
for i = 7, #ARGV, 7 do
  if not retractedIds[ARGV[i]] and firstSight(ARGV[i], '') then
    result[#result + 1] = '1'
    local rec, at, ch, kind, score, raw = ARGV[i + 1], tonumber(ARGV[i + 2]), ARGV[i + 3], ARGV[i + 4], tonumber(ARGV[i + 5]), ARGV[i + 6]
    noteEvent(ch)
    local qu = raw
    if raw ~= '' then
      local key = P .. 'queue-names:' .. ch
      qu = nameAdmit(key, MAX_QUEUES, raw)
      nameTouch(key, qu, at)
      if qu ~= raw then foldNote('q|' .. ch) end
    end
    -- What the event did (retract-1.lua withdraws it): with the queue it counts under.
    local what = rec == 'c' and { 'c', ARGV[i + 2], ch, ARGV[i + 5], qu } or { 'v', ARGV[i + 2], ch, kind, ARGV[i + 5], qu }
    redis.call('SET', P .. 'seen:' .. ARGV[i], table.concat(what, '|'), 'KEEPTTL')
    surveyAdd(at, ch, qu, kind, score, 1)
  else
    result[#result + 1] = '0'
  end
end
accFlush()
lastEventFlush()
namesFlush()
return table.concat(result)
