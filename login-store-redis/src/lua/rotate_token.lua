-- KEYS: login. ARGV: prefix, now, from, to.
-- Returns {'rotated'}, {'missing'}, or {'conflict', token, previous or '', rotated, seconds}.
local key = KEYS[1]
local now, from, to = ARGV[2], ARGV[3], ARGV[4]
local state = redis.call('HMGET', key, 'expires', 'token', 'previous', 'rotated', 'seconds')
if not live(state[1], now) or not state[2] then
  return {'missing'}
end
if state[2] == to then
  return {'rotated'}
end
if state[2] == from then
  redis.call('HSET', key, 'previous', from, 'token', to, 'rotated', now)
  return {'rotated'}
end
return {'conflict', state[2], state[3] or '', state[4], state[5]}
