-- KEYS: login, sessions. ARGV: prefix, now, session id.
-- Returns 1 when the login is live at `now` (and the session is in its set), else 0.
local key, sessions = KEYS[1], KEYS[2]
local now, session = ARGV[2], ARGV[3]
local expires = redis.call('HGET', key, 'expires')
if not live(expires, now) then
  return 0
end
redis.call('SADD', sessions, session)
local expiry = redis.call('PEXPIRETIME', key)
if expiry > 0 then
  redis.call('PEXPIREAT', sessions, expiry)
else
  redis.call('PERSIST', sessions)
end
return 1
