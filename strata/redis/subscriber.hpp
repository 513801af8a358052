// redis::subscriber: pub/sub on a connection of its own, on the loop that first uses it.
// Messages are read as an async stream; after a reconnect every channel and pattern is
// subscribed again (messages published while the connection was down are lost, as in Redis).
//
//   auto sub = client.subscriber();
//   co_await sub.subscribe("news");
//   co_await sub.psubscribe("user.*");
//   while (auto m = co_await sub.next()) use(m->channel, m->payload);
#pragma once
#include <chrono>
#include <memory>
#include <optional>
#include <strata/core/task.hpp>
#include <strata/redis/options.hpp>
#include <string>
#include <string_view>
#include <vector>

namespace strata::redis {

struct message {
  std::string channel;  // the channel it was published on
  std::string pattern;  // the pattern that matched, for psubscribe; empty otherwise
  std::string payload;
};

namespace detail {
class subscriber_impl;
}

class subscriber {
 public:
  subscriber() = default;
  explicit subscriber(options opts);
  subscriber(subscriber&&) noexcept = default;
  subscriber& operator=(subscriber&& other) noexcept;  // closes the connection it had
  ~subscriber();                                       // closes the connection

  // Each returns once the server has confirmed every name; the first call connects.
  // Throws redis::error when the server cannot be reached.
  task<void> subscribe(std::string_view channel);
  task<void> subscribe(std::vector<std::string> channels);
  task<void> psubscribe(std::string_view pattern);
  task<void> psubscribe(std::vector<std::string> patterns);
  task<void> unsubscribe(std::string_view channel);
  task<void> punsubscribe(std::string_view pattern);

  // The next message; waits for one. nullopt once close() was called. Messages wait in a queue
  // of up to max_queued (then the connection is not read until next() is called again, and the
  // server's pub/sub output limit applies).
  task<std::optional<message>> next();
  // Like next(), but nullopt also when nothing arrived within `timeout`.
  task<std::optional<message>> next(std::chrono::milliseconds timeout);
  void close();

  std::size_t max_queued = 10000;
  // Times the connection was (re)established, for tests and metrics.
  std::size_t connects() const;

 private:
  std::shared_ptr<detail::subscriber_impl> impl_;
};

}  // namespace strata::redis
