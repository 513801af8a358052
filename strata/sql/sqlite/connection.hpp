// One SQLite connection and the thread it runs on. Statements of a batch run in order on that
// thread; the pool guarantees one caller at a time.
#pragma once
#include <atomic>
#include <boost/asio/thread_pool.hpp>
#include <strata/sql/detail/driver.hpp>
#include <strata/sql/sqlite/statement_cache.hpp>
#include <strata/sql/sqlite/url.hpp>

struct sqlite3;

namespace strata::sql::sqlite {

class connection final : public detail::connection {
 public:
  explicit connection(std::size_t statement_cache_size);
  ~connection() override;

  // Opens the database on the worker thread and sets it up (WAL, busy timeout, foreign keys).
  task<void> open(const target& t, std::chrono::milliseconds busy_timeout);
  task<std::vector<result>> run(std::span<const statement> batch) override;
  task<void> run_script(std::string_view sql) override;
  bool healthy() const override { return healthy_.load(std::memory_order_relaxed); }

 private:
  boost::asio::thread_pool worker_{1};
  sqlite3* db_ = nullptr;  // touched only on the worker thread
  statement_cache cache_;
  std::atomic<bool> healthy_{true};
};

}  // namespace strata::sql::sqlite
