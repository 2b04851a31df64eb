-- KEYS: login, user index. ARGV: prefix, id, now, limit or '', expiry or '', created, then
-- the login's fields and values. Returns the logins the limit ended, oldest first.
local key, index = KEYS[1], KEYS[2]
local id, now, limit, expiry, created = ARGV[2], ARGV[3], ARGV[4], ARGV[5], ARGV[6]
if redis.call('EXISTS', key) == 1 then
  return redis.error_reply('ERR a login with this id exists')
end
redis.call('HSET', key, unpack(ARGV, 7))
local new_index = redis.call('EXISTS', index) == 0
redis.call('ZADD', index, created, id)
if expiry ~= '' then
  redis.call('PEXPIREAT', key, expiry)
end
if new_index and expiry ~= '' then
  redis.call('PEXPIREAT', index, expiry)
else
  extend(index, expiry)
end

local others = {}
for _, member in ipairs(redis.call('ZRANGE', index, 0, -1)) do
  if member ~= id then
    local expires = redis.call('HGET', login_key(member), 'expires')
    if not expires then
      redis.call('ZREM', index, member)
    elseif live(expires, now) then
      others[#others + 1] = member
    end
  end
end
local ended = {}
if limit ~= '' then
  for n = 1, #others + 1 - tonumber(limit) do
    ended[#ended + 1] = end_login(others[n])
  end
end
return ended
