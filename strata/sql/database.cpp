// sql::database and sql::transaction: the backend picked by URL, a pool per loop, and
// transactions (BEGIN, the user's function, COMMIT; ROLLBACK and rethrow when it throws).
#include <atomic>
#include <boost/asio/execution/context.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/query.hpp>
#include <boost/asio/this_coro.hpp>
#include <mutex>
#include <span>
#include <strata/core/loops.hpp>
#include <strata/sql/database.hpp>
#include <strata/sql/detail/driver.hpp>
#include <strata/sql/detail/loop_pools.hpp>
#include <strata/sql/detail/pool.hpp>
#include <strata/sql/detail/redact.hpp>

namespace strata::sql {
namespace detail {

class database_impl {
 public:
  database_impl(std::unique_ptr<driver> drv, const pool_options& options, std::string redacted)
      : driver_(std::move(drv)), options_(options), redacted_(std::move(redacted)), kind_(driver_->kind()) {}

  ~database_impl() {
    // Each loop closes its own pool; a loop that never runs again closes it when it is destroyed.
    std::lock_guard lock(mutex_);
    for (auto& [ctx, weak] : pools_)
      if (auto p = weak.lock()) boost::asio::post(p->loop(), [ctx = ctx, id = id_] { drop_loop_pool(*ctx, id); });
  }

  // The calling loop's pool, made on first use.
  std::shared_ptr<pool> local_pool(const boost::asio::any_io_executor& ex) {
    auto& ctx = boost::asio::query(ex, boost::asio::execution::context);
    auto& slot = loop_pool(ctx, id_);
    if (!slot) {
      slot = std::make_shared<pool>(driver_, options_, generation_, ex);
      std::lock_guard lock(mutex_);
      std::erase_if(pools_, [](const auto& entry) { return entry.second.expired(); });
      pools_.emplace_back(&ctx, slot);
    }
    return slot;
  }

  void close() {
    generation_->fetch_add(1, std::memory_order_relaxed);
    std::lock_guard lock(mutex_);
    for (auto& [ctx, weak] : pools_)
      if (auto p = weak.lock()) boost::asio::post(p->loop(), [p] { p->close_idle(); });
  }

  pool_stats stats(boost::asio::execution_context* only) const {
    pool_stats total;
    std::lock_guard lock(mutex_);
    for (const auto& [ctx, weak] : pools_) {
      auto p = weak.lock();
      if (!p || (only && ctx != only)) continue;
      const auto s = p->stats();
      total.open += s.open;
      total.idle += s.idle;
      total.waiting += s.waiting;
    }
    return total;
  }

  driver& drv() const { return *driver_; }
  dialect kind() const { return kind_; }
  const std::string& redacted() const { return redacted_; }

 private:
  static inline std::atomic<std::uint64_t> next_id{1};
  const std::uint64_t id_ = next_id.fetch_add(1, std::memory_order_relaxed);
  std::shared_ptr<driver> driver_;
  pool_options options_;
  std::string redacted_;
  dialect kind_;
  std::shared_ptr<std::atomic<std::uint64_t>> generation_ = std::make_shared<std::atomic<std::uint64_t>>(0);
  mutable std::mutex mutex_;  // guards pools_, which only open(), close() and stats() walk
  std::vector<std::pair<boost::asio::execution_context*, std::weak_ptr<pool>>> pools_;
};

}  // namespace detail

namespace {

const std::shared_ptr<detail::database_impl>& require_open(const std::shared_ptr<detail::database_impl>& impl) {
  if (!impl) throw error(std::string(sqlstate::invalid_parameter), "sql: the database handle is not open");
  return impl;
}

// Runs `fn`, turning an exception into a value, since co_await may not appear in a catch block.
template <class F>
task<std::exception_ptr> capture(F fn) {
  try {
    co_await fn();
  } catch (...) {
    co_return std::current_exception();
  }
  co_return nullptr;
}

task<void> exec(detail::connection& conn, std::string sql) {
  statement s{std::move(sql), {}};
  co_await conn.run(std::span<const statement>(&s, 1));
}

}  // namespace

database database::open(std::string_view url, pool_options options) {
  std::unique_ptr<detail::driver> drv;
  if (url.starts_with("sqlite:")) {
    drv = detail::make_sqlite_driver(url, options);
  } else if (url.starts_with("postgres://") || url.starts_with("postgresql://")) {
    drv = detail::make_postgres_driver(url, options);
  } else {
    throw error(std::string(sqlstate::invalid_parameter),
                "sql: unknown database URL \"" + detail::redact_url(url) + "\" (expected sqlite: or postgres://)");
  }
  return database(std::make_shared<detail::database_impl>(std::move(drv), options, detail::redact_url(url)));
}

dialect database::kind() const {
  return require_open(impl_)->kind();
}

task<result> database::run(statement s) {
  auto impl = require_open(impl_);  // a copy: the database lives until the statement is done
  auto pool = impl->local_pool(co_await boost::asio::this_coro::executor);
  auto use = co_await pool->share();
  auto results = co_await use->run(std::span<const statement>(&s, 1));
  co_return std::move(results.at(0));
}

task<std::vector<result>> database::pipeline(std::vector<statement> batch) {
  auto impl = require_open(impl_);
  if (batch.empty()) co_return std::vector<result>{};
  auto pool = impl->local_pool(co_await boost::asio::this_coro::executor);
  auto use = co_await pool->share();
  co_return co_await use->run(batch);
}

task<void> database::script(std::string sql) {
  auto impl = require_open(impl_);
  auto pool = impl->local_pool(co_await boost::asio::this_coro::executor);
  auto lease = co_await pool->acquire();
  co_await lease->run_script(sql);
}

task<void> database::transaction(std::function<task<void>(sql::transaction&)> fn, transaction_options options) {
  auto impl = require_open(impl_);
  auto pool = impl->local_pool(co_await boost::asio::this_coro::executor);
  auto lease = co_await pool->acquire();
  const std::string begin = impl->drv().begin_statement(options);
  co_await exec(*lease, begin);
  // Until COMMIT or ROLLBACK has run, the connection is inside this transaction: if the coroutine
  // is destroyed before that (its loop shut down), the connection must not go back to the pool.
  lease.discard();
  sql::transaction tx(*lease, impl->kind());
  auto failure = co_await capture([&]() -> task<void> { co_await fn(tx); });
  if (!failure) {
    failure = co_await capture([&] { return exec(*lease, "COMMIT"); });
    if (!failure) {
      lease.reuse();
      co_return;
    }
    // PostgreSQL ends the transaction when COMMIT fails; SQLite may keep it open (SQLITE_BUSY).
  }
  // A connection whose ROLLBACK failed is in an unknown state: it stays discarded.
  if (!co_await capture([&] { return exec(*lease, "ROLLBACK"); })) lease.reuse();
  std::rethrow_exception(failure);
}

task<void> database::ping() {
  // A named local: GCC 12 mis-destroys aggregate temporaries inside a co_await expression.
  statement s{"SELECT 1", {}};
  co_await run(std::move(s));
}

pool_stats database::stats() const {
  return require_open(impl_)->stats(loops::current());
}

void database::close() {
  if (impl_) impl_->close();
}

const std::string& database::url_redacted() const {
  return require_open(impl_)->redacted();
}

dialect transaction::kind() const {
  return dialect_;
}

task<result> transaction::run(statement s) {
  auto results = co_await conn_->run(std::span<const statement>(&s, 1));
  co_return std::move(results.at(0));
}

task<std::vector<result>> transaction::pipeline(std::vector<statement> batch) {
  if (batch.empty()) co_return std::vector<result>{};
  co_return co_await conn_->run(batch);
}

task<void> transaction::script(std::string sql) {
  co_await conn_->run_script(sql);
}

task<void> transaction::savepoint(std::function<task<void>(sql::transaction&)> fn) {
  const std::string name = "s" + std::to_string(++savepoints_);
  const std::string begin = "SAVEPOINT " + name, release = "RELEASE SAVEPOINT " + name,
                    rollback = "ROLLBACK TO SAVEPOINT " + name;
  co_await exec(*conn_, begin);
  auto failure = co_await capture([&]() -> task<void> { co_await fn(*this); });
  if (!failure) {
    co_await exec(*conn_, release);
    co_return;
  }
  // ROLLBACK TO keeps the savepoint; RELEASE drops it so the names do not pile up. If either
  // fails, the outer transaction's ROLLBACK cleans up; the caller sees the original error.
  if (!co_await capture([&] { return exec(*conn_, rollback); }))
    co_await capture([&] { return exec(*conn_, release); });
  std::rethrow_exception(failure);
}

}  // namespace strata::sql
