// A loopback TCP port nobody listens on right now (the kernel's choice for an ephemeral bind),
// for tests that start a server process of their own on it.
//
// The port is also claimed for the calling process with a lock file (held until it exits):
// ctest -j runs test processes side by side, two of them can be handed the same free port, and
// Strata's servers bind with SO_REUSEPORT, so a second server on that port would not fail but
// silently take half of the other test's connections.
#pragma once
#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <sys/file.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cstdint>
#include <filesystem>
#include <string>
#include <system_error>

namespace strata::testing {

namespace detail {
inline std::uint16_t ephemeral_port() {
  int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  sockaddr_in a{};
  a.sin_family = AF_INET;
  a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  socklen_t len = sizeof a;
  ::bind(fd, reinterpret_cast<sockaddr*>(&a), sizeof a);
  ::getsockname(fd, reinterpret_cast<sockaddr*>(&a), &len);
  ::close(fd);
  return ntohs(a.sin_port);
}

// True when this process now holds the port's lock (the descriptor stays open on purpose).
inline bool claim(std::uint16_t port) {
  std::error_code ec;
  const auto dir = std::filesystem::temp_directory_path(ec) / "strata-test-ports";
  std::filesystem::create_directories(dir, ec);
  const auto path = (dir / std::to_string(port)).string();
  int fd = ::open(path.c_str(), O_CREAT | O_RDWR | O_CLOEXEC, 0666);
  if (fd < 0) return true;  // no lock to be had: fall back to the kernel's word alone
  if (::flock(fd, LOCK_EX | LOCK_NB) == 0) return true;
  ::close(fd);
  return false;
}
}  // namespace detail

inline std::uint16_t free_port() {
  std::uint16_t port = 0;
  for (int attempt = 0; attempt < 64; ++attempt) {
    port = detail::ephemeral_port();
    if (detail::claim(port)) return port;
  }
  return port;
}

}  // namespace strata::testing
