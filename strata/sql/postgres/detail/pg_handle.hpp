// Owning handles for libpq objects (PGconn, PGresult), and the socket wrapper that lets Asio's
// reactor watch libpq's socket without ever owning (closing) it.
#pragma once
#include <libpq-fe.h>

#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/posix/stream_descriptor.hpp>
#include <memory>

namespace strata::sql::postgres::detail {

struct pg_conn_deleter {
  void operator()(PGconn* c) const noexcept { PQfinish(c); }
};
struct pg_result_deleter {
  void operator()(PGresult* r) const noexcept { PQclear(r); }
};
using pg_conn_ptr = std::unique_ptr<PGconn, pg_conn_deleter>;
using pg_result_ptr = std::unique_ptr<PGresult, pg_result_deleter>;

// libpq's socket registered with the loop's reactor. libpq owns the descriptor (it closes it in
// PQfinish, and may replace it while connecting), so it is always released, never closed, here.
class pg_socket {
 public:
  explicit pg_socket(const boost::asio::any_io_executor& ex) : fd_(ex) {}
  ~pg_socket() { release(); }
  pg_socket(const pg_socket&) = delete;
  pg_socket& operator=(const pg_socket&) = delete;

  // Watches `socket` from now on (re-registers even for the same number: libpq may have closed
  // the old socket and opened a new one that got it).
  void watch(int socket) {
    release();
    if (socket >= 0) fd_.assign(socket);
  }
  // Stops watching; pending waits complete with operation_aborted.
  void release() noexcept {
    if (fd_.is_open()) {
      boost::system::error_code ec;
      fd_.cancel(ec);
      (void)fd_.release();
    }
  }
  bool is_open() const { return fd_.is_open(); }
  boost::asio::posix::stream_descriptor& descriptor() { return fd_; }
  boost::asio::any_io_executor get_executor() { return fd_.get_executor(); }

 private:
  boost::asio::posix::stream_descriptor fd_;
};

}  // namespace strata::sql::postgres::detail
