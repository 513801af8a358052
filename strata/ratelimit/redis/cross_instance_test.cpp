// Several processes, one Redis: two instances of a service (test_server.cpp) together admit
// exactly the limit; and a Redis killed mid-test: the service keeps answering on its insurance
// limiter and goes back to Redis when Redis returns.
#include <strata/core/testing/temp_dir.hpp>
#include <strata/redis/client.hpp>
#include <strata/http/testing/raw_client.hpp>
#include <strata/ratelimit/redis/redis_testing.hpp>

#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <fstream>
#include <random>
#include <thread>
#include <vector>

namespace strata::ratelimit {
namespace {

using namespace std::chrono_literals;
using http::testing::fetch;
using http::testing::get_request;

// One test_server process; SIGTERM (to its PID only) when it goes out of scope.
class service {
public:
  service(const std::string& redis_url, const std::string& name, int points, std::int64_t window_ms) {
    port_file_ = (dir_ / "port").string();
    pid_ = strata::testing::spawn(STRATA_RATELIMIT_TEST_SERVER,
                                  {redis_url, port_file_, name, std::to_string(points), std::to_string(window_ms)});
    for (int i = 0; i < 400 && pid_ > 0; ++i) {
      std::ifstream in(port_file_);
      if (in >> port_) return;
      std::this_thread::sleep_for(25ms);
    }
    throw std::runtime_error("the test server did not start");
  }
  ~service() {
    if (pid_ <= 0) return;
    ::kill(pid_, SIGTERM);
    strata::testing::wait_exit(pid_);
  }
  std::uint16_t port() const { return port_; }

private:
  strata::testing::temp_dir dir_;
  std::string port_file_;
  pid_t pid_ = -1;
  std::uint16_t port_ = 0;
};

std::string unique_name(const char* what) {
  std::random_device rd;
  return std::string("xtest-") + what + "-" + std::to_string(::getpid()) + "-" + std::to_string(rd());
}

// Waits, when needed, until an hour's fixed window has at least `margin` left, so a test that
// counts admissions in one window does not straddle two.
void away_from_hour_boundary(std::chrono::seconds margin) {
  using namespace std::chrono;
  auto into = duration_cast<milliseconds>(system_clock::now().time_since_epoch()) % hours(1);
  if (hours(1) - into < margin) std::this_thread::sleep_for(hours(1) - into + 100ms);
}

TEST(cross_instance, two_instances_admit_exactly_the_limit_between_them) {
  STRATA_NEED_REDIS();
  away_from_hour_boundary(60s);
  const int limit = 25;
  const auto name = unique_name("two");
  service a(*redis_url_, name, limit, 3'600'000);
  service b(*redis_url_, name, limit, 3'600'000);

  // 4 clients at once, alternating between the instances: 100 requests for a limit of 25.
  std::atomic<int> ok{0}, refused{0}, other{0}, from_redis{0}, ok_a{0}, ok_b{0};
  {
    std::vector<std::jthread> clients;
    for (int c = 0; c < 4; ++c)
      clients.emplace_back([&, c] {
        for (int i = 0; i < 25; ++i) {
          const bool to_a = (i + c) % 2 == 0;
          auto r = fetch(to_a ? a.port() : b.port(), get_request("/"));
          if (!r) {
            ++other;
            continue;
          }
          if (r->header("X-Limiter-Store") == "redis" || r->status == 429) ++from_redis;
          if (r->status == 200) {
            ++ok;
            ++(to_a ? ok_a : ok_b);
          } else if (r->status == 429) {
            ++refused;
          } else {
            ++other;
          }
        }
      });
  }
  EXPECT_EQ(ok.load(), limit);
  EXPECT_EQ(refused.load(), 100 - limit);
  EXPECT_EQ(other.load(), 0);
  EXPECT_EQ(from_redis.load(), 100);
  // Each instance admitted some: the total is shared, not per process.
  EXPECT_GT(ok_a.load(), 0);
  EXPECT_GT(ok_b.load(), 0);

  // The count is in the shared Redis under the limiter's name; drop it (it would live an hour).
  auto client = redis::client::open(*redis_url_);
  auto keys = testing::run([&]() -> task<std::vector<std::string>> {
    auto r = co_await client.command("KEYS", "ratelimit:" + name + ":*");
    auto found = r.as_strings();
    if (!found.empty()) co_await client.del(found);
    co_return found;
  }());
  EXPECT_EQ(keys.size(), 1u);
}

TEST(cross_instance, redis_down_the_insurance_limiter_answers_and_redis_takes_over_again) {
  STRATA_NEED_REDIS();  // the shared server is not used: this test kills a redis-server of its own
  if (testing::find_on_path("redis-server").empty()) GTEST_SKIP() << "redis-server is not on PATH";
  away_from_hour_boundary(120s);
  testing::private_redis redis(testing::free_port());
  ASSERT_TRUE(redis.running());
  service svc(redis.url(), unique_name("failover"), 5, 3'600'000);

  auto get = [&] { return fetch(svc.port(), get_request("/"), false, 10s); };
  for (int i = 0; i < 3; ++i) {
    auto r = get();
    ASSERT_TRUE(r);
    EXPECT_EQ(r->status, 200);
    EXPECT_EQ(r->header("X-Limiter-Store"), "redis");
  }

  redis.stop();  // SIGKILL to our redis-server's PID
  // Every request is answered; the insurance limiter starts from nothing: 5 pass, then 429.
  int ok = 0, refused = 0;
  for (int i = 0; i < 8; ++i) {
    auto r = get();
    ASSERT_TRUE(r) << "no answer while Redis is down";
    ok += r->status == 200;
    refused += r->status == 429;
    if (r->status == 200) {
      EXPECT_EQ(r->header("X-Limiter-Store"), "memory");
    }
  }
  EXPECT_EQ(ok, 5);
  EXPECT_EQ(refused, 3);

  ASSERT_TRUE(redis.start());  // empty: no persistence
  // Back on Redis within its retry period and the client's reconnect backoff: the fresh Redis
  // holds no count, so requests pass again (the memory limiter alone would refuse them).
  std::optional<http::testing::raw_response> back;
  const auto deadline = std::chrono::steady_clock::now() + 20s;
  while (std::chrono::steady_clock::now() < deadline) {
    auto r = get();
    ASSERT_TRUE(r);
    if (r->status == 200 && r->header("X-Limiter-Store") == "redis") {
      back = r;
      break;
    }
    std::this_thread::sleep_for(100ms);
  }
  ASSERT_TRUE(back) << "the service did not go back to Redis";
  int more = 1;  // that request was the first of Redis' new count
  for (int i = 0; i < 8; ++i) {
    auto r = get();
    ASSERT_TRUE(r);
    if (r->status == 200) {
      ++more;
      EXPECT_EQ(r->header("X-Limiter-Store"), "redis");
    }
  }
  EXPECT_EQ(more, 5);
}

}  // namespace
}  // namespace strata::ratelimit
