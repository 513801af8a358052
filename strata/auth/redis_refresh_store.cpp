// Refresh-token families in Redis, one Lua script per step (see redis_refresh_store.hpp).
#include <strata/auth/redis_refresh_store.hpp>

#include <algorithm>
#include <charconv>
#include <stdexcept>
#include <vector>

namespace strata::auth {
namespace {

// KEYS: family, token, user. ARGV: family id, user, meta, created, expires, token expires, ttl ms.
const redis::script create_script(R"lua(
redis.call('HSET', KEYS[1], 'user', ARGV[2], 'meta', ARGV[3], 'created', ARGV[4], 'expires', ARGV[5])
redis.call('PEXPIRE', KEYS[1], ARGV[7])
redis.call('HSET', KEYS[2], 'family', ARGV[1], 'expires', ARGV[6])
redis.call('PEXPIRE', KEYS[2], ARGV[7])
redis.call('SADD', KEYS[3], ARGV[1])
if redis.call('PTTL', KEYS[3]) < tonumber(ARGV[7]) then redis.call('PEXPIRE', KEYS[3], ARGV[7]) end
return 1
)lua");

// KEYS: the presented token, its successor. ARGV: now, idle ms, prefix.
// Returns {status, family id, user, meta, created, family expires, new token expires}.
const redis::script rotate_script(R"lua(
local t = redis.call('HMGET', KEYS[1], 'family', 'expires', 'used')
if not t[1] then return {'invalid'} end
local fkey = ARGV[3] .. 'f:' .. t[1]
local f = redis.call('HMGET', fkey, 'user', 'meta', 'created', 'expires', 'revoked')
if not f[1] then return {'invalid'} end
local now = tonumber(ARGV[1])
local fexp = tonumber(f[4])
local function answer(status, texp) return {status, t[1], f[1], f[2], f[3], f[4], texp or '0'} end
if fexp <= now then return answer('expired') end
if t[3] then
  if not f[5] then redis.call('HSET', fkey, 'revoked', ARGV[1]) end
  return answer('reused')
end
if f[5] then return answer('revoked') end
if tonumber(t[2]) <= now then return answer('expired') end
redis.call('HSET', KEYS[1], 'used', ARGV[1])
local texp = string.format('%d', math.min(now + tonumber(ARGV[2]), fexp))
redis.call('HSET', KEYS[2], 'family', t[1], 'expires', texp)
redis.call('PEXPIRE', KEYS[2], string.format('%d', fexp - now))
return answer('ok', texp)
)lua");

// KEYS: the token. ARGV: now, prefix.
const redis::script revoke_script(R"lua(
local fam = redis.call('HGET', KEYS[1], 'family')
if not fam then return 0 end
local fkey = ARGV[2] .. 'f:' .. fam
if redis.call('EXISTS', fkey) == 0 or redis.call('HEXISTS', fkey, 'revoked') == 1 then return 0 end
redis.call('HSET', fkey, 'revoked', ARGV[1])
return 1
)lua");

// KEYS: the user's set. ARGV: now, prefix. Drops ids of families Redis has expired meanwhile.
const redis::script revoke_user_script(R"lua(
local n = 0
for _, fam in ipairs(redis.call('SMEMBERS', KEYS[1])) do
  local fkey = ARGV[2] .. 'f:' .. fam
  local f = redis.call('HMGET', fkey, 'expires', 'revoked')
  if not f[1] then
    redis.call('SREM', KEYS[1], fam)
  elseif not f[2] and tonumber(f[1]) > tonumber(ARGV[1]) then
    redis.call('HSET', fkey, 'revoked', ARGV[1])
    n = n + 1
  end
end
return n
)lua");

std::int64_t number(const std::string& s) {
  std::int64_t v = 0;
  auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
  if (ec != std::errc() || end != s.data() + s.size())
    throw std::runtime_error("redis_refresh_store: not an integer in a stored family: " + s);
  return v;
}

refresh_status parse_status(const std::string& s) {
  if (s == "ok") return refresh_status::ok;
  if (s == "expired") return refresh_status::expired;
  if (s == "revoked") return refresh_status::revoked;
  if (s == "reused") return refresh_status::reused;
  return refresh_status::invalid;
}

}  // namespace

redis_refresh_store::redis_refresh_store(redis::client client, redis_refresh_store_options options)
    : client_(std::move(client)), options_(std::move(options)) {
  if (!client_) throw std::invalid_argument("redis_refresh_store: no Redis client");
}

task<void> redis_refresh_store::create(refresh_family family, std::string token_hash, std::int64_t token_expires_ms) {
  // Kept as long as the family can live: its end, from its start (the caller's clock, not Redis').
  const auto ttl = std::max<std::int64_t>(1, family.expires_ms - family.created_ms);
  std::vector<std::string> keys{key("f:", family.id), key("t:", token_hash), key("u:", family.user_id)};
  std::vector<std::string> args{family.id,
                                family.user_id,
                                family.meta,
                                std::to_string(family.created_ms),
                                std::to_string(family.expires_ms),
                                std::to_string(token_expires_ms),
                                std::to_string(ttl)};
  co_await client_.eval(create_script, std::move(keys), std::move(args));
}

task<refresh_step> redis_refresh_store::rotate(std::string old_hash, std::string new_hash, std::int64_t now_ms,
                                               std::int64_t idle_ms) {
  std::vector<std::string> keys{key("t:", old_hash), key("t:", new_hash)};
  std::vector<std::string> args{std::to_string(now_ms), std::to_string(idle_ms), options_.prefix};
  auto r = (co_await client_.eval(rotate_script, std::move(keys), std::move(args))).as_strings();
  refresh_step step;
  if (r.empty()) co_return step;
  step.status = parse_status(r[0]);
  if (step.status == refresh_status::invalid || r.size() < 7) co_return step;
  step.family.id = r[1];
  step.family.user_id = r[2];
  step.family.meta = r[3];
  step.family.created_ms = number(r[4]);
  step.family.expires_ms = number(r[5]);
  if (step.status == refresh_status::ok) step.token_expires_ms = number(r[6]);
  co_return step;
}

task<bool> redis_refresh_store::revoke(std::string token_hash, std::int64_t now_ms) {
  std::vector<std::string> keys{key("t:", token_hash)};
  std::vector<std::string> args{std::to_string(now_ms), options_.prefix};
  auto r = co_await client_.eval(revoke_script, std::move(keys), std::move(args));
  co_return r.as_integer() == 1;
}

task<std::size_t> redis_refresh_store::revoke_user(std::string user_id, std::int64_t now_ms) {
  std::vector<std::string> keys{key("u:", user_id)};
  std::vector<std::string> args{std::to_string(now_ms), options_.prefix};
  auto r = co_await client_.eval(revoke_user_script, std::move(keys), std::move(args));
  co_return static_cast<std::size_t>(r.as_integer());
}

task<std::size_t> redis_refresh_store::purge(std::int64_t) {
  co_return 0;
}

}  // namespace strata::auth
