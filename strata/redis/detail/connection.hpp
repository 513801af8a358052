// connection: one command connection on one loop, with automatic pipelining. Commands are
// appended to one output buffer; the first of a loop turn schedules a flush, so everything the
// loop's coroutines issue meanwhile goes out in one write. Replies complete the waiting
// requests in order. Only the owning loop's thread touches it.
#pragma once
#include <atomic>
#include <boost/asio/any_completion_handler.hpp>
#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/async_result.hpp>
#include <boost/asio/ssl/context.hpp>
#include <boost/asio/steady_timer.hpp>
#include <chrono>
#include <cstdint>
#include <deque>
#include <exception>
#include <memory>
#include <span>
#include <strata/redis/command.hpp>
#include <strata/redis/detail/stream.hpp>
#include <strata/redis/options.hpp>
#include <strata/redis/reply.hpp>
#include <strata/redis/resp_parser.hpp>
#include <string>
#include <vector>

namespace strata::redis::detail {

// Counters of one loop, written by its thread only (relaxed load + store, no locked
// instruction), read by client::stats() from any thread.
struct loop_counters {
  std::atomic<std::uint64_t> connections{0}, connects{0}, commands{0}, writes{0};
  static void bump(std::atomic<std::uint64_t>& c, std::uint64_t by = 1) {
    c.store(c.load(std::memory_order_relaxed) + by, std::memory_order_relaxed);
  }
};

class connection : public std::enable_shared_from_this<connection> {
 public:
  using clock = std::chrono::steady_clock;
  using one_handler = boost::asio::any_completion_handler<void(std::exception_ptr, reply)>;
  using many_handler = boost::asio::any_completion_handler<void(std::exception_ptr, std::vector<reply>)>;

  connection(std::shared_ptr<const options> opts, std::shared_ptr<boost::asio::ssl::context> tls,
             boost::asio::any_io_executor ex, std::shared_ptr<loop_counters> counters);
  ~connection();

  // The reply to `cmd` (error replies included, not thrown).
  template <class Token>
  auto async_execute(const command_args& cmd, Token&& token) {
    return boost::asio::async_initiate<Token, void(std::exception_ptr, reply)>(
        [this](auto handler, const command_args* c) { submit(*c, one_handler(std::move(handler))); }, token, &cmd);
  }
  // Replies to several commands, in order, written together.
  template <class Token>
  auto async_execute_many(std::span<const command_args> cmds, Token&& token) {
    return boost::asio::async_initiate<Token, void(std::exception_ptr, std::vector<reply>)>(
        [this](auto handler, std::span<const command_args> c) { submit_many(c, many_handler(std::move(handler))); },
        token, cmds);
  }

  std::size_t in_flight() const noexcept { return pending_.size(); }
  bool usable() const noexcept { return state_ == state::ready || state_ == state::connecting; }
  // Fails what is pending and closes the socket. notify=false while the loop shuts down: the
  // waiting coroutines are destroyed with it, nothing can be posted to them.
  void close(bool notify = true);

 private:
  enum class state { idle, connecting, ready, closed };
  struct group {
    std::vector<reply> replies;
    std::size_t expected = 0;
    many_handler handler;
  };
  struct pending {
    one_handler handler;           // empty once it has failed (timeout): its reply is dropped
    std::shared_ptr<group> batch;  // set for the commands of a pipeline() call
    clock::time_point deadline;
  };

  void submit(const command_args& cmd, one_handler handler);
  void submit_many(std::span<const command_args> cmds, many_handler handler);
  // Connects first when needed; false (and an error for the caller) while backing off.
  bool ready_to_queue(std::exception_ptr& refused);
  void start_connect();
  void schedule_flush();
  void flush();
  void start_read();
  void on_read(std::size_t n);
  void deliver(reply r);
  void arm_watchdog();
  void on_watchdog();
  // The connection is gone: everything in flight fails; the next command reconnects.
  void lost(std::string why);
  void fail_all(const std::exception_ptr& e);
  void complete(one_handler& h, std::exception_ptr e, reply r);
  void complete(many_handler& h, std::exception_ptr e, std::vector<reply> r);
  std::exception_ptr make_error(int kind, const std::string& text) const;

  std::shared_ptr<const options> options_;
  std::shared_ptr<boost::asio::ssl::context> tls_;
  boost::asio::any_io_executor ex_;
  std::shared_ptr<loop_counters> counters_;
  // Shared with the operations in flight on it: a TLS stream must outlive its composed operations.
  std::shared_ptr<stream> stream_;
  state state_ = state::idle;
  std::uint64_t epoch_ = 0;  // bumped per connection attempt: callbacks of an older socket do nothing

  std::string out_;      // commands not yet written
  std::string sending_;  // the batch being written
  std::size_t out_commands_ = 0;
  bool writing_ = false;
  bool flush_scheduled_ = false;

  std::deque<pending> pending_;    // written or queued, oldest first
  std::size_t expired_front_ = 0;  // leading pending_ entries that already timed out

  std::string in_;  // read buffer: [in_begin_, in_end_) unparsed
  std::size_t in_begin_ = 0, in_end_ = 0;
  resp_parser parser_;

  boost::asio::steady_timer watchdog_;
  bool watchdog_armed_ = false;

  std::chrono::milliseconds backoff_{0};
  clock::time_point retry_at_{};
  std::string last_error_;
};

}  // namespace strata::redis::detail
