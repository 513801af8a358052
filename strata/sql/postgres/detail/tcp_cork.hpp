// tcp_cork: holds back a TCP socket's output (TCP_CORK) while several small writes go in, so they
// leave as one segment and wake the peer once. Does nothing on a socket that is not TCP (a Unix
// socket): the first refusal is remembered.
#pragma once
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/socket.h>

namespace strata::sql::postgres::detail {

class tcp_cork {
 public:
  // True when this call corked `fd`: nothing was corked, and the socket takes TCP_CORK.
  bool start(int fd) noexcept {
    if (corked_ >= 0 || unsupported_ || fd < 0) return false;
    int on = 1;
    if (::setsockopt(fd, IPPROTO_TCP, TCP_CORK, &on, sizeof on) != 0) {
      unsupported_ = true;
      return false;
    }
    corked_ = fd;
    return true;
  }
  // Sends what was held back, at once.
  void stop() noexcept {
    if (corked_ < 0) return;
    int off = 0;
    ::setsockopt(corked_, IPPROTO_TCP, TCP_CORK, &off, sizeof off);
    corked_ = -1;
  }

 private:
  int corked_ = -1;
  bool unsupported_ = false;
};

}  // namespace strata::sql::postgres::detail
