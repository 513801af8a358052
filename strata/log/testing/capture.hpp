// capture: points the process-wide sink at a fresh temporary file for one test and reads the
// records back; the destructor restores default options and a harmless destination.
#pragma once
#include <strata/log/sink.hpp>

#include <boost/json/object.hpp>
#include <boost/json/parse.hpp>

#include <fcntl.h>
#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

namespace strata::log::testing {

// A descriptor on /dev/null, open for the whole run: the sink is pointed here between tests so it
// never writes to a descriptor a test has closed (and the system may have reused).
inline int null_fd() {
  static int fd = ::open("/dev/null", O_WRONLY | O_CLOEXEC);
  return fd;
}

// A path for a temporary file that does not exist yet.
inline std::string temp_path(const std::string& stem) {
  static int counter = 0;
  auto dir = std::filesystem::temp_directory_path();
  return (dir / (stem + "-" + std::to_string(::getpid()) + "-" + std::to_string(++counter))).string();
}

class capture {
public:
  explicit capture(options o = {}) {
    std::string path = temp_path("strata-log-capture") + "-XXXXXX";
    fd_ = ::mkstemp(path.data());
    if (fd_ < 0) throw std::runtime_error("capture: mkstemp failed");
    ::unlink(path.c_str());
    o.destination = fd_;
    o.file.clear();
    configure(o);
  }
  ~capture() {
    log::flush(std::chrono::seconds(10));
    options reset;
    reset.destination = null_fd();
    configure(reset);
    ::close(fd_);
  }
  capture(const capture&) = delete;
  capture& operator=(const capture&) = delete;

  int fd() const { return fd_; }

  // Everything written so far (after a flush).
  std::string text() {
    log::flush(std::chrono::seconds(10));
    return read_all();
  }
  std::string read_all() const {
    std::string out;
    char buf[65536];
    off_t at = 0;
    for (;;) {
      ssize_t n = ::pread(fd_, buf, sizeof buf, at);
      if (n <= 0) break;
      out.append(buf, static_cast<std::size_t>(n));
      at += n;
    }
    return out;
  }
  std::vector<std::string> lines() {
    std::vector<std::string> out;
    auto t = text();
    std::size_t start = 0;
    while (start < t.size()) {
      auto end = t.find('\n', start);
      if (end == std::string::npos) end = t.size();
      out.push_back(t.substr(start, end - start));
      start = end + 1;
    }
    return out;
  }
  // Each line parsed as a JSON object (throws when one is not).
  std::vector<boost::json::object> records() {
    std::vector<boost::json::object> out;
    for (const auto& l : lines()) out.push_back(boost::json::parse(l).as_object());
    return out;
  }
  // Waits until at least `n` records are there (records written after a response went out).
  std::vector<boost::json::object> wait_for(std::size_t n, std::chrono::milliseconds timeout = std::chrono::seconds(5)) {
    auto until = std::chrono::steady_clock::now() + timeout;
    for (;;) {
      auto r = records();
      if (r.size() >= n || std::chrono::steady_clock::now() > until) return r;
      std::this_thread::sleep_for(std::chrono::milliseconds(5));
    }
  }

private:
  int fd_ = -1;
};

// The keys of a record in order.
inline std::vector<std::string> keys_of(const boost::json::object& o) {
  std::vector<std::string> out;
  for (const auto& m : o) out.emplace_back(m.key());
  return out;
}

}  // namespace strata::log::testing
