-- KEYS: login. ARGV: prefix, now, the MAC or nothing to remove it.
-- Returns 1 when the login is live at `now`, else 0.
local key, now, mac = KEYS[1], ARGV[2], ARGV[3]
local expires = redis.call('HGET', key, 'expires')
if not live(expires, now) then
  return 0
end
if mac then
  redis.call('HSET', key, 'mac', mac)
else
  redis.call('HDEL', key, 'mac')
end
return 1
