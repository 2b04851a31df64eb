-- Shared by every script. ARGV[1] is the key prefix; times are decimal milliseconds since the
-- Unix epoch, compared exactly (Lua numbers are doubles).
local prefix = ARGV[1]

local function login_key(id) return prefix .. 'login:' .. id end
local function sessions_key(id) return prefix .. 'sessions:' .. id end
local function user_key(user) return prefix .. 'user:' .. user end

-- Whether the integer `a` is greater than the integer `b`, both decimal strings.
local function after(a, b)
  local na, nb = tonumber(a), tonumber(b)
  if na ~= nb then return na > nb end
  local negative = string.sub(a, 1, 1) == '-'
  if #a ~= #b then return (#a > #b) ~= negative end
  return (a > b) ~= negative
end

-- Whether a login whose `expires` field is this (false when absent) is live at `now`. An
-- unreadable value is not.
local function live(expires, now)
  return expires ~= false and tonumber(expires) ~= nil and after(expires, now)
end

-- Moves the expiry of `key` out to `at` (milliseconds, or '' for never); never brings it
-- closer, and leaves a key without expiry alone.
local function extend(key, at)
  if at == '' then
    redis.call('PERSIST', key)
  elseif redis.call('PTTL', key) >= 0 then
    redis.call('PEXPIREAT', key, at, 'GT')
  end
end

-- Deletes a login, its session set and its entry in its user's index: {fields, sessions}, or
-- nil when there is no such login.
local function end_login(id)
  local key, sessions = login_key(id), sessions_key(id)
  local fields = redis.call('HGETALL', key)
  if #fields == 0 then
    redis.call('DEL', sessions)
    return nil
  end
  local members = redis.call('SMEMBERS', sessions)
  local user = redis.call('HGET', key, 'user')
  if user then
    redis.call('ZREM', user_key(user), id)
  end
  redis.call('DEL', key, sessions)
  return {fields, members}
end
