--[[
  Shared piece: what one survey response adds to its channel's (and queue's) counters, in the minute and hour
  of its time; sign -1 withdraws it (retract-1.lua). Where the scales' bands start is decided here, once:
    csat (1-5)  "csn" responses, "csp" satisfied (4-5)
    ces  (1-7)  "cen" responses, "cee" easy (5-7), "ces" sum of scores
    nps  (0-10) "npn" responses, "npp" promoters (9-10), "npd" detractors (0-6)
  Expects the include "buckets".
]]
local function surveyAdd(t, ch, qu, kind, score, sign)
  if kind == 'csat' then
    bucketAdd(t, ch, qu, { 'csn', sign, 'csp', score >= 4 and sign or 0 })
  elseif kind == 'ces' then
    bucketAdd(t, ch, qu, { 'cen', sign, 'cee', score >= 5 and sign or 0, 'ces', sign * score })
  elseif kind == 'nps' then
    bucketAdd(t, ch, qu, { 'npn', sign, 'npp', score >= 9 and sign or 0, 'npd', score <= 6 and sign or 0 })
  end
end
