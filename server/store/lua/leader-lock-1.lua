--[[
  Takes or keeps a leader lock: set when free, renewed when this instance holds it.

  KEYS[1] lock key
  ARGV[1] this instance's id
  ARGV[2] lock time to live, ms

  Returns 1 when this instance is (still) the leader, 0 when another one is.
]]
local holder = redis.call('GET', KEYS[1])
if holder == false then
  redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[2])
  return 1
end
if holder == ARGV[1] then
  redis.call('PEXPIRE', KEYS[1], ARGV[2])
  return 1
end
return 0
