--[[
  Reads the live gauges of channels (read only): for each channel, its contacts without a queue (queue "") and
  each named queue with open contacts (<prefix>live-queues:<ch>, kept by contact-1.lua; a waiting contact is open
  too). A queue with nothing open has empty live sets and is not read, so the cost follows what is live, not the
  names ever seen; and one call replaces 9 commands per queue sent and answered one by one.

  KEYS[1] tenant key <prefix>tenant (routes the call to the tenant's slot)
  ARGV[1] key prefix
  ARGV[2] now, epoch ms
  ARGV[3] number of band edges n, then ARGV[4..3+n] the edges (age limits in ms between bands, ascending)
  ARGV[4+n..] channels

  Returns per channel a flat array: queue name, waiting, oldest waiting (queued time, or false), open, oldest
  open (or false), then the open contacts per age band (n + 1 counts), for queue "" first, then each live queue.
]]
local P = ARGV[1]
local NOW = tonumber(ARGV[2])
local n = tonumber(ARGV[3])
local limits = { 0 }
for i = 1, n do limits[#limits + 1] = tonumber(ARGV[3 + i]) end

local function oldest(key)
  local r = redis.call('ZRANGE', key, 0, 0, 'WITHSCORES')
  return r[2] and tonumber(r[2]) or false
end

local out = {}
for c = 4 + n, #ARGV do
  local ch = ARGV[c]
  local queues = redis.call('SMEMBERS', P .. 'live-queues:' .. ch)
  table.insert(queues, 1, '')
  local rows = {}
  for _, qu in ipairs(queues) do
    local w, o = P .. 'wq:' .. ch .. '|' .. qu, P .. 'oq:' .. ch .. '|' .. qu
    rows[#rows + 1] = qu
    rows[#rows + 1] = redis.call('ZCARD', w)
    rows[#rows + 1] = oldest(w)
    rows[#rows + 1] = redis.call('ZCARD', o)
    rows[#rows + 1] = oldest(o)
    -- Band i holds ages in [edge(i-1), edge(i)): queued at (now - edge(i), now - edge(i-1)].
    for i, lo in ipairs(limits) do
      local hi = limits[i + 1]
      rows[#rows + 1] = redis.call('ZCOUNT', o, hi and string.format('(%d', NOW - hi) or '-inf', string.format('%d', NOW - lo))
    end
  end
  out[#out + 1] = rows
end
return out
