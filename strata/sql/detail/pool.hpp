// pool: the connections of one database on one loop. Only that loop's thread touches it, so it
// needs no lock: waiters are a list of coroutine frames, each sleeping on its own timer until a
// connection is handed to it or its deadline passes.
#pragma once
#include <atomic>
#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/steady_timer.hpp>
#include <chrono>
#include <cstdint>
#include <deque>
#include <exception>
#include <list>
#include <memory>
#include <strata/core/task.hpp>
#include <strata/sql/database.hpp>
#include <strata/sql/detail/driver.hpp>
#include <string>

namespace strata::sql::detail {

class pool : public std::enable_shared_from_this<pool> {
 public:
  using clock = std::chrono::steady_clock;

  // close_generation: database::close() bumps it; connections made before are not reused.
  pool(std::shared_ptr<driver> driver, const pool_options& options,
       std::shared_ptr<const std::atomic<std::uint64_t>> close_generation, boost::asio::any_io_executor loop);
  ~pool();
  pool(const pool&) = delete;
  pool& operator=(const pool&) = delete;

  // A leased connection, returned to the pool when the lease ends.
  class lease {
   public:
    lease() = default;
    lease(lease&&) noexcept = default;
    lease& operator=(lease&& other) noexcept;
    ~lease();
    connection& operator*() const { return *conn_; }
    connection* operator->() const { return conn_.get(); }
    // The connection's state is unknown (inside a transaction, or after a failed ROLLBACK): if
    // the lease ends like this, the connection is closed instead of reused. reuse() undoes it.
    void discard() { discard_ = true; }
    void reuse() { discard_ = false; }

   private:
    friend class pool;
    lease(std::shared_ptr<pool> owner, std::unique_ptr<connection> conn, std::uint64_t generation)
        : pool_(std::move(owner)), conn_(std::move(conn)), generation_(generation) {}
    void give_back();
    std::shared_ptr<pool> pool_;
    std::unique_ptr<connection> conn_;
    std::uint64_t generation_ = 0;
    bool discard_ = false;
  };

  // An idle connection, a new one, or the next one released; sql::error pool_timeout after
  // acquire_timeout, or connection_failure at once while connecting is backing off.
  task<lease> acquire();

  struct shared_entry {
    std::unique_ptr<connection> conn;  // null while it is being acquired
    std::uint64_t generation = 0;
    std::size_t users = 0;
    // Users that came while it was being acquired wait here; cancelled when it is ready (or failed).
    std::shared_ptr<boost::asio::steady_timer> ready;
    std::exception_ptr failure;
  };

  // A connection used by several coroutines at once (multiplexed drivers only), for statements
  // outside transactions. Back to the pool when its last user ends.
  class shared_use {
   public:
    shared_use() = default;
    shared_use(shared_use&& o) noexcept
        : pool_(std::move(o.pool_)), entry_(o.entry_), lease_(std::move(o.lease_)) {}
    shared_use& operator=(shared_use&&) = delete;
    ~shared_use();
    connection& operator*() const { return pool_ ? *entry_->conn : *lease_; }
    connection* operator->() const { return &**this; }

   private:
    friend class pool;
    std::shared_ptr<pool> pool_;                // set when shared: entry_ is in pool_->shared_
    std::list<shared_entry>::iterator entry_{};
    lease lease_;                               // the connection itself, when the driver is not multiplexed
  };
  // A connection from acquire() while one is idle or may be opened; once the pool is full, the
  // least busy connection in shared use (its pipeline takes the statement).
  task<shared_use> share();
  void close_idle();
  pool_stats stats() const;
  const boost::asio::any_io_executor& loop() const { return loop_; }

 private:
  struct idle_connection {
    std::unique_ptr<connection> conn;
    std::uint64_t generation = 0;
    clock::time_point since;
  };
  struct waiter;

  void release(std::unique_ptr<connection> conn, std::uint64_t generation, bool reuse);
  void drop(std::unique_ptr<connection> conn);
  void wake_first();
  void trim(clock::time_point now);
  void publish();
  std::uint64_t generation() const { return close_generation_->load(std::memory_order_relaxed); }

  std::shared_ptr<driver> driver_;
  pool_options options_;
  std::shared_ptr<const std::atomic<std::uint64_t>> close_generation_;
  boost::asio::any_io_executor loop_;

  void unshare(std::list<shared_entry>::iterator entry);

  std::deque<idle_connection> idle_;  // oldest first; the most recently used is reused first
  std::list<shared_entry> shared_;    // connections in shared use (counted in open_)
  std::list<waiter*> waiters_;        // first come, first served
  std::size_t open_ = 0;              // idle + leased + being connected
  std::chrono::milliseconds backoff_{0};
  clock::time_point retry_at_{};
  std::string last_error_;

  // Mirrors for stats() from other threads.
  std::atomic<std::size_t> open_seen_{0}, idle_seen_{0}, waiting_seen_{0};
};

}  // namespace strata::sql::detail
