// pg_connection: one PostgreSQL connection in pipeline mode on its loop's reactor. A batch is
// sent whole (prepares for statements not cached yet, executes, one Sync) and its results read
// back as they come: one round trip per batch. Several coroutines may share a connection: their
// batches queue in the pipeline and each gets its own results, read by whichever waits first.
#pragma once
#include <boost/asio/steady_timer.hpp>
#include <cstdint>
#include <deque>
#include <memory>
#include <optional>
#include <strata/sql/detail/driver.hpp>
#include <strata/sql/postgres/detail/connect.hpp>
#include <strata/sql/postgres/detail/pg_handle.hpp>
#include <strata/sql/postgres/detail/statement_cache.hpp>
#include <strata/sql/postgres/detail/tcp_cork.hpp>

namespace strata::sql::postgres::detail {

class pg_connection final : public sql::detail::connection {
 public:
  // What the connection did, for tests and metrics.
  struct counters {
    std::uint64_t syncs = 0;        // PQpipelineSync calls: one per batch
    std::uint64_t read_waits = 0;   // waits for the socket to become readable
    std::uint64_t write_waits = 0;  // waits for room in the socket's send buffer
    std::uint64_t prepares = 0;     // statements prepared (cache misses)
    std::uint64_t deallocates = 0;  // statements dropped from the server (cache evictions)
    std::uint64_t corks = 0;        // rounds of batches held back to leave as one segment (TCP only)
    std::uint64_t wakeups = 0;      // a coroutine waiting for another's reading woken up
  };

  // Connects on the calling coroutine's loop; throws sql::error (08006).
  static task<std::unique_ptr<pg_connection>> open(const conninfo& info, const pool_options& options);
  ~pg_connection() override;

  task<std::vector<result>> run(std::span<const statement> batch) override;
  // Leaves pipeline mode for the simple query protocol (the only one that takes several
  // statements in one text), then enters it again; refused while batches are in flight.
  task<void> run_script(std::string_view sql) override;
  bool healthy() const override;

  const counters& stats() const { return counters_; }
  int backend_pid() const { return PQbackendPID(conn_.get()); }
  std::size_t cached_statements() const { return cache_.size(); }

 private:
  struct step {
    enum kind_t : std::uint8_t { prepare, query, deallocate } kind;
    std::size_t index = 0;  // query: its place in the batch
    std::string key;        // prepare, query (named): the cache key
    std::string name;       // the prepared statement's name, empty for an unnamed query
  };
  struct batch_state {
    // The timer never expires on its own: a waiter sleeps until cancel(). A default timer has
    // already expired, which turned every wait into a spin through the scheduler (a timerfd
    // update each time) while the batch was in flight.
    explicit batch_state(const boost::asio::any_io_executor& ex)
        : wake(ex, boost::asio::steady_timer::time_point::max()) {}
    std::vector<step> steps;
    std::vector<result> results;
    std::optional<sql::error> error;  // the first failure
    bool done = false;
    boost::asio::steady_timer wake;  // cancelled to wake the coroutine that waits for this batch
  };

  pg_connection(const boost::asio::any_io_executor& ex, std::size_t cache_capacity);
  void send(std::span<const statement> batch, batch_state& b);
  task<void> read_until(const batch_state& mine);
  // Waits until libpq's pending output may go on (or input came); counts a write wait.
  task<boost::system::error_code> wait_to_send();
  // Waits until the socket is readable; counts a read wait.
  task<boost::system::error_code> wait_to_receive();
  void process_results();
  void on_result(batch_state& b, pg_result_ptr r);
  void finish_front();
  void fail_all(const sql::error& e);
  void drop_notifications();

  pg_conn_ptr conn_;
  pg_socket socket_;  // after conn_: released before PQfinish closes the descriptor
  statement_cache cache_;
  tcp_cork cork_;  // batches sent in one loop iteration leave together
  std::vector<std::string> orphans_;                // prepared on the server but no longer cached: deallocate
  std::deque<std::shared_ptr<batch_state>> queue_;  // sent, results not all read; oldest first
  std::size_t step_ = 0;                            // the step of queue_.front() whose result comes next
  bool got_result_ = false;                         // that step's result came, the NULL that ends it not yet
  int nulls_in_a_row_ = 0;
  bool reading_ = false;  // a coroutine is in read_until
  bool scripting_ = false;  // run_script has left pipeline mode
  bool broken_ = false;
  std::uint64_t batches_ = 0;
  counters counters_;
};

}  // namespace strata::sql::postgres::detail
