// client_impl: what the copies of one redis::client share: options, the TLS context, and the
// list of loops that hold connections for it (walked only by stats() and the destructor).
#pragma once
#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/ssl/context.hpp>
#include <memory>
#include <mutex>
#include <strata/redis/detail/loop_clients.hpp>
#include <strata/redis/options.hpp>
#include <utility>
#include <vector>

namespace strata::redis::detail {

class client_impl {
 public:
  explicit client_impl(options o);
  ~client_impl();

  // The calling loop's connections, made on first use.
  loop_state& local(const boost::asio::any_io_executor& ex);

  const options& config() const { return *options_; }
  const std::shared_ptr<const options>& shared_options() const { return options_; }
  const std::shared_ptr<boost::asio::ssl::context>& tls() const { return tls_; }

  struct totals {
    std::uint64_t connections = 0, connects = 0, commands = 0, writes = 0;
  };
  totals stats() const;

 private:
  static inline std::atomic<std::uint64_t> next_id{1};
  const std::uint64_t id_ = next_id.fetch_add(1, std::memory_order_relaxed);
  std::shared_ptr<const options> options_;
  std::shared_ptr<boost::asio::ssl::context> tls_;
  mutable std::mutex mutex_;  // guards loops_
  struct loop_entry {
    boost::asio::execution_context* ctx;
    std::weak_ptr<loop_state> state;
    std::shared_ptr<const loop_counters> counters;  // read without touching the state
  };
  std::vector<loop_entry> loops_;
  totals retired_;  // counts of loops that are gone, so the totals never go down
};

}  // namespace strata::redis::detail
