// Shared by the tests that talk to a Redis server: the shared server's URL (REDIS_URL, set by
// scripts/services), a runner with a deadline, and private redis-server processes that a test
// may kill and restart without disturbing anyone else.
#pragma once
#include <strata/core/testing/free_port.hpp>
#include <gtest/gtest.h>
#include <signal.h>
#include <unistd.h>

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <chrono>
#include <cstdlib>
#include <exception>
#include <filesystem>
#include <sstream>
#include <strata/core/task.hpp>
#include <strata/core/testing/process.hpp>
#include <string>
#include <thread>
#include <vector>

namespace strata::redis::testing {

inline std::string redis_url() {
  const char* url = std::getenv("REDIS_URL");
  return url ? url : "";
}

#define STRATA_REQUIRE_REDIS()                                                          \
  do {                                                                                  \
    if (::strata::redis::testing::redis_url().empty())                                  \
      GTEST_SKIP() << "REDIS_URL not set: run scripts/services start redis, then eval " \
                      "\"$(scripts/services env)\"";                                    \
  } while (0)

// Keys unique to this process and test, so parallel runs and other suites do not collide.
inline std::string key(std::string_view name) {
  const auto* info = ::testing::UnitTest::GetInstance()->current_test_info();
  return "strata-test:" + std::to_string(::getpid()) + ":" + (info ? info->name() : "") + ":" + std::string(name);
}

// Runs fn() (returning task<void>) to completion on a fresh io_context; rethrows what it throws.
template <class F>
void run_async(F fn, std::chrono::seconds deadline = std::chrono::seconds(60)) {
  boost::asio::io_context io(1);
  bool finished = false;
  std::exception_ptr error;
  boost::asio::co_spawn(io, fn(), [&](std::exception_ptr e) {
    finished = true;
    error = e;
    io.stop();  // connections keep reads pending: the context never runs out of work by itself
  });
  io.run_for(deadline);
  if (!finished) FAIL() << "the test coroutine did not finish within " << deadline.count() << " s";
  if (error) std::rethrow_exception(error);
}

inline task<void> sleep_for(std::chrono::milliseconds d) {
  boost::asio::steady_timer t(co_await boost::asio::this_coro::executor, d);
  co_await t.async_wait(boost::asio::use_awaitable);
}

// A program on PATH, as a full path (posix_spawn does not search); empty when missing.
inline std::string find_program(const std::string& name) {
  const char* path = std::getenv("PATH");
  std::stringstream dirs(path ? path : "");
  std::string dir;
  while (std::getline(dirs, dir, ':')) {
    const auto candidate = std::filesystem::path(dir) / name;
    if (!dir.empty() && ::access(candidate.c_str(), X_OK) == 0) return candidate.string();
  }
  return {};
}

using strata::testing::free_port;

inline bool port_open(std::uint16_t port) {
  boost::asio::io_context io;
  boost::asio::ip::tcp::socket s(io);
  boost::system::error_code ec;
  s.connect({boost::asio::ip::make_address("127.0.0.1"), port}, ec);
  return !ec;
}

// A redis-server of the test's own on a free loopback port, without persistence, killed by PID.
class private_server {
 public:
  explicit private_server(std::vector<std::string> extra = {}) : port_(free_port()), extra_(std::move(extra)) {}
  ~private_server() { kill(); }
  private_server(const private_server&) = delete;
  private_server& operator=(const private_server&) = delete;

  static bool available() { return !find_program("redis-server").empty(); }

  // Starts it and waits until it accepts connections; false if it did not come up in 10 s.
  bool start() {
    std::vector<std::string> args{
        "--port", std::to_string(port_), "--bind",  "127.0.0.1", "--save",   "", "--appendonly",
        "no",     "--loglevel",          "warning", "--logfile", "/dev/null"};
    args.insert(args.end(), extra_.begin(), extra_.end());
    pid_ = strata::testing::spawn(find_program("redis-server"), args);
    if (pid_ <= 0) return false;
    for (int i = 0; i < 200; ++i) {
      // Exited (the port was taken, a bad option): not ready, and nothing left to kill.
      if (::waitpid(pid_, nullptr, WNOHANG) == pid_) {
        pid_ = -1;
        return false;
      }
      if (port_open(port_)) return true;
      std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
    return false;
  }
  // SIGKILL: the server goes away as in a crash, without closing anything politely.
  void kill() {
    if (pid_ <= 0) return;
    ::kill(pid_, SIGKILL);
    strata::testing::wait_exit(pid_);
    pid_ = -1;
  }
  std::uint16_t port() const { return port_; }
  // Arguments after the defaults (later ones win in redis-server), changeable before start().
  std::vector<std::string>& extra_args() { return extra_; }
  std::string url(std::string_view userinfo = {}, std::string_view rest = {}) const {
    return "redis://" + std::string(userinfo) + (userinfo.empty() ? "" : "@") + "127.0.0.1:" + std::to_string(port_) +
           std::string(rest);
  }

 private:
  std::uint16_t port_;
  std::vector<std::string> extra_;
  pid_t pid_ = -1;
};

#define STRATA_REQUIRE_REDIS_SERVER_BINARY()                                         \
  do {                                                                               \
    if (!::strata::redis::testing::private_server::available())                      \
      GTEST_SKIP() << "redis-server is not on PATH (scripts/bootstrap installs it)"; \
  } while (0)

}  // namespace strata::redis::testing

// ASSERT_TRUE for coroutines (gtest's returns; a coroutine must co_return).
// The condition is evaluated once (it may start a server or await something).
#define CO_ASSERT_TRUE_MSG(cond)      \
  do {                                \
    const bool strata_ok_ = (cond);   \
    EXPECT_TRUE(strata_ok_) << #cond; \
    if (!strata_ok_) co_return;       \
  } while (0)

#define CO_ASSERT_EQ(a, b)                    \
  do {                                        \
    const auto& strata_a_ = (a);              \
    const auto& strata_b_ = (b);              \
    EXPECT_EQ(strata_a_, strata_b_) << #a;    \
    if (!(strata_a_ == strata_b_)) co_return; \
  } while (0)
