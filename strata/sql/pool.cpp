// The per-loop connection pool (see detail/pool.hpp).
#include <algorithm>
#include <boost/asio/redirect_error.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/this_coro.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <strata/sql/detail/pool.hpp>

namespace strata::sql::detail {

// An acquirer waiting in acquire(); it lives in that coroutine's frame. release() hands it a
// connection (or a free slot) and cancels its timer to wake it.
struct pool::waiter {
  waiter(pool& p, const boost::asio::any_io_executor& ex) : owner(p), timer(ex) {}
  ~waiter() {
    // The frame is destroyed without resuming (its loop shut down): give back what it was handed.
    if (linked) owner.waiters_.erase(position);
    if (handed) owner.release(std::move(handed), handed_generation, true);
  }
  pool& owner;
  boost::asio::steady_timer timer;
  std::list<waiter*>::iterator position;
  bool linked = false;
  std::unique_ptr<connection> handed;
  std::uint64_t handed_generation = 0;
};

pool::pool(std::shared_ptr<driver> driver, const pool_options& options,
           std::shared_ptr<const std::atomic<std::uint64_t>> close_generation, boost::asio::any_io_executor loop)
    : driver_(std::move(driver)),
      options_(options),
      close_generation_(std::move(close_generation)),
      loop_(std::move(loop)) {
  options_.max_connections = std::max<std::size_t>(options_.max_connections, 1);
}

pool::~pool() = default;

pool::lease& pool::lease::operator=(lease&& other) noexcept {
  if (this != &other) {
    give_back();
    pool_ = std::move(other.pool_);
    conn_ = std::move(other.conn_);
    generation_ = other.generation_;
    discard_ = other.discard_;
  }
  return *this;
}

pool::lease::~lease() {
  give_back();
}

void pool::lease::give_back() {
  if (pool_ && conn_) pool_->release(std::move(conn_), generation_, !discard_);
  pool_.reset();
}

task<pool::lease> pool::acquire() {
  auto self = shared_from_this();
  const auto deadline = clock::now() + options_.acquire_timeout;
  const auto ex = co_await boost::asio::this_coro::executor;
  for (;;) {
    const auto now = clock::now();
    trim(now);
    while (!idle_.empty()) {
      auto entry = std::move(idle_.back());
      idle_.pop_back();
      if (entry.conn->healthy() && entry.generation == generation()) {
        publish();
        co_return lease(self, std::move(entry.conn), entry.generation);
      }
      drop(std::move(entry.conn));
    }
    if (open_ < options_.max_connections && now >= retry_at_) {
      ++open_;
      publish();
      const auto gen = generation();
      std::unique_ptr<connection> conn;
      std::exception_ptr failure;
      try {
        conn = co_await driver_->connect();
      } catch (...) {
        failure = std::current_exception();
      }
      if (conn) {
        backoff_ = std::chrono::milliseconds(0);
        co_return lease(self, std::move(conn), gen);
      }
      --open_;
      // Back off, doubling, so a server that is down or restarting is not hammered.
      backoff_ = backoff_.count() == 0 ? options_.reconnect_min : std::min(backoff_ * 2, options_.reconnect_max);
      retry_at_ = clock::now() + backoff_;
      try {
        std::rethrow_exception(failure);
      } catch (const std::exception& e) {
        last_error_ = e.what();
      } catch (...) {
        last_error_ = "unknown error";
      }
      // Waiters with no connection left to wait for learn of the failure now, not at their deadline.
      if (open_ == 0)
        for (auto* w : waiters_) w->timer.cancel();
      publish();
      std::rethrow_exception(failure);
    }
    if (open_ == 0 && now < retry_at_) {
      const auto wait = std::chrono::duration_cast<std::chrono::milliseconds>(retry_at_ - now);
      throw error(std::string(sqlstate::connection_failure),
                  "sql: no connection (" + last_error_ + "); next attempt in " + std::to_string(wait.count()) + " ms");
    }
    if (now >= deadline)
      throw error(std::string(sqlstate::pool_timeout),
                  "sql: no connection available within " + std::to_string(options_.acquire_timeout.count()) +
                      " ms (max_connections " + std::to_string(options_.max_connections) + " on this loop)");

    waiter w(*this, ex);
    // Wake at the deadline, or when the backoff ends if a slot is free to connect.
    w.timer.expires_at(open_ < options_.max_connections ? std::min(deadline, retry_at_) : deadline);
    w.position = waiters_.insert(waiters_.end(), &w);
    w.linked = true;
    publish();
    boost::system::error_code ec;
    co_await w.timer.async_wait(boost::asio::redirect_error(boost::asio::use_awaitable, ec));
    if (w.linked) {
      waiters_.erase(w.position);
      w.linked = false;
      publish();
    }
    if (w.handed) co_return lease(self, std::move(w.handed), w.handed_generation);
  }
}

pool::shared_use::~shared_use() {
  if (pool_) pool_->unshare(entry_);
}

task<pool::shared_use> pool::share() {
  auto self = shared_from_this();
  shared_use use;
  if (!driver_->multiplexed()) {
    use.lease_ = co_await acquire();
    co_return use;
  }
  auto usable = [&](const shared_entry& e) {
    return !e.failure && (!e.conn || e.conn->healthy()) && e.generation == generation();
  };
  // A connection of its own while the pool has one idle or may open one (no statement waits
  // behind another's); once it is full, the least busy shared connection: the statement queues
  // in that pipeline instead of waiting for a whole connection to come free.
  auto it = shared_.end();
  if (idle_.empty() && open_ >= options_.max_connections) {
    for (auto e = shared_.begin(); e != shared_.end(); ++e)
      if (usable(*e) && (it == shared_.end() || e->users < it->users)) it = e;
  }
  const bool acquiring = it == shared_.end();
  if (acquiring) {
    // Listed before acquiring, so statements arriving once the pool is full can join it.
    auto ready = std::make_shared<boost::asio::steady_timer>(loop_);
    ready->expires_at(boost::asio::steady_timer::time_point::max());
    it = shared_.insert(shared_.begin(), shared_entry{nullptr, generation(), 0, std::move(ready), nullptr});
  }
  ++it->users;
  use.pool_ = self;
  use.entry_ = it;
  if (acquiring) {
    auto ready = it->ready;  // the entry may be erased below; the waiters still hold the timer
    try {
      auto l = co_await acquire();
      it->conn = std::move(l.conn_);
      it->generation = l.generation_;
      l.pool_.reset();  // the connection now belongs to the shared entry
    } catch (...) {
      it->failure = std::current_exception();
    }
    ready->cancel();
    if (it->failure) std::rethrow_exception(it->failure);  // `use` ends: the entry goes with its last user
  } else {
    auto ready = it->ready;
    while (!it->conn && !it->failure) {
      boost::system::error_code ec;
      co_await ready->async_wait(boost::asio::redirect_error(boost::asio::use_awaitable, ec));
    }
    if (it->failure) std::rethrow_exception(it->failure);
  }
  co_return use;
}

void pool::unshare(std::list<shared_entry>::iterator entry) {
  if (--entry->users > 0) return;
  auto conn = std::move(entry->conn);
  auto gen = entry->generation;
  shared_.erase(entry);
  if (conn) release(std::move(conn), gen, true);
}

void pool::release(std::unique_ptr<connection> conn, std::uint64_t gen, bool reuse) {
  if (!reuse || !conn->healthy() || gen != generation()) {
    drop(std::move(conn));
    wake_first();  // a slot is free: the first waiter may connect
    publish();
    return;
  }
  if (!waiters_.empty()) {
    waiter* w = waiters_.front();
    waiters_.pop_front();
    w->linked = false;
    w->handed = std::move(conn);
    w->handed_generation = gen;
    w->timer.cancel();
    publish();
    return;
  }
  const auto now = clock::now();
  idle_.push_back({std::move(conn), gen, now});
  trim(now);
  publish();
}

void pool::drop(std::unique_ptr<connection> conn) {
  conn.reset();
  --open_;
}

void pool::wake_first() {
  if (waiters_.empty()) return;
  waiter* w = waiters_.front();
  waiters_.pop_front();
  w->linked = false;
  w->timer.cancel();
}

// Idle connections past idle_timeout are closed, except the most recent one; checked whenever
// the pool is used, which is when it matters (an unused pool holds at most what it held).
void pool::trim(clock::time_point now) {
  while (idle_.size() > 1 && now - idle_.front().since > options_.idle_timeout) {
    drop(std::move(idle_.front().conn));
    idle_.pop_front();
  }
}

void pool::close_idle() {
  while (!idle_.empty()) {
    drop(std::move(idle_.front().conn));
    idle_.pop_front();
  }
  publish();
}

void pool::publish() {
  open_seen_.store(open_, std::memory_order_relaxed);
  idle_seen_.store(idle_.size(), std::memory_order_relaxed);
  waiting_seen_.store(waiters_.size(), std::memory_order_relaxed);
}

pool_stats pool::stats() const {
  return {open_seen_.load(std::memory_order_relaxed), idle_seen_.load(std::memory_order_relaxed),
          waiting_seen_.load(std::memory_order_relaxed)};
}

}  // namespace strata::sql::detail
