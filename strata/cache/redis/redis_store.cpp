// redis_store: GET for reads; SET plus SADD to each tag set in one script for writes, so a tag
// set never misses a key that exists; tag sets expire with their longest-lived member.
#include <strata/cache/memory_store.hpp>
#include <strata/cache/redis/redis_store.hpp>

#include <algorithm>
#include <stdexcept>

namespace strata::cache {

namespace {

// KEYS[1]: the entry; KEYS[2..]: its tag sets. ARGV[1]: the envelope; ARGV[2]: ms to keep it (0: always).
const redis::script set_script(R"lua(
local px = tonumber(ARGV[2])
if px > 0 then redis.call('SET', KEYS[1], ARGV[1], 'PX', px) else redis.call('SET', KEYS[1], ARGV[1]) end
for i = 2, #KEYS do
  redis.call('SADD', KEYS[i], KEYS[1])
  local left = redis.call('PTTL', KEYS[i])
  if px == 0 then
    if left >= 0 then redis.call('PERSIST', KEYS[i]) end
  elseif redis.call('SCARD', KEYS[i]) == 1 or (left >= 0 and left < px) then
    redis.call('PEXPIRE', KEYS[i], px)
  end
end
return 1
)lua");

// KEYS[1]: the tag set. Deletes its members in batches (unpack has a stack limit), then the set.
const redis::script drop_tag_script(R"lua(
local keys = redis.call('SMEMBERS', KEYS[1])
local dropped = 0
for i = 1, #keys, 1000 do
  dropped = dropped + redis.call('DEL', unpack(keys, i, math.min(i + 999, #keys)))
end
redis.call('DEL', KEYS[1])
return dropped
)lua");

// SCAN's MATCH is a glob: the prefix is matched literally.
std::string glob_escape(std::string_view s) {
  std::string out;
  for (char c : s) {
    if (c == '*' || c == '?' || c == '[' || c == ']' || c == '\\') out += '\\';
    out += c;
  }
  return out;
}

}  // namespace

redis_store::redis_store(redis::client client, redis_store_options options)
    : client_(std::move(client)), options_(std::move(options)) {
  if (!client_) throw std::invalid_argument("redis_store: no client");
}

std::string redis_store::entry_key(std::string_view key) const {
  std::string k = options_.prefix;
  k += "k:";
  k += key;
  return k;
}

std::string redis_store::tag_key(std::string_view tag) const {
  std::string k = options_.prefix;
  k += "t:";
  k += tag;
  return k;
}

task<std::optional<envelope>> redis_store::get_entry(std::string key) {
  auto bytes = co_await client_.get(entry_key(key));
  if (!bytes) co_return std::nullopt;
  auto e = decode_envelope(*bytes);
  // Redis drops the key at the end of the stale window; the check covers clock skew between
  // the instance that wrote it and this one, to the millisecond PX rounds to.
  if (!e || (e->expires_at_ms != 0 && unix_ms_now() >= e->expires_at_ms)) co_return std::nullopt;
  co_return e;
}

task<std::optional<found>> redis_store::get(std::string key) {
  auto e = co_await get_entry(std::move(key));
  if (!e) co_return std::nullopt;
  bool stale = e->fresh_until_ms != 0 && unix_ms_now() >= e->fresh_until_ms;
  co_return found{std::move(e->value), stale};
}

task<bool> redis_store::set(std::string key, std::string value, entry_options options) {
  if (options.ttl.count() < 0 || options.stale.count() < 0)
    throw std::invalid_argument("cache: ttl and stale window must not be negative");
  std::sort(options.tags.begin(), options.tags.end());
  options.tags.erase(std::unique(options.tags.begin(), options.tags.end()), options.tags.end());
  if (memory_store::entry_bytes(key, value, options.tags) > options_.max_entry_bytes) {
    co_await client_.del(entry_key(key));
    co_return false;
  }
  envelope e;
  std::int64_t keep_ms = 0;
  if (options.ttl.count() > 0) {
    const auto now = unix_ms_now();
    // Clamped so the sum cannot overflow; a century is "no expiry" in practice.
    constexpr std::int64_t century = 100LL * 365 * 24 * 3600 * 1000;
    const auto ttl = std::min<std::int64_t>(options.ttl.count(), century);
    const auto stale = std::min<std::int64_t>(options.stale.count(), century);
    e.fresh_until_ms = now + ttl;
    e.expires_at_ms = e.fresh_until_ms + stale;
    keep_ms = ttl + stale;
  }
  e.tags = options.tags;
  e.value = std::move(value);
  std::vector<std::string> keys{entry_key(key)};
  for (const auto& t : options.tags) keys.push_back(tag_key(t));
  std::vector<std::string> args{encode_envelope(e), std::to_string(keep_ms)};
  co_await client_.eval(set_script, std::move(keys), std::move(args));
  co_return true;
}

task<bool> redis_store::del(std::string key) { co_return co_await client_.del(entry_key(key)) > 0; }

task<std::size_t> redis_store::invalidate_tag(std::string tag) {
  std::vector<std::string> keys{tag_key(tag)};
  std::vector<std::string> args;
  auto r = co_await client_.eval(drop_tag_script, std::move(keys), std::move(args));
  co_return static_cast<std::size_t>(std::max<std::int64_t>(0, r.as_integer()));
}

task<void> redis_store::clear() {
  const std::string pattern = glob_escape(options_.prefix) + "*";
  std::string cursor = "0";
  do {
    auto r = co_await client_.command("SCAN", cursor, "MATCH", pattern, "COUNT", 1000);
    cursor = r[0].as_string();
    auto keys = r[1].as_strings();
    if (!keys.empty()) co_await client_.del(std::move(keys));
  } while (cursor != "0");
}

}  // namespace strata::cache
