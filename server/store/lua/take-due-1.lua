--[[
  Takes the deliveries whose retry time has come, atomically, so that with any number of instances each
  retry is taken by exactly one.

  KEYS[1] sorted set of deliveries waiting for a retry (score: when, epoch ms)
  ARGV[1] now, epoch ms
  ARGV[2] at most this many

  Returns the members taken (removed from the set).
]]
local due = redis.call('ZRANGEBYSCORE', KEYS[1], '-inf', ARGV[1], 'LIMIT', 0, tonumber(ARGV[2]))
if #due > 0 then redis.call('ZREM', KEYS[1], unpack(due)) end
return due
