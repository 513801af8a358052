// raw_client: a blocking POSIX-socket HTTP/1.1 client for integration tests. It sends exactly the
// bytes it is given (so tests can send malformed, pipelined or trickled requests) and reads
// responses with a small, strict response reader (Content-Length, chunked, or close-delimited).
// Every read is bounded by SO_RCVTIMEO, so a misbehaving server fails a test instead of hanging it.
#pragma once
#include <algorithm>
#include <array>
#include <cctype>
#include <cerrno>
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <sys/wait.h>
#include <unistd.h>

namespace strata::http::testing {

using namespace std::chrono_literals;

inline bool ascii_iequals(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i)
    if (std::tolower(static_cast<unsigned char>(a[i])) != std::tolower(static_cast<unsigned char>(b[i]))) return false;
  return true;
}

struct raw_response {
  int version_minor = 1;
  int status = 0;
  std::string reason;
  std::vector<std::pair<std::string, std::string>> headers;
  std::string body;
  bool chunked = false;          // the body came with Transfer-Encoding: chunked
  bool close_delimited = false;  // the body ran to the end of the connection

  // The first header of that name (case-insensitive).
  std::optional<std::string> header(std::string_view name) const {
    for (const auto& [k, v] : headers)
      if (ascii_iequals(k, name)) return v;
    return std::nullopt;
  }
  std::vector<std::string> all(std::string_view name) const {
    std::vector<std::string> out;
    for (const auto& [k, v] : headers)
      if (ascii_iequals(k, name)) out.push_back(v);
    return out;
  }
  bool has(std::string_view name) const { return header(name).has_value(); }
};

// How the last read ended when it did not produce a response.
enum class read_end { none, eof, reset, timeout, malformed };

inline const char* to_string(read_end e) {
  switch (e) {
    case read_end::none: return "none";
    case read_end::eof: return "eof";
    case read_end::reset: return "reset";
    case read_end::timeout: return "timeout";
    case read_end::malformed: return "malformed";
  }
  return "?";
}

// Connects to 127.0.0.1:port; returns the fd or -1 (errno set).
inline int connect_loopback(std::uint16_t port) {
  int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  if (fd < 0) return -1;
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_port = htons(port);
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  if (::connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0) {
    int e = errno;
    ::close(fd);
    errno = e;
    return -1;
  }
  int one = 1;
  ::setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
  return fd;
}

class raw_client {
public:
  explicit raw_client(std::uint16_t port, std::chrono::milliseconds timeout = 5s) {
    fd_ = connect_loopback(port);
    if (fd_ < 0) throw std::runtime_error(std::string("raw_client: connect failed: ") + std::strerror(errno));
    set_timeout(timeout);
  }
  ~raw_client() { close(); }
  raw_client(const raw_client&) = delete;
  raw_client& operator=(const raw_client&) = delete;
  raw_client(raw_client&& o) noexcept : fd_(std::exchange(o.fd_, -1)), in_(std::move(o.in_)), end_(o.end_) {}

  int fd() const { return fd_; }
  void close() {
    if (fd_ >= 0) ::close(fd_);
    fd_ = -1;
  }
  void set_timeout(std::chrono::milliseconds t) {
    timeval tv{};
    tv.tv_sec = static_cast<time_t>(t.count() / 1000);
    tv.tv_usec = static_cast<suseconds_t>((t.count() % 1000) * 1000);
    ::setsockopt(fd_, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
    ::setsockopt(fd_, SOL_SOCKET, SO_SNDTIMEO, &tv, sizeof tv);
  }

  // Sends every byte; false when the peer is gone (no SIGPIPE).
  bool send(std::string_view data) {
    while (!data.empty()) {
      ssize_t n = ::send(fd_, data.data(), data.size(), MSG_NOSIGNAL);
      if (n < 0 && errno == EINTR) continue;
      if (n <= 0) return false;
      data.remove_prefix(static_cast<std::size_t>(n));
    }
    return true;
  }

  // Reads one response. `head_request`: the response to a HEAD has no body whatever it says.
  // nullopt when the connection ended, timed out or sent garbage first; see last_end().
  std::optional<raw_response> read_response(bool head_request = false) {
    end_ = read_end::none;
    raw_response r;
    std::size_t head_end;
    for (;;) {
      head_end = in_.find("\r\n\r\n");
      if (head_end != std::string::npos) break;
      if (!fill()) return std::nullopt;
    }
    std::string_view head(in_.data(), head_end);
    if (!parse_head(head, r)) {
      end_ = read_end::malformed;
      return std::nullopt;
    }
    std::size_t pos = head_end + 4;
    bool no_body = head_request || (r.status >= 100 && r.status < 200) || r.status == 204 || r.status == 304;
    auto te = r.header("Transfer-Encoding");
    auto cl = r.header("Content-Length");
    if (no_body) {
      in_.erase(0, pos);
      return r;
    }
    if (te) {
      if (!ascii_iequals(*te, "chunked")) {
        end_ = read_end::malformed;
        return std::nullopt;
      }
      r.chunked = true;
      if (!read_chunked(pos, r.body)) return std::nullopt;
      return r;
    }
    if (cl) {
      char* e = nullptr;
      unsigned long long n = std::strtoull(cl->c_str(), &e, 10);
      if (cl->empty() || *e != '\0') {
        end_ = read_end::malformed;
        return std::nullopt;
      }
      while (in_.size() - pos < n)
        if (!fill()) return std::nullopt;
      r.body = in_.substr(pos, n);
      in_.erase(0, pos + n);
      return r;
    }
    // Close-delimited.
    r.close_delimited = true;
    while (fill()) {
    }
    if (end_ != read_end::eof && end_ != read_end::reset) return std::nullopt;
    r.body = in_.substr(pos);
    in_.clear();
    return r;
  }

  // Waits up to `timeout` for the peer to close (EOF or reset). Bytes that arrive meanwhile are
  // kept in the buffer. False on timeout.
  bool wait_closed(std::chrono::milliseconds timeout) {
    auto deadline = std::chrono::steady_clock::now() + timeout;
    for (;;) {
      auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - std::chrono::steady_clock::now());
      if (left <= 0ms) return false;
      pollfd p{fd_, POLLIN, 0};
      int rc = ::poll(&p, 1, static_cast<int>(left.count()));
      if (rc < 0 && errno == EINTR) continue;
      if (rc <= 0) return false;
      char tmp[4096];
      ssize_t n = ::recv(fd_, tmp, sizeof tmp, 0);
      if (n == 0) {
        end_ = read_end::eof;
        return true;
      }
      if (n < 0) {
        if (errno == EINTR || errno == EAGAIN) continue;
        end_ = read_end::reset;
        return true;
      }
      in_.append(tmp, static_cast<std::size_t>(n));
    }
  }

  // Reads until the buffered input contains `needle`; false on timeout or close.
  bool wait_for(std::string_view needle, std::chrono::milliseconds timeout) {
    auto deadline = std::chrono::steady_clock::now() + timeout;
    while (in_.find(needle) == std::string::npos) {
      auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - std::chrono::steady_clock::now());
      if (left <= 0ms) return false;
      pollfd p{fd_, POLLIN, 0};
      int rc = ::poll(&p, 1, static_cast<int>(left.count()));
      if (rc < 0 && errno == EINTR) continue;
      if (rc <= 0) return false;
      if (!fill()) return false;
    }
    return true;
  }

  // Everything until the peer closes (or the timeout).
  std::string read_to_close() {
    while (fill()) {
    }
    return std::exchange(in_, {});
  }

  const std::string& buffered() const { return in_; }
  read_end last_end() const { return end_; }

private:
  bool fill() {
    char tmp[64 * 1024];
    for (;;) {
      ssize_t n = ::recv(fd_, tmp, sizeof tmp, 0);
      if (n > 0) {
        in_.append(tmp, static_cast<std::size_t>(n));
        return true;
      }
      if (n == 0) {
        end_ = read_end::eof;
        return false;
      }
      if (errno == EINTR) continue;
      end_ = (errno == EAGAIN || errno == EWOULDBLOCK) ? read_end::timeout : read_end::reset;
      return false;
    }
  }

  static bool parse_head(std::string_view head, raw_response& r) {
    auto eol = head.find("\r\n");
    std::string_view line = head.substr(0, eol);
    // HTTP/1.x SP 3DIGIT SP reason
    if (line.size() < 12 || line.substr(0, 7) != "HTTP/1." || line[8] != ' ' || (line.size() > 12 && line[12] != ' '))
      return false;
    r.version_minor = line[7] - '0';
    r.status = 0;
    for (int i = 9; i < 12; ++i) {
      if (line[static_cast<std::size_t>(i)] < '0' || line[static_cast<std::size_t>(i)] > '9') return false;
      r.status = r.status * 10 + (line[static_cast<std::size_t>(i)] - '0');
    }
    r.reason = line.size() > 13 ? std::string(line.substr(13)) : std::string();
    if (eol == std::string_view::npos) return true;
    head.remove_prefix(eol + 2);
    while (!head.empty()) {
      auto e = head.find("\r\n");
      std::string_view h = head.substr(0, e);
      auto colon = h.find(':');
      if (colon == std::string_view::npos || colon == 0) return false;
      std::string_view name = h.substr(0, colon), value = h.substr(colon + 1);
      while (!value.empty() && (value.front() == ' ' || value.front() == '\t')) value.remove_prefix(1);
      while (!value.empty() && (value.back() == ' ' || value.back() == '\t')) value.remove_suffix(1);
      r.headers.emplace_back(std::string(name), std::string(value));
      if (e == std::string_view::npos) break;
      head.remove_prefix(e + 2);
    }
    return true;
  }

  bool read_line(std::size_t& pos, std::string& line) {
    for (;;) {
      auto e = in_.find("\r\n", pos);
      if (e != std::string::npos) {
        line = in_.substr(pos, e - pos);
        pos = e + 2;
        return true;
      }
      if (!fill()) return false;
    }
  }

  bool read_chunked(std::size_t pos, std::string& body) {
    std::string line;
    for (;;) {
      if (!read_line(pos, line)) return false;
      auto semi = line.find(';');
      std::string size_text = line.substr(0, semi);
      if (size_text.empty()) {
        end_ = read_end::malformed;
        return false;
      }
      char* e = nullptr;
      unsigned long long n = std::strtoull(size_text.c_str(), &e, 16);
      if (*e != '\0') {
        end_ = read_end::malformed;
        return false;
      }
      if (n == 0) break;
      while (in_.size() - pos < n + 2)
        if (!fill()) return false;
      body.append(in_, pos, n);
      if (in_.compare(pos + n, 2, "\r\n") != 0) {
        end_ = read_end::malformed;
        return false;
      }
      pos += n + 2;
    }
    // Trailers up to the empty line.
    for (;;) {
      if (!read_line(pos, line)) return false;
      if (line.empty()) break;
    }
    in_.erase(0, pos);
    return true;
  }

  int fd_ = -1;
  std::string in_;
  read_end end_ = read_end::none;
};

// "GET /path HTTP/1.1" with Host and any extra header lines ("Name: value\r\n" each).
inline std::string get_request(std::string_view path, std::string_view extra_headers = {},
                               std::string_view method = "GET") {
  std::string r;
  r.append(method).append(" ").append(path).append(" HTTP/1.1\r\nHost: test\r\n");
  r.append(extra_headers);
  r.append("\r\n");
  return r;
}

inline std::string post_request(std::string_view path, std::string_view body, std::string_view extra_headers = {},
                                std::string_view method = "POST") {
  std::string r;
  r.append(method).append(" ").append(path).append(" HTTP/1.1\r\nHost: test\r\nContent-Length: ");
  r.append(std::to_string(body.size())).append("\r\n");
  r.append(extra_headers);
  r.append("\r\n");
  r.append(body);
  return r;
}

// One request on a fresh connection.
inline std::optional<raw_response> fetch(std::uint16_t port, std::string_view request, bool head_request = false,
                                         std::chrono::milliseconds timeout = 5s) {
  raw_client c(port, timeout);
  if (!c.send(request)) return std::nullopt;
  return c.read_response(head_request);
}

// Runs a shell command; its stdout and exit status.
struct command_result {
  int status = -1;
  std::string output;
};
inline command_result run_command(const std::string& command) {
  command_result r;
  FILE* p = ::popen(command.c_str(), "r");
  if (!p) return r;
  std::array<char, 65536> buf;
  std::size_t n;
  while ((n = std::fread(buf.data(), 1, buf.size(), p)) > 0) r.output.append(buf.data(), n);
  int st = ::pclose(p);
  r.status = WIFEXITED(st) ? WEXITSTATUS(st) : -1;
  return r;
}

inline bool have_command(const std::string& name) {
  return std::system(("command -v " + name + " >/dev/null 2>&1").c_str()) == 0;
}

}  // namespace strata::http::testing
