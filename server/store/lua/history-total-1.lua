--[[
  Stores a month's history total, unless a day of the month was written since it was summed.

  KEYS[1] the month's history hash
  ARGV[1] the rev field, ARGV[2] the rev the total was summed at ('' when the hash had none)
  ARGV[3] the total field, ARGV[4] its value
  ARGV[5] the field of the total's column list, ARGV[6] its value

  Returns 1 when stored, 0 when the rev moved on (the writer of the newer day sums the month again) or the
  hash is gone (expired).
]]
if redis.call('EXISTS', KEYS[1]) == 0 then return 0 end
local rev = redis.call('HGET', KEYS[1], ARGV[1]) or ''
if rev ~= ARGV[2] then return 0 end
redis.call('HSET', KEYS[1], ARGV[3], ARGV[4], ARGV[5], ARGV[6])
return 1
