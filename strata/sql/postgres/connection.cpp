// pg_connection: sending batches into libpq's pipeline and matching the results that come back
// (in order: per statement a result then NULL, per batch one PGRES_PIPELINE_SYNC) to their batches.
#include <boost/asio/as_tuple.hpp>
#include <boost/asio/experimental/awaitable_operators.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/this_coro.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <strata/sql/postgres/detail/connection.hpp>
#include <strata/sql/postgres/detail/encode_params.hpp>
#include <strata/sql/postgres/detail/pg_result.hpp>
#include <type_traits>

namespace strata::sql::postgres::detail {

namespace asio = boost::asio;
using namespace asio::experimental::awaitable_operators;
static_assert(std::is_same_v<Oid, std::uint32_t>, "encoded_params::types is handed to libpq as Oid[]");

namespace {
constexpr auto use_tuple = asio::as_tuple(asio::use_awaitable);
constexpr std::string_view undefined_prepared_statement = "26000";
}  // namespace

pg_connection::pg_connection(const asio::any_io_executor& ex, std::size_t cache_capacity)
    : socket_(ex), cache_(cache_capacity) {}

pg_connection::~pg_connection() {
  socket_.release();
}

task<std::unique_ptr<pg_connection>> pg_connection::open(const conninfo& info, const pool_options& options) {
  auto ex = co_await asio::this_coro::executor;
  std::unique_ptr<pg_connection> c(new pg_connection(ex, options.statement_cache));
  c->conn_ = co_await connect(info, options.connect_timeout, c->socket_);
  if (PQenterPipelineMode(c->conn_.get()) != 1)
    throw sql::error(std::string(sqlstate::connection_failure),
                     "could not enter pipeline mode: " + last_error(c->conn_.get()));
  co_return c;
}

bool pg_connection::healthy() const {
  return !broken_ && conn_ && PQstatus(conn_.get()) == CONNECTION_OK;
}

task<std::vector<result>> pg_connection::run(std::span<const statement> batch) {
  if (batch.empty()) co_return std::vector<result>{};
  if (!healthy()) throw connection_lost(conn_.get());
  if (scripting_) throw sql::error("55000", "the connection is running a script");
  auto b = std::make_shared<batch_state>(socket_.get_executor());
  // The first batch of a loop iteration corks the socket and yields once, so the batches other
  // handlers send in the same iteration go out with it: one segment, one wake-up of the server
  // process, instead of one per request.
  const bool corks = cork_.start(PQsocket(conn_.get()));
  if (corks) ++counters_.corks;
  {
    // Uncorked when the block ends: after the yield, or when send throws.
    struct uncork {
      tcp_cork& cork;
      bool corked;
      ~uncork() {
        if (corked) cork.stop();
      }
    } guard{cork_, corks};
    send(batch, *b);
    queue_.push_back(b);
    if (corks) co_await asio::post(socket_.get_executor(), asio::use_awaitable);
  }
  while (!b->done) {
    if (!reading_)
      co_await read_until(*b);
    else {
      co_await b->wake.async_wait(use_tuple);  // the reader cancels it when b is done or it stops
      ++counters_.wakeups;
    }
  }
  if (b->error) throw *b->error;
  co_return std::move(b->results);
}

task<void> pg_connection::run_script(std::string_view sql) {
  if (!healthy()) throw connection_lost(conn_.get());
  if (scripting_ || !queue_.empty()) throw sql::error("55000", "a script cannot run while statements are in flight");
  if (sql.find('\0') != std::string_view::npos)
    throw sql::error(std::string(sqlstate::syntax_error), "the SQL text holds a NUL byte");
  PGconn* c = conn_.get();
  if (PQexitPipelineMode(c) != 1)
    throw sql::error(std::string(sqlstate::connection_failure), "could not leave pipeline mode: " + last_error(c));
  scripting_ = true;
  struct back_to_pipeline {
    pg_connection& self;
    ~back_to_pipeline() {
      self.scripting_ = false;
      if (PQenterPipelineMode(self.conn_.get()) != 1) self.broken_ = true;
    }
  } guard{*this};

  const std::string text(sql);
  if (PQsendQuery(c, text.c_str()) != 1) {
    broken_ = true;
    throw connection_lost(c);
  }
  std::optional<sql::error> failure;
  for (;;) {
    int flushed = PQflush(c);
    boost::system::error_code ec;
    if (flushed < 0) {
      ec = asio::error::broken_pipe;
    } else if (flushed == 1) {
      ec = co_await wait_to_send();
    }
    if (!ec && flushed == 0) {
      // Everything is sent: collect results until libpq says the query is complete (NULL).
      bool complete = false;
      while (!complete && !PQisBusy(c)) {
        pg_result_ptr r(PQgetResult(c));
        if (!r) {
          complete = true;
          break;
        }
        auto status = PQresultStatus(r.get());
        bool ok = status == PGRES_COMMAND_OK || status == PGRES_TUPLES_OK || status == PGRES_EMPTY_QUERY;
        if (!ok && !failure) failure = error_from(r.get(), c);
      }
      if (complete) break;
      ec = co_await wait_to_receive();
    }
    if (ec || (flushed >= 0 && PQconsumeInput(c) != 1)) {
      broken_ = true;
      throw connection_lost(c);
    }
    drop_notifications();
  }
  if (failure) {
    if (failure->is_connection_error()) broken_ = true;
    throw *failure;
  }
}

void pg_connection::send(std::span<const statement> batch, batch_state& b) {
  // Whatever can be refused on this side is refused before a byte is queued.
  std::vector<encoded_params> params;
  params.reserve(batch.size());
  for (const auto& s : batch) {
    if (s.params.size() > 65535) throw sql::error("54000", "too many parameters (PostgreSQL takes at most 65535)");
    if (s.sql.find('\0') != std::string::npos)
      throw sql::error(std::string(sqlstate::syntax_error), "the SQL text holds a NUL byte");
    params.push_back(encode_params(s.params));
  }

  PGconn* c = conn_.get();
  std::uint64_t id = ++batches_;
  b.results.resize(batch.size());
  std::vector<statement_cache::entry> evicted;
  bool ok = true;
  for (std::size_t i = 0; i < batch.size() && ok; ++i) {
    const statement& s = batch[i];
    const encoded_params& p = params[i];
    int n = static_cast<int>(s.params.size());
    auto unnamed = [&] {
      b.steps.push_back({step::query, i, {}, {}});
      return PQsendQueryParams(c, s.sql.c_str(), n, p.types.data(), p.values.data(), p.lengths.data(), p.formats.data(),
                               0) == 1;
    };
    if (cache_.capacity() == 0) {
      ok = unnamed();
      continue;
    }
    std::string key = s.sql;
    key += '\0';
    key += p.type_signature();
    statement_cache::entry* e = cache_.find(key);
    if (e && !e->ready && e->batch != id) {
      // Still being prepared by an earlier batch: should that batch fail, the statement will not
      // exist when this one runs, so this one goes unnamed.
      ok = unnamed();
      continue;
    }
    if (!e) {
      e = &cache_.insert(key, id, evicted);
      ++counters_.prepares;
      b.steps.push_back({step::prepare, 0, key, e->name});
      ok = PQsendPrepare(c, e->name.c_str(), s.sql.c_str(), n, p.types.data()) == 1;
    }
    b.steps.push_back({step::query, i, std::move(key), e->name});
    ok = ok && PQsendQueryPrepared(c, e->name.c_str(), n, p.values.data(), p.lengths.data(), p.formats.data(), 0) == 1;
  }
  // Evicted statements the server has are dropped after this batch's own statements; those still
  // being prepared are dropped once confirmed (on_result). If the batch fails they come back.
  for (auto& e : evicted)
    if (e.ready) orphans_.push_back(std::move(e.name));
  for (auto& name : orphans_) {
    if (!ok) break;
    ++counters_.deallocates;
    b.steps.push_back({step::deallocate, 0, {}, name});
    ok = PQsendQueryParams(c, ("DEALLOCATE " + name).c_str(), 0, nullptr, nullptr, nullptr, nullptr, 0) == 1;
  }
  orphans_.clear();
  ++counters_.syncs;
  // One Sync for the batch: the server answers all of it at once. PQpipelineSync also flushes
  // what the socket takes without waiting; the rest goes out in read_until.
  if (!ok || PQpipelineSync(c) != 1) {
    // libpq refused a command (in practice: the connection is gone); part of the batch may be
    // queued, so the pipeline can no longer be trusted.
    auto lost = connection_lost(c);
    fail_all(lost);
    throw lost;
  }
}

task<void> pg_connection::read_until(const batch_state& mine) {
  reading_ = true;
  // However this ends (done, failure, the coroutine cancelled or destroyed), the batches still
  // waiting are woken so one of them takes over reading.
  struct hand_over {
    pg_connection& c;
    ~hand_over() {
      c.reading_ = false;
      for (auto& b : c.queue_) b->wake.cancel();
    }
  } guard{*this};

  while (true) {
    process_results();
    if (mine.done) co_return;
    int flushed = PQflush(conn_.get());
    boost::system::error_code ec;
    if (flushed < 0) {
      ec = asio::error::broken_pipe;
    } else if (flushed == 1) {
      ec = co_await wait_to_send();
    } else {
      ec = co_await wait_to_receive();
    }
    if (ec || PQconsumeInput(conn_.get()) != 1) {
      process_results();  // what arrived before the connection went
      if (!queue_.empty()) fail_all(connection_lost(conn_.get()));
      co_return;
    }
    drop_notifications();
  }
}

task<boost::system::error_code> pg_connection::wait_to_send() {
  // Output left in libpq: wait for room, but also read meanwhile, or a server blocked on sending
  // us results would never read the rest of what we send.
  ++counters_.write_waits;
  auto& fd = socket_.descriptor();
  auto r = co_await (fd.async_wait(fd.wait_read, use_tuple) || fd.async_wait(fd.wait_write, use_tuple));
  co_return std::get<0>(r.index() == 0 ? std::get<0>(r) : std::get<1>(r));
}

task<boost::system::error_code> pg_connection::wait_to_receive() {
  ++counters_.read_waits;
  auto [ec] = co_await socket_.descriptor().async_wait(boost::asio::posix::descriptor_base::wait_read, use_tuple);
  co_return ec;
}

void pg_connection::process_results() {
  PGconn* c = conn_.get();
  while (!queue_.empty()) {
    if (PQisBusy(c)) return;  // the next result is not complete yet
    pg_result_ptr r(PQgetResult(c));
    if (!r) {
      if (got_result_) {  // the NULL that ends a statement's results
        ++step_;
        got_result_ = false;
        nulls_in_a_row_ = 0;
      } else if (++nulls_in_a_row_ > 2) {
        // libpq has nothing more to give although batches wait: lost, or out of step with it.
        nulls_in_a_row_ = 0;
        fail_all(PQstatus(c) == CONNECTION_BAD
                     ? connection_lost(c)
                     : sql::error(std::string(sqlstate::connection_failure), "PostgreSQL pipeline out of step"));
      }
      continue;
    }
    nulls_in_a_row_ = 0;
    if (PQresultStatus(r.get()) == PGRES_PIPELINE_SYNC) {
      finish_front();
    } else {
      got_result_ = true;
      on_result(*queue_.front(), std::move(r));
    }
  }
}

void pg_connection::on_result(batch_state& b, pg_result_ptr r) {
  if (step_ >= b.steps.size()) return;  // more results than commands: cannot happen, ignore
  step& s = b.steps[step_];
  ExecStatusType status = PQresultStatus(r.get());
  bool ok = status == PGRES_COMMAND_OK || status == PGRES_TUPLES_OK || status == PGRES_EMPTY_QUERY;
  bool aborted = status == PGRES_PIPELINE_ABORTED;  // skipped after an earlier error of the batch
  const char* own_state = PQresultErrorField(r.get(), PG_DIAG_SQLSTATE);
  bool undefined_statement = own_state && own_state == undefined_prepared_statement;
  auto record = [&] {
    if (!b.error) b.error = error_from(r.get(), conn_.get());
    if (b.error->is_connection_error()) broken_ = true;
  };
  switch (s.kind) {
    case step::prepare:
      if (ok) {
        if (!cache_.confirm(s.key, s.name)) orphans_.push_back(s.name);  // evicted while in flight
      } else {
        cache_.forget(s.key, s.name);  // the server does not have it
        if (!aborted) record();
      }
      break;
    case step::query:
      if (ok) {
        b.results[s.index] = result(std::make_shared<const pg_result>(std::move(r)));
      } else if (!aborted) {
        record();
        // Dropped behind our back (DEALLOCATE ALL, DISCARD ALL): prepare it again next time.
        if (!s.name.empty() && undefined_statement) cache_.forget(s.key, s.name);
      }
      break;
    case step::deallocate:
      if (!ok) {
        if (!aborted) record();
        if (!undefined_statement) orphans_.push_back(s.name);  // still on the server: retry
      }
      break;
  }
}

void pg_connection::finish_front() {
  auto b = std::move(queue_.front());
  queue_.pop_front();
  if (step_ < b->steps.size() && !b->error) {
    broken_ = true;
    b->error = sql::error(std::string(sqlstate::connection_failure), "PostgreSQL pipeline out of step");
  }
  step_ = 0;
  got_result_ = false;
  b->done = true;
  b->wake.cancel();
}

void pg_connection::fail_all(const sql::error& e) {
  broken_ = true;
  for (auto& b : queue_) {
    if (!b->error) b->error = e;
    b->done = true;
    b->wake.cancel();
  }
  queue_.clear();
  step_ = 0;
  got_result_ = false;
}

void pg_connection::drop_notifications() {
  // LISTEN belongs on a postgres::listener; a NOTIFY that reaches a pooled connection is dropped
  // rather than kept in libpq's memory for ever.
  while (PGnotify* n = PQnotifies(conn_.get())) PQfreemem(n);
}

}  // namespace strata::sql::postgres::detail
