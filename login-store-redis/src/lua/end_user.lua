-- KEYS: user index. ARGV: prefix, the login to keep or ''.
-- Returns the ended logins as {fields, sessions}, oldest first.
local index, keep = KEYS[1], ARGV[2]
local ended = {}
for _, member in ipairs(redis.call('ZRANGE', index, 0, -1)) do
  if member ~= keep then
    local login = end_login(member)
    if login then
      ended[#ended + 1] = login
    else
      redis.call('ZREM', index, member)
    end
  end
end
return ended
