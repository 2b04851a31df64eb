-- KEYS: login, sessions. ARGV: prefix, now, used at, expires at, its key expiry or ''.
-- Returns 1 when the login is live at `now`, else 0.
local key, sessions = KEYS[1], KEYS[2]
local now, used_at, expires_at, expiry = ARGV[2], ARGV[3], ARGV[4], ARGV[5]
local state = redis.call('HMGET', key, 'expires', 'last_used', 'user')
if not live(state[1], now) then
  return 0
end
if tonumber(state[2]) == nil or after(used_at, state[2]) then
  redis.call('HSET', key, 'last_used', used_at)
end
if after(expires_at, state[1]) then
  redis.call('HSET', key, 'expires', expires_at)
  extend(key, expiry)
  extend(sessions, expiry)
  if state[3] then
    extend(user_key(state[3]), expiry)
  end
end
return 1
