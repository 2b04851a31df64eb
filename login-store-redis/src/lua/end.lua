-- ARGV: prefix, id. Returns {fields, sessions} of the ended login, or nil.
return end_login(ARGV[2])
