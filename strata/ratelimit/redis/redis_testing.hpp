// Helpers for the Redis tests of strata::ratelimit: REDIS_URL or a skip, a coroutine run to its
// end on a loop of its own, a free port, and a private redis-server this test starts and kills.
#pragma once
#include <strata/core/testing/free_port.hpp>
#include <strata/core/task.hpp>
#include <strata/core/testing/process.hpp>
#include <strata/core/testing/temp_dir.hpp>

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/use_future.hpp>

#include <gtest/gtest.h>

#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <future>
#include <optional>
#include <string>
#include <string_view>
#include <thread>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <signal.h>
#include <sys/socket.h>
#include <unistd.h>

namespace strata::ratelimit::testing {

inline std::optional<std::string> redis_url() {
  const char* url = std::getenv("REDIS_URL");
  if (!url || !*url) return std::nullopt;
  return std::string(url);
}

#define STRATA_NEED_REDIS()                                                                    \
  auto redis_url_ = ::strata::ratelimit::testing::redis_url();                                 \
  if (!redis_url_)                                                                             \
  GTEST_SKIP() << "REDIS_URL is not set: start Redis with `eval \"$(scripts/services env)\"` " \
                  "(scripts/services start redis) to run the ratelimit Redis tests"

// Runs `t` on a fresh io_context until it finishes; rethrows its exception. Not ctx.run(): the
// Redis client's connection keeps reading, so the context never runs out of work by itself.
template <class T>
T run(task<T> t) {
  boost::asio::io_context ctx(1);
  auto f = boost::asio::co_spawn(ctx, std::move(t), boost::asio::use_future);
  while (f.wait_for(std::chrono::seconds(0)) != std::future_status::ready) ctx.run_one();
  return f.get();
}

using strata::testing::free_port;

inline bool port_open(std::uint16_t port) {
  int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  sockaddr_in a{};
  a.sin_family = AF_INET;
  a.sin_port = htons(port);
  a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  bool ok = ::connect(fd, reinterpret_cast<sockaddr*>(&a), sizeof a) == 0;
  ::close(fd);
  return ok;
}

// A program found on PATH, or empty.
inline std::string find_on_path(const std::string& name) {
  const char* path = std::getenv("PATH");
  std::string_view rest = path ? path : "";
  while (!rest.empty()) {
    auto colon = rest.find(':');
    auto dir = rest.substr(0, colon);
    rest = colon == std::string_view::npos ? std::string_view() : rest.substr(colon + 1);
    auto candidate = std::filesystem::path(dir) / name;
    if (!dir.empty() && ::access(candidate.c_str(), X_OK) == 0) return candidate.string();
  }
  return {};
}

// A redis-server of this test's own on `port`, without persistence, logging into a temporary
// folder; stop() kills only its PID.
class private_redis {
public:
  explicit private_redis(std::uint16_t port) : port_(port) { started_ = start(); }
  ~private_redis() { stop(); }
  private_redis(const private_redis&) = delete;
  private_redis& operator=(const private_redis&) = delete;

  bool start() {
    const auto program = find_on_path("redis-server");
    if (program.empty()) return false;
    pid_ = strata::testing::spawn(program, {"--port", std::to_string(port_), "--bind", "127.0.0.1", "--save", "",
                                            "--appendonly", "no", "--logfile", (dir_ / "redis.log").string()});
    for (int i = 0; i < 200 && pid_ > 0; ++i) {
      if (port_open(port_)) return true;
      std::this_thread::sleep_for(std::chrono::milliseconds(25));
    }
    return false;
  }
  void stop() {
    if (pid_ <= 0) return;
    ::kill(pid_, SIGKILL);
    strata::testing::wait_exit(pid_);
    pid_ = -1;
  }
  std::string url() const { return "redis://127.0.0.1:" + std::to_string(port_); }
  bool running() const { return pid_ > 0 && started_; }

private:
  strata::testing::temp_dir dir_;
  std::uint16_t port_;
  pid_t pid_ = -1;
  bool started_ = false;
};

}  // namespace strata::ratelimit::testing
