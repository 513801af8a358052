// redis_store: one script call per request (all of its limits together), decisions read back
// from the flat integer array the script returns.
#include <strata/ratelimit/redis_store.hpp>

#include <stdexcept>

namespace strata::ratelimit {

namespace {

int algorithm_code(algorithm a) {
  switch (a) {
    case algorithm::fixed_window:
      return 0;
    case algorithm::sliding_window:
      return 1;
    case algorithm::token_bucket:
      return 2;
  }
  return 0;
}

void encode(std::span<const check> checks, std::int64_t now_ms, const redis_store_options& o,
            std::vector<std::string>& keys, std::vector<std::string>& args) {
  keys.reserve(checks.size());
  args.reserve(2 + 4 * checks.size());
  args.push_back(std::to_string(now_ms));
  args.push_back(std::to_string(o.expiry_slack.count()));
  for (const auto& c : checks) {
    keys.push_back(o.prefix + c.key);
    args.push_back(std::to_string(algorithm_code(c.limit.algorithm)));
    args.push_back(std::to_string(c.limit.points));
    args.push_back(std::to_string(c.limit.window.count()));
    args.push_back(std::to_string(c.cost));
  }
}

}  // namespace

redis_store::redis_store(redis::client client, redis_store_options options)
    : client_(std::move(client)), options_(std::move(options)) {
  if (!client_) throw std::invalid_argument("redis_store: no client");
}

task<std::vector<decision>> redis_store::consume(std::span<const check> checks, std::int64_t now_ms) {
  std::vector<std::string> keys, args;
  encode(checks, now_ms, options_, keys, args);
  auto r = co_await client_.eval(detail::consume_script(), std::move(keys), std::move(args));
  r.value();
  if (r.size() != 5 * checks.size()) throw std::runtime_error("ratelimit: unexpected reply from the Redis script");
  std::vector<decision> out(checks.size());
  for (std::size_t i = 0; i < checks.size(); ++i) {
    auto& d = out[i];
    d.allowed = r[5 * i].as_integer() != 0;
    d.limit = r[5 * i + 1].as_integer();
    d.remaining = r[5 * i + 2].as_integer();
    d.reset_ms = r[5 * i + 3].as_integer();
    d.retry_ms = r[5 * i + 4].as_integer();
  }
  co_return out;
}

task<void> redis_store::refund(std::span<const check> checks, std::int64_t now_ms) {
  std::vector<std::string> keys, args;
  encode(checks, now_ms, options_, keys, args);
  auto r = co_await client_.eval(detail::refund_script(), std::move(keys), std::move(args));
  r.value();
}

task<state> redis_store::read(std::string key) {
  auto fields = co_await client_.hgetall(options_.prefix + key);
  state s;
  auto get = [&](const char* f) -> std::int64_t {
    auto it = fields.find(f);
    return it == fields.end() ? 0 : std::stoll(it->second);
  };
  s.a = get("a");
  s.b = get("b");
  s.c = get("c");
  co_return s;
}

}  // namespace strata::ratelimit
