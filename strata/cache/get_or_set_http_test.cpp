// get_or_set under real traffic: 100 concurrent HTTP requests for one key, spread by the kernel
// over two loops, run the loader once; a loader that throws fails all of them and stores nothing.
#include <strata/cache/cache.hpp>
#include <strata/cache/testing/background_loops.hpp>
#include <strata/http/testing/local_server.hpp>

#include <gtest/gtest.h>

#include <atomic>
#include <memory>
#include <mutex>
#include <set>
#include <thread>
#include <vector>

namespace strata::cache {
namespace {

using namespace std::chrono_literals;
using http::request;
using http::response;
using http::testing::raw_client;

// Opens `n` connections, sends one GET on each before reading any answer, so every request is
// in the server at once; returns the responses in order (status 0 when one did not arrive).
std::vector<http::testing::raw_response> burst(std::uint16_t port, std::string_view path, int n) {
  std::vector<std::unique_ptr<raw_client>> clients;
  for (int i = 0; i < n; ++i) {
    clients.push_back(std::make_unique<raw_client>(port, 10s));
    EXPECT_TRUE(clients.back()->send(http::testing::get_request(path)));
  }
  std::vector<http::testing::raw_response> out;
  for (auto& c : clients) out.push_back(c->read_response().value_or(http::testing::raw_response{}));
  return out;
}

struct loader_probe {
  std::atomic<int> runs{0};
  std::atomic<bool> fail{false};
  std::mutex m;
  std::set<std::thread::id> handler_threads;
};

class get_or_set_http : public ::testing::Test {
protected:
  void SetUp() override {
    srv_.get("/value", [this](request&, response& res) -> task<void> {
      {
        std::lock_guard lock(probe_.m);
        probe_.handler_threads.insert(std::this_thread::get_id());
      }
      cache::loader load = [this]() -> task<std::string> {
        ++probe_.runs;
        co_await testing::sleep(300ms);  // long enough for every request to arrive meanwhile
        if (probe_.fail) throw std::runtime_error("loader failed");
        co_return "expensive value";
      };
      res.text(co_await cache_.get_or_set("the-key", 60s, load));
    });
    srv_.start();
  }

  loader_probe probe_;
  cache cache_;
  http::server srv_{http::testing::local_options(2)};
};

TEST_F(get_or_set_http, hundred_concurrent_requests_run_the_loader_once) {
  auto responses = burst(srv_.port(), "/value", 100);
  int ok = 0;
  for (const auto& r : responses) {
    EXPECT_EQ(r.status, 200);
    if (r.status == 200 && r.body == "expensive value") ++ok;
  }
  EXPECT_EQ(ok, 100);
  EXPECT_EQ(probe_.runs.load(), 1);
  EXPECT_EQ(probe_.handler_threads.size(), 2u) << "the requests should have reached both loops";
  // Later requests are answered from the cache.
  EXPECT_EQ(http::testing::get(srv_.port(), "/value").body, "expensive value");
  EXPECT_EQ(probe_.runs.load(), 1);
}

TEST_F(get_or_set_http, a_throwing_loader_fails_every_request_and_caches_nothing) {
  probe_.fail = true;
  auto responses = burst(srv_.port(), "/value", 40);
  for (const auto& r : responses) EXPECT_EQ(r.status, 500);
  EXPECT_EQ(probe_.runs.load(), 1);
  probe_.fail = false;
  EXPECT_EQ(http::testing::get(srv_.port(), "/value").body, "expensive value");
  EXPECT_EQ(probe_.runs.load(), 2);
}

}  // namespace
}  // namespace strata::cache
