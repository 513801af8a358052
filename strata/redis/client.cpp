// redis::client: the typed commands are plain functions that encode their command at once and
// hand it to one coroutine (run) with a conversion of the reply, so the arguments may be
// temporaries and the client handle may go away while the command runs.
#include <boost/asio/this_coro.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <strata/redis/client.hpp>
#include <strata/redis/detail/client_impl.hpp>

namespace strata::redis {
namespace {

using impl_ptr = std::shared_ptr<detail::client_impl>;

const impl_ptr& require(const impl_ptr& impl) {
  if (!impl) throw error(error_kind::usage, "redis: the client is not open");
  return impl;
}

task<reply> exec(impl_ptr impl, command_args cmd) {
  auto& local = impl->local(co_await boost::asio::this_coro::executor);
  std::shared_ptr<detail::connection> conn = local.pick().shared_from_this();
  co_return co_await conn->async_execute(cmd, boost::asio::use_awaitable);
}

template <class Convert>
auto run(const impl_ptr& impl, command_args cmd, Convert convert) -> task<decltype(convert(std::declval<reply>()))> {
  return [](impl_ptr impl, command_args cmd, Convert convert) -> task<decltype(convert(std::declval<reply>()))> {
    reply r = co_await exec(std::move(impl), std::move(cmd));
    co_return convert(std::move(r).value());
  }(require(impl), std::move(cmd), std::move(convert));
}

auto to_optional_string = [](reply r) { return r.as_optional_string(); };
auto to_integer = [](reply r) { return r.as_integer(); };
auto to_bool = [](reply r) { return r.as_bool(); };
auto to_strings = [](reply r) { return r.as_strings(); };

}  // namespace

client::client(options opts) : impl_(std::make_shared<detail::client_impl>(std::move(opts))) {}

client client::open(std::string_view url) {
  return client(options::from_url(url));
}

const options& client::config() const {
  return require(impl_)->config();
}

task<reply> client::execute(command_args cmd) {
  return exec(require(impl_), std::move(cmd));
}

task<reply> client::execute_checked(command_args cmd) {
  return run(impl_, std::move(cmd), [](reply r) { return r; });
}

task<std::vector<reply>> client::pipeline(std::vector<command_args> cmds) {
  return [](impl_ptr impl, std::vector<command_args> cmds) -> task<std::vector<reply>> {
    auto& local = impl->local(co_await boost::asio::this_coro::executor);
    std::shared_ptr<detail::connection> conn = local.pick().shared_from_this();
    co_return co_await conn->async_execute_many(cmds, boost::asio::use_awaitable);
  }(require(impl_), std::move(cmds));
}

task<std::optional<std::string>> client::get(std::string_view key) {
  return run(impl_, command_args("GET", key), to_optional_string);
}

task<bool> client::set(std::string_view key, std::string_view value, set_options opts) {
  command_args cmd("SET", key, value);
  if (opts.ttl.count() > 0) cmd.arg("PX").arg(opts.ttl.count());
  if (opts.keep_ttl) cmd.arg("KEEPTTL");
  if (opts.condition == set_options::if_not_exists) cmd.arg("NX");
  if (opts.condition == set_options::if_exists) cmd.arg("XX");
  // +OK when set; null when NX/XX kept it from being set.
  return run(impl_, std::move(cmd), [](reply r) { return !r.is_null(); });
}

task<std::vector<std::optional<std::string>>> client::mget(std::vector<std::string> keys) {
  command_args cmd("MGET");
  cmd.args(keys);
  return run(impl_, std::move(cmd), [](reply r) {
    if (r.type() != reply_type::array) r.as_strings();  // throws the type error
    std::vector<std::optional<std::string>> out;
    out.reserve(r.size());
    for (const auto& e : r.elements()) out.push_back(e.as_optional_string());
    return out;
  });
}

task<std::int64_t> client::del(std::string_view key) {
  return run(impl_, command_args("DEL", key), to_integer);
}

task<std::int64_t> client::del(std::vector<std::string> keys) {
  command_args cmd("DEL");
  cmd.args(keys);
  return run(impl_, std::move(cmd), to_integer);
}

task<std::int64_t> client::exists(std::string_view key) {
  return run(impl_, command_args("EXISTS", key), to_integer);
}

task<bool> client::expire(std::string_view key, std::chrono::seconds ttl) {
  return run(impl_, command_args("EXPIRE", key, ttl.count()), to_bool);
}

task<bool> client::pexpire(std::string_view key, std::chrono::milliseconds ttl) {
  return run(impl_, command_args("PEXPIRE", key, ttl.count()), to_bool);
}

task<std::int64_t> client::ttl(std::string_view key) {
  return run(impl_, command_args("TTL", key), to_integer);
}

task<std::int64_t> client::pttl(std::string_view key) {
  return run(impl_, command_args("PTTL", key), to_integer);
}

task<std::int64_t> client::incr(std::string_view key) {
  return run(impl_, command_args("INCR", key), to_integer);
}

task<std::int64_t> client::incrby(std::string_view key, std::int64_t by) {
  return run(impl_, command_args("INCRBY", key, by), to_integer);
}

task<std::int64_t> client::decr(std::string_view key) {
  return run(impl_, command_args("DECR", key), to_integer);
}

task<std::optional<std::string>> client::hget(std::string_view key, std::string_view field) {
  return run(impl_, command_args("HGET", key, field), to_optional_string);
}

task<std::int64_t> client::hset(std::string_view key, std::string_view field, std::string_view value) {
  return run(impl_, command_args("HSET", key, field, value), to_integer);
}

task<std::int64_t> client::hset(std::string_view key, std::vector<std::pair<std::string, std::string>> fields) {
  command_args cmd("HSET", key);
  for (const auto& [f, v] : fields) cmd.arg(f).arg(v);
  return run(impl_, std::move(cmd), to_integer);
}

task<std::int64_t> client::hdel(std::string_view key, std::string_view field) {
  return run(impl_, command_args("HDEL", key, field), to_integer);
}

task<std::int64_t> client::hincrby(std::string_view key, std::string_view field, std::int64_t by) {
  return run(impl_, command_args("HINCRBY", key, field, by), to_integer);
}

task<std::unordered_map<std::string, std::string>> client::hgetall(std::string_view key) {
  // RESP3 answers with a map, RESP2 with a flat array of fields and values: as_pairs reads both.
  return run(impl_, command_args("HGETALL", key), [](reply r) {
    auto pairs = r.as_pairs();
    return std::unordered_map<std::string, std::string>(std::make_move_iterator(pairs.begin()),
                                                        std::make_move_iterator(pairs.end()));
  });
}

task<std::int64_t> client::lpush(std::string_view key, std::string_view value) {
  return run(impl_, command_args("LPUSH", key, value), to_integer);
}

task<std::int64_t> client::rpush(std::string_view key, std::string_view value) {
  return run(impl_, command_args("RPUSH", key, value), to_integer);
}

task<std::optional<std::string>> client::lpop(std::string_view key) {
  return run(impl_, command_args("LPOP", key), to_optional_string);
}

task<std::optional<std::string>> client::rpop(std::string_view key) {
  return run(impl_, command_args("RPOP", key), to_optional_string);
}

task<std::vector<std::string>> client::lrange(std::string_view key, std::int64_t start, std::int64_t stop) {
  return run(impl_, command_args("LRANGE", key, start, stop), to_strings);
}

task<std::int64_t> client::llen(std::string_view key) {
  return run(impl_, command_args("LLEN", key), to_integer);
}

task<std::int64_t> client::sadd(std::string_view key, std::string_view member) {
  return run(impl_, command_args("SADD", key, member), to_integer);
}

task<std::int64_t> client::srem(std::string_view key, std::string_view member) {
  return run(impl_, command_args("SREM", key, member), to_integer);
}

task<bool> client::sismember(std::string_view key, std::string_view member) {
  return run(impl_, command_args("SISMEMBER", key, member), to_bool);
}

task<std::vector<std::string>> client::smembers(std::string_view key) {
  return run(impl_, command_args("SMEMBERS", key), to_strings);
}

task<std::int64_t> client::zadd(std::string_view key, double score, std::string_view member) {
  return run(impl_, command_args("ZADD", key, score, member), to_integer);
}

task<std::int64_t> client::zrem(std::string_view key, std::string_view member) {
  return run(impl_, command_args("ZREM", key, member), to_integer);
}

task<std::optional<double>> client::zscore(std::string_view key, std::string_view member) {
  return run(impl_, command_args("ZSCORE", key, member),
             [](reply r) { return r.is_null() ? std::optional<double>() : std::optional<double>(r.as_double()); });
}

task<std::vector<std::string>> client::zrange(std::string_view key, std::int64_t start, std::int64_t stop) {
  return run(impl_, command_args("ZRANGE", key, start, stop), to_strings);
}

task<std::vector<std::pair<std::string, double>>> client::zrange_with_scores(std::string_view key, std::int64_t start,
                                                                             std::int64_t stop) {
  // RESP3: an array of [member, score] pairs; RESP2: member, score, member, score...
  return run(impl_, command_args("ZRANGE", key, start, stop, "WITHSCORES"), [](reply r) {
    std::vector<std::pair<std::string, double>> out;
    if (r.type() != reply_type::array) r.as_strings();  // throws the type error
    if (!r.elements().empty() && r[0].type() == reply_type::array) {
      for (const auto& e : r.elements()) out.emplace_back(e[0].as_string(), e[1].as_double());
    } else {
      for (std::size_t i = 0; i + 1 < r.size(); i += 2) out.emplace_back(r[i].as_string(), r[i + 1].as_double());
    }
    return out;
  });
}

task<std::int64_t> client::zcard(std::string_view key) {
  return run(impl_, command_args("ZCARD", key), to_integer);
}

task<std::int64_t> client::publish(std::string_view channel, std::string_view message) {
  return run(impl_, command_args("PUBLISH", channel, message), to_integer);
}

redis::subscriber client::subscriber() const {
  return redis::subscriber(require(impl_)->config());
}

task<reply> client::eval(const script& s, std::vector<std::string> keys, std::vector<std::string> args) {
  command_args argv;
  argv.args(args);
  return eval_encoded(s, std::move(keys), std::move(argv));
}

task<reply> client::eval_encoded(const script& s, std::vector<std::string> keys, command_args args) {
  command_args tail;
  tail.arg(keys.size()).args(keys).append(args);
  command_args by_sha("EVALSHA", s.sha1());
  by_sha.append(tail);
  return [](impl_ptr impl, command_args by_sha, std::shared_ptr<const std::string> source,
            command_args tail) -> task<reply> {
    reply r = co_await exec(impl, std::move(by_sha));
    // NOSCRIPT: the server has not seen it (restarted, flushed): EVAL sends it and caches it there.
    if (r.is_error() && r.str().starts_with("NOSCRIPT")) {
      command_args by_source("EVAL", *source);
      by_source.append(tail);
      r = co_await exec(impl, std::move(by_source));
    }
    co_return std::move(r).value();
  }(require(impl_), std::move(by_sha), s.shared_source(), std::move(tail));
}

task<void> client::load(const script& s) {
  return [](impl_ptr impl, command_args cmd) -> task<void> {
    (void)(co_await exec(std::move(impl), std::move(cmd))).value();
  }(require(impl_), command_args("SCRIPT", "LOAD", s.source()));
}

task<void> client::ping() {
  return [](impl_ptr impl) -> task<void> {
    (void)(co_await exec(std::move(impl), command_args("PING"))).value();
  }(require(impl_));
}

task<bool> client::healthy() {
  return [](impl_ptr impl) -> task<bool> {
    bool ok = false;
    try {
      const reply r = co_await exec(std::move(impl), command_args("PING"));
      ok = !r.is_error();
    } catch (const error&) {
    }
    co_return ok;
  }(require(impl_));
}

client_stats client::stats() const {
  const auto t = require(impl_)->stats();
  return {t.connections, t.connects, t.commands, t.writes};
}

}  // namespace strata::redis
