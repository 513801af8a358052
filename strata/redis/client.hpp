// redis::client: an asynchronous Redis client on Strata's loops (RESP2 and RESP3).
//
//   auto redis = redis::client::open("redis://127.0.0.1:6379/0");   // rediss:// for TLS
//   co_await redis.set("k", "v", redis::set_options{.ttl = std::chrono::seconds(60)});
//   std::optional<std::string> v = co_await redis.get("k");
//   redis::reply r = co_await redis.command("HINCRBY", "h", "f", 2);  // any command
//
// Each loop (io_context) has its own connection(s) to the server, made on first use, found
// through an Asio service of the loop: nothing is shared between threads on the command path.
// Commands from all coroutines of one loop are pipelined automatically: those issued while a
// write is pending go out together in the next write, and replies are matched in order.
//
// Calls must be made from a coroutine running on a loop (the io_context of the calling
// coroutine's executor is the one used). Arguments are encoded when the call is made, so they
// may be temporaries. A client is a cheap handle (copies share the connections); the
// connections close when the last copy is gone and each loop next runs, or when the loop dies.
//
// Errors are thrown as redis::error: server error replies (kind server, with the server's text),
// connection loss (connection: in-flight commands fail, the next command reconnects, with
// backoff while the server stays down), timeouts, protocol errors. Connection and timeout
// errors map to HTTP 503.
#pragma once
#include <chrono>
#include <cstdint>
#include <memory>
#include <optional>
#include <strata/core/task.hpp>
#include <strata/redis/command.hpp>
#include <strata/redis/error.hpp>
#include <strata/redis/options.hpp>
#include <strata/redis/reply.hpp>
#include <strata/redis/script.hpp>
#include <strata/redis/subscriber.hpp>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

namespace strata::redis {

// SET's options: a time to live and a condition.
struct set_options {
  std::chrono::milliseconds ttl{0};                                             // 0: no expiry (PX when not 0)
  enum condition_type { always, if_not_exists, if_exists } condition = always;  // NX / XX
  bool keep_ttl = false;                                                        // KEEPTTL
};

struct client_stats {
  std::uint64_t connections = 0;  // command connections open now, all loops
  std::uint64_t connects = 0;     // connections established so far (reconnects included)
  std::uint64_t commands = 0;     // commands sent
  std::uint64_t writes = 0;       // socket writes that carried them (commands / writes = batching)
};

namespace detail {
class client_impl;
}

class client {
 public:
  client() = default;
  explicit client(options opts);
  // client(options::from_url(url)). To change options in code, parse, change, then construct.
  static client open(std::string_view url);

  explicit operator bool() const noexcept { return impl_ != nullptr; }
  const options& config() const;

  // ---- generic --------------------------------------------------------------------------------
  // Any command: arguments are text (string_view, std::string, const char*) or numbers.
  // An error reply is thrown as redis::error (server); use execute() to get it as a reply.
  template <class... Args>
  task<reply> command(Args&&... args) {
    return execute_checked(command_args(std::forward<Args>(args)...));
  }
  task<reply> execute_checked(command_args cmd);
  // The reply as the server sent it, error replies included (nothing thrown for them).
  task<reply> execute(command_args cmd);
  // Several commands in one write; their replies in order, error replies included.
  task<std::vector<reply>> pipeline(std::vector<command_args> cmds);

  // ---- strings and keys -----------------------------------------------------------------------
  task<std::optional<std::string>> get(std::string_view key);
  // false when NX/XX kept the value from being set.
  task<bool> set(std::string_view key, std::string_view value, set_options opts = {});
  task<std::vector<std::optional<std::string>>> mget(std::vector<std::string> keys);
  task<std::int64_t> del(std::string_view key);
  task<std::int64_t> del(std::vector<std::string> keys);
  task<std::int64_t> exists(std::string_view key);
  task<bool> expire(std::string_view key, std::chrono::seconds ttl);
  task<bool> pexpire(std::string_view key, std::chrono::milliseconds ttl);
  // Seconds left; -1 when the key has no expiry, -2 when it does not exist (Redis' own answers).
  task<std::int64_t> ttl(std::string_view key);
  task<std::int64_t> pttl(std::string_view key);
  task<std::int64_t> incr(std::string_view key);
  task<std::int64_t> incrby(std::string_view key, std::int64_t by);
  task<std::int64_t> decr(std::string_view key);

  // ---- hashes ---------------------------------------------------------------------------------
  task<std::optional<std::string>> hget(std::string_view key, std::string_view field);
  task<std::int64_t> hset(std::string_view key, std::string_view field, std::string_view value);
  task<std::int64_t> hset(std::string_view key, std::vector<std::pair<std::string, std::string>> fields);
  task<std::int64_t> hdel(std::string_view key, std::string_view field);
  task<std::int64_t> hincrby(std::string_view key, std::string_view field, std::int64_t by);
  task<std::unordered_map<std::string, std::string>> hgetall(std::string_view key);

  // ---- lists, sets, sorted sets ---------------------------------------------------------------
  task<std::int64_t> lpush(std::string_view key, std::string_view value);
  task<std::int64_t> rpush(std::string_view key, std::string_view value);
  task<std::optional<std::string>> lpop(std::string_view key);
  task<std::optional<std::string>> rpop(std::string_view key);
  task<std::vector<std::string>> lrange(std::string_view key, std::int64_t start, std::int64_t stop);
  task<std::int64_t> llen(std::string_view key);
  task<std::int64_t> sadd(std::string_view key, std::string_view member);
  task<std::int64_t> srem(std::string_view key, std::string_view member);
  task<bool> sismember(std::string_view key, std::string_view member);
  task<std::vector<std::string>> smembers(std::string_view key);
  task<std::int64_t> zadd(std::string_view key, double score, std::string_view member);
  task<std::int64_t> zrem(std::string_view key, std::string_view member);
  task<std::optional<double>> zscore(std::string_view key, std::string_view member);
  task<std::vector<std::string>> zrange(std::string_view key, std::int64_t start, std::int64_t stop);
  task<std::vector<std::pair<std::string, double>>> zrange_with_scores(std::string_view key, std::int64_t start,
                                                                       std::int64_t stop);
  task<std::int64_t> zcard(std::string_view key);

  // ---- pub/sub, scripts, server ---------------------------------------------------------------
  // Receivers that got the message.
  task<std::int64_t> publish(std::string_view channel, std::string_view message);
  // A subscriber with its own connection (to the same server, with the same options).
  redis::subscriber subscriber() const;

  // EVALSHA, and EVAL when the server answers NOSCRIPT. Arguments are text or numbers.
  template <class... Args>
  task<reply> eval(const script& s, key_list keys, Args&&... args) {
    command_args argv;
    ((void)argv.arg(args), ...);
    return eval_encoded(s, std::move(keys.names), std::move(argv));
  }
  task<reply> eval(const script& s, std::vector<std::string> keys, std::vector<std::string> args);
  // SCRIPT LOAD: makes the next EVALSHA of this script succeed without sending the source.
  task<void> load(const script& s);

  // A round trip (PING) on the calling loop's connection; throws redis::error when it fails.
  task<void> ping();
  // ping() as a health check: true when the server answered within the command timeout.
  task<bool> healthy();

  client_stats stats() const;

 private:
  task<reply> eval_encoded(const script& s, std::vector<std::string> keys, command_args args);
  std::shared_ptr<detail::client_impl> impl_;
};

}  // namespace strata::redis
