// Non-blocking connection set-up: PQconnectStartParams, then PQconnectPoll each time the socket
// is ready for what libpq asked, racing one deadline timer for the whole handshake.
#include <boost/asio/as_tuple.hpp>
#include <boost/asio/experimental/awaitable_operators.hpp>
#include <boost/asio/ip/address.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/this_coro.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <optional>
#include <strata/sql/error.hpp>
#include <strata/sql/postgres/detail/connect.hpp>

namespace strata::sql::postgres::detail {

namespace asio = boost::asio;
using namespace asio::experimental::awaitable_operators;

namespace {
constexpr auto use_tuple = asio::as_tuple(asio::use_awaitable);
// Notices (NOTICE/WARNING from the server) would otherwise go to stderr line by line.
void ignore_notice(void*, const char*) {}
}  // namespace

std::string last_error(const PGconn* conn) {
  std::string m = conn ? PQerrorMessage(conn) : "out of memory";
  while (!m.empty() && (m.back() == '\n' || m.back() == ' ')) m.pop_back();
  return m;
}

conninfo::conninfo(std::string_view url) {
  char* err = nullptr;
  PQconninfoOption* opts = PQconninfoParse(std::string(url).c_str(), &err);
  if (!opts) {
    std::string msg = err ? err : "out of memory";
    if (err) PQfreemem(err);
    while (!msg.empty() && msg.back() == '\n') msg.pop_back();
    throw sql::error(std::string(sqlstate::invalid_parameter), "invalid PostgreSQL URL: " + msg);
  }
  for (PQconninfoOption* o = opts; o->keyword; ++o)
    if (o->val) set(o->keyword, o->val);
  PQconninfoFree(opts);

  std::string options(get("options"));
  if (!options.empty()) options += ' ';
  options += "-c TimeZone=UTC -c DateStyle=ISO -c bytea_output=hex";
  set("options", std::move(options));
  set("client_encoding", "UTF8");
  if (get("fallback_application_name").empty()) set("fallback_application_name", "strata");
  finish();
}

std::string_view conninfo::get(std::string_view keyword) const {
  for (std::size_t i = 0; i < keys_.size(); ++i)
    if (keys_[i] == keyword) return vals_[i];
  return {};
}

void conninfo::set(std::string_view keyword, std::string value) {
  for (std::size_t i = 0; i < keys_.size(); ++i)
    if (keys_[i] == keyword) {
      vals_[i] = std::move(value);
      return;
    }
  keys_.emplace_back(keyword);
  vals_.push_back(std::move(value));
}

void conninfo::finish() {
  for (std::size_t i = 0; i < keys_.size(); ++i) {
    keyword_ptrs_.push_back(keys_[i].c_str());
    value_ptrs_.push_back(vals_[i].c_str());
  }
  keyword_ptrs_.push_back(nullptr);
  value_ptrs_.push_back(nullptr);
}

namespace {
// The host libpq would look up itself, with a blocking getaddrinfo() on the loop thread: one name
// (not a list, an IP address or a socket directory) and no hostaddr given.
std::optional<std::string> host_to_resolve(const conninfo& info) {
  std::string host(info.get("host"));
  if (host.empty() || host.front() == '/' || host.front() == '@' || host.find(',') != host.npos ||
      !info.get("hostaddr").empty())
    return std::nullopt;
  boost::system::error_code ec;
  asio::ip::make_address(host, ec);
  if (!ec) return std::nullopt;
  return host;
}
}  // namespace

task<pg_conn_ptr> connect(const conninfo& info, std::chrono::milliseconds timeout, pg_socket& socket) {
  auto failure = [](std::string msg) {
    return sql::error(std::string(sqlstate::connection_failure), "could not connect to PostgreSQL: " + msg);
  };
  auto ex = co_await asio::this_coro::executor;
  asio::steady_timer deadline(ex);
  deadline.expires_after(timeout);

  // Names are resolved by Asio (off the loop thread) and handed to libpq as hostaddr, one
  // "host" entry per address so libpq still tries each in turn and verifies TLS against the name.
  std::vector<const char*> keywords, values;
  for (auto k = info.keywords(), v = info.values(); *k; ++k, ++v) {
    keywords.push_back(*k);
    values.push_back(*v);
  }
  std::string hosts, addresses;
  if (auto host = host_to_resolve(info)) {
    // Named, not a temporary of the co_await expression: GCC 12 destroys a ?: temporary there twice.
    std::string port = info.get("port").empty() ? std::string("5432") : std::string(info.get("port"));
    asio::ip::tcp::resolver resolver(ex);
    auto which = co_await (resolver.async_resolve(*host, port, use_tuple) || deadline.async_wait(use_tuple));
    if (which.index() == 1) throw failure("timed out resolving " + *host);
    auto [ec, found] = std::get<0>(which);
    if (ec || found.empty()) throw failure("could not resolve host \"" + *host + "\": " + ec.message());
    for (const auto& entry : found) {
      if (!addresses.empty()) {
        addresses += ',';
        hosts += ',';
      }
      addresses += entry.endpoint().address().to_string();
      hosts += *host;
    }
    keywords.insert(keywords.end(), {"host", "hostaddr"});  // later entries win
    values.insert(values.end(), {hosts.c_str(), addresses.c_str()});
  }
  keywords.push_back(nullptr);
  values.push_back(nullptr);

  pg_conn_ptr conn(PQconnectStartParams(keywords.data(), values.data(), 0));
  if (!conn || PQstatus(conn.get()) == CONNECTION_BAD) throw failure(last_error(conn.get()));
  // Whatever ends this coroutine early (failure, timeout, cancellation, destruction), the socket
  // stops being watched before PQfinish closes it: a closed number may be reused by anyone.
  struct unwatch_on_exit {
    pg_socket& s;
    bool armed = true;
    ~unwatch_on_exit() {
      if (armed) s.release();
    }
  } guard{socket};

  // libpq's protocol: behave as if PQconnectPoll had first answered "writing".
  PostgresPollingStatusType status = PGRES_POLLING_WRITING;
  while (status != PGRES_POLLING_OK) {
    if (status == PGRES_POLLING_FAILED) throw failure(last_error(conn.get()));
    // Re-registered every step: libpq closes and reopens the socket when it moves on to the next
    // address or host, or retries without SSL.
    socket.watch(PQsocket(conn.get()));
    auto wait = status == PGRES_POLLING_READING ? asio::posix::stream_descriptor::wait_read
                                                : asio::posix::stream_descriptor::wait_write;
    auto which = co_await (socket.descriptor().async_wait(wait, use_tuple) || deadline.async_wait(use_tuple));
    if (which.index() == 1) throw failure("timed out after " + std::to_string(timeout.count()) + " ms");
    status = PQconnectPoll(conn.get());
  }
  socket.watch(PQsocket(conn.get()));
  PQsetNoticeProcessor(conn.get(), ignore_notice, nullptr);
  if (PQsetnonblocking(conn.get(), 1) != 0) throw failure(last_error(conn.get()));
  guard.armed = false;
  co_return conn;
}

}  // namespace strata::sql::postgres::detail
