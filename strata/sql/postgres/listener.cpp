// listener: one non-pipelined connection that sends LISTEN and then waits for the socket to
// become readable, collecting notifications; a lost connection is remade with backoff.
#include <algorithm>
#include <boost/asio/as_tuple.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/this_coro.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <deque>
#include <strata/sql/postgres/detail/connect.hpp>
#include <strata/sql/postgres/detail/pg_result.hpp>
#include <strata/sql/postgres/listener.hpp>

namespace strata::sql::postgres {

namespace asio = boost::asio;
using namespace detail;

namespace {
constexpr auto use_tuple = asio::as_tuple(asio::use_awaitable);
}

struct listener::impl {
  impl(std::string_view url, std::vector<std::string> ch, const pool_options& o, const asio::any_io_executor& ex)
      : info(url), options(o), channels(std::move(ch)), socket(ex) {}
  ~impl() { drop(); }

  conninfo info;
  pool_options options;
  std::vector<std::string> channels;
  pg_conn_ptr conn;
  pg_socket socket;  // released before conn is finished
  std::deque<notification> pending;
  std::uint64_t reconnects = 0;

  void drop() {
    socket.release();
    conn.reset();
  }
  bool connected() const { return conn && PQstatus(conn.get()) == CONNECTION_OK; }

  void collect() {
    while (PGnotify* n = PQnotifies(conn.get())) {
      pending.push_back({n->relname, n->extra ? n->extra : "", n->be_pid});
      PQfreemem(n);
    }
  }

  std::string command(std::string_view verb, const std::string& channel) {
    char* quoted = PQescapeIdentifier(conn.get(), channel.data(), channel.size());
    if (!quoted)
      throw sql::error(std::string(sqlstate::invalid_parameter), "bad channel name: " + last_error(conn.get()));
    std::string s = std::string(verb) + " " + quoted;
    PQfreemem(quoted);
    return s;
  }

  // Runs `sql` (simple protocol) to completion without blocking; notifications that arrive
  // meanwhile are kept. Throws sql::error; a lost connection is dropped first.
  task<void> exec(const std::string& sql) {
    auto& fd = socket.descriptor();
    auto lost = [&] {
      auto e = connection_lost(conn.get());
      drop();
      return e;
    };
    if (PQsendQuery(conn.get(), sql.c_str()) != 1) throw lost();
    for (int f; (f = PQflush(conn.get())) != 0;) {
      if (f < 0) throw lost();
      auto [ec] = co_await fd.async_wait(fd.wait_write, use_tuple);
      if (ec) throw lost();
    }
    std::optional<sql::error> failure;
    for (;;) {
      while (PQisBusy(conn.get())) {
        auto [ec] = co_await fd.async_wait(fd.wait_read, use_tuple);
        if (ec || PQconsumeInput(conn.get()) != 1) throw lost();
      }
      pg_result_ptr r(PQgetResult(conn.get()));
      if (!r) break;
      auto status = PQresultStatus(r.get());
      if (status != PGRES_COMMAND_OK && status != PGRES_TUPLES_OK && !failure)
        failure = error_from(r.get(), conn.get());
    }
    collect();
    if (!connected()) throw lost();
    if (failure) throw *failure;
  }

  task<void> connect_and_listen() {
    conn = co_await detail::connect(info, options.connect_timeout, socket);
    if (channels.empty()) co_return;
    std::string sql;
    for (const auto& ch : channels) sql += command("LISTEN", ch) + ";";
    co_await exec(sql);
  }

  // Until connected again: a server restart takes seconds, so back off between attempts.
  task<void> reconnect() {
    auto delay = options.reconnect_min;
    asio::steady_timer timer(co_await asio::this_coro::executor);
    for (;;) {
      try {
        co_await connect_and_listen();
        ++reconnects;
        co_return;
      } catch (const sql::error&) {
        drop();
      }
      timer.expires_after(delay);
      co_await timer.async_wait(asio::use_awaitable);
      delay = std::min(delay * 2, options.reconnect_max);
    }
  }
};

listener::listener(std::unique_ptr<impl> p) : impl_(std::move(p)) {}
listener::listener(listener&&) noexcept = default;
listener& listener::operator=(listener&&) noexcept = default;
listener::~listener() = default;

task<listener> listener::open(std::string_view url, std::vector<std::string> channels, pool_options options) {
  auto p = std::make_unique<impl>(url, std::move(channels), options, co_await asio::this_coro::executor);
  co_await p->connect_and_listen();
  co_return listener(std::move(p));
}

task<notification> listener::next() {
  impl& s = *impl_;
  for (;;) {
    if (!s.pending.empty()) {
      notification n = std::move(s.pending.front());
      s.pending.pop_front();
      co_return n;
    }
    if (!s.connected()) {
      s.drop();
      co_await s.reconnect();
      continue;
    }
    auto& fd = s.socket.descriptor();
    auto [ec] = co_await fd.async_wait(fd.wait_read, use_tuple);
    if (ec || PQconsumeInput(s.conn.get()) != 1) {
      s.drop();
      continue;
    }
    s.collect();
  }
}

task<void> listener::listen(std::string channel) {
  impl& s = *impl_;
  if (std::find(s.channels.begin(), s.channels.end(), channel) != s.channels.end()) co_return;
  s.channels.push_back(channel);
  if (!s.connected()) co_return;  // LISTENed on reconnecting
  std::string sql = s.command("LISTEN", channel);
  co_await s.exec(sql);
}

task<void> listener::unlisten(std::string channel) {
  impl& s = *impl_;
  std::erase(s.channels, channel);
  if (!s.connected()) co_return;
  std::string sql = s.command("UNLISTEN", channel);
  co_await s.exec(sql);
}

std::uint64_t listener::reconnects() const {
  return impl_->reconnects;
}
int listener::backend_pid() const {
  return impl_->connected() ? PQbackendPID(impl_->conn.get()) : 0;
}

}  // namespace strata::sql::postgres
