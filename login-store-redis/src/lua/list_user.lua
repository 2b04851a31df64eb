-- KEYS: user index. ARGV: prefix. Returns the fields of every login in the index, oldest first.
local logins = {}
for _, member in ipairs(redis.call('ZRANGE', KEYS[1], 0, -1)) do
  local fields = redis.call('HGETALL', login_key(member))
  if #fields > 0 then
    logins[#logins + 1] = fields
  end
end
return logins
