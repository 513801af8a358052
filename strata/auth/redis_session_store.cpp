#include <strata/auth/redis_session_store.hpp>

#include <charconv>

namespace strata::auth {
namespace {

// KEYS: the session, then its user's set (absent while anonymous). ARGV: value, ttl ms, the
// member (the session's key), the session key prefix, "1" to write only over an existing
// session. The set is pruned of members whose session expired once it grows, so a user who logs
// in daily does not collect ids forever.
const redis::script save_script(R"lua(
if ARGV[5] == '1' and redis.call('EXISTS', KEYS[1]) == 0 then return 0 end
redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[2])
if KEYS[2] then
  redis.call('SADD', KEYS[2], ARGV[3])
  if redis.call('PTTL', KEYS[2]) < tonumber(ARGV[2]) then redis.call('PEXPIRE', KEYS[2], ARGV[2]) end
  if redis.call('SCARD', KEYS[2]) > 32 then
    for _, m in ipairs(redis.call('SMEMBERS', KEYS[2])) do
      if redis.call('EXISTS', ARGV[4] .. m) == 0 then redis.call('SREM', KEYS[2], m) end
    end
  end
end
return 1)lua");

// KEYS: the user's set. ARGV: the session key prefix. Returns how many sessions were deleted.
const redis::script destroy_user_script(R"lua(
local n = 0
for _, m in ipairs(redis.call('SMEMBERS', KEYS[1])) do n = n + redis.call('DEL', ARGV[1] .. m) end
redis.call('DEL', KEYS[1])
return n)lua");

// The value: "<expires_ms>:<user length>:<user><data>", so user ids may hold any byte.
std::string envelope(const stored_session& s) {
  std::string out = std::to_string(s.expires_ms);
  out.append(":").append(std::to_string(s.user_id.size())).append(":").append(s.user_id).append(s.data);
  return out;
}

bool read_number(std::string_view& text, std::int64_t& out) {
  auto colon = text.find(':');
  if (colon == std::string_view::npos) return false;
  auto r = std::from_chars(text.data(), text.data() + colon, out);
  if (r.ec != std::errc() || r.ptr != text.data() + colon) return false;
  text.remove_prefix(colon + 1);
  return true;
}

std::optional<stored_session> open_envelope(std::string_view text) {
  stored_session s;
  std::int64_t user_len = 0;
  if (!read_number(text, s.expires_ms) || !read_number(text, user_len) || user_len < 0 ||
      static_cast<std::uint64_t>(user_len) > text.size())
    return std::nullopt;
  s.user_id = text.substr(0, static_cast<std::size_t>(user_len));
  s.data = text.substr(static_cast<std::size_t>(user_len));
  return s;
}

}  // namespace

redis_session_store::redis_session_store(redis::client client, redis_session_store_options options)
    : client_(std::move(client)), options_(std::move(options)) {}

task<std::optional<stored_session>> redis_session_store::load(std::string key) {
  auto v = co_await client_.get(session_key(key));
  if (!v) co_return std::nullopt;
  co_return open_envelope(*v);
}

task<bool> redis_session_store::write(std::string key, stored_session session, std::chrono::milliseconds ttl,
                                      bool only_existing) {
  const auto ms = std::max<std::int64_t>(ttl.count(), 1);
  std::vector<std::string> keys{session_key(key)};
  if (!session.user_id.empty()) keys.push_back(user_key(session.user_id));
  std::vector<std::string> args{envelope(session), std::to_string(ms), key, options_.prefix + "s:",
                                only_existing ? "1" : "0"};
  auto r = co_await client_.eval(save_script, std::move(keys), std::move(args));
  co_return r.integer() == 1;
}

task<void> redis_session_store::save(std::string key, stored_session session, std::chrono::milliseconds ttl) {
  co_await write(std::move(key), std::move(session), ttl, false);
}

task<bool> redis_session_store::update(std::string key, stored_session session, std::chrono::milliseconds ttl) {
  co_return co_await write(std::move(key), std::move(session), ttl, true);
}

task<void> redis_session_store::destroy(std::string key, std::string user_id) {
  std::vector<redis::command_args> cmds;
  cmds.emplace_back("DEL", session_key(key));
  if (!user_id.empty()) cmds.emplace_back("SREM", user_key(user_id), key);
  for (const auto& r : co_await client_.pipeline(std::move(cmds)))
    if (r.is_error()) throw redis::error(redis::error_kind::server, r.str());
}

task<std::size_t> redis_session_store::destroy_user(std::string user_id) {
  std::vector<std::string> keys{user_key(user_id)};
  std::vector<std::string> args{options_.prefix + "s:"};
  auto r = co_await client_.eval(destroy_user_script, std::move(keys), std::move(args));
  co_return static_cast<std::size_t>(r.integer());
}

}  // namespace strata::auth
