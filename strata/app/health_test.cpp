// Health endpoints through a real server: live always, ready with passing, failing, throwing and
// hanging checks.
#include <strata/app/health.hpp>
#include <strata/http/server.hpp>
#include <strata/http/testing/local_server.hpp>

#include <boost/asio/steady_timer.hpp>
#include <boost/asio/this_coro.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/json.hpp>
#include <gtest/gtest.h>

namespace strata {
namespace {

namespace asio = boost::asio;
using http::testing::get;
using namespace std::chrono_literals;

struct health_server {
  explicit health_server(health_registry& h) {
    http::server_options o;
    o.host = "127.0.0.1";
    o.port = 0;
    o.threads = 1;
    srv = std::make_unique<http::server>(o);
    srv->use(h.routes());
    srv->start();
  }
  std::unique_ptr<http::server> srv;
};

health_check ok_check(std::string detail) {
  return [detail]() -> task<health_result> { co_return health_result{true, detail}; };
}

TEST(HealthTest, LiveAndReadyWhenEveryCheckPasses) {
  health_registry h;
  h.add("database", ok_check("2 connections"));
  h.add("redis", ok_check(""));
  health_server s(h);
  auto live = get(s.srv->port(), "/health/live");
  EXPECT_EQ(live.status, 200);
  auto ready = get(s.srv->port(), "/health/ready");
  ASSERT_EQ(ready.status, 200) << ready.body;
  auto doc = boost::json::parse(ready.body).as_object();
  EXPECT_EQ(doc.at("status"), "ok");
  EXPECT_EQ(doc.at("checks").at("database").at("detail"), "2 connections");
  EXPECT_EQ(doc.at("checks").at("redis").at("status"), "ok");
}

TEST(HealthTest, FailingThrowingAndHangingChecksGive503WithReasons) {
  health_registry h;
  h.add("database", ok_check(""));
  h.add("redis", []() -> task<health_result> { co_return health_result{false, "connection refused"}; });
  h.add("queue", []() -> task<health_result> {
    throw std::runtime_error("broker gone");
    co_return health_result{};
  });
  h.add("slow", []() -> task<health_result> {
    asio::steady_timer t(co_await asio::this_coro::executor, 5s);
    co_await t.async_wait(asio::use_awaitable);
    co_return health_result{};
  }, 200ms);
  health_server s(h);
  auto start = std::chrono::steady_clock::now();
  auto ready = get(s.srv->port(), "/health/ready");
  auto took = std::chrono::steady_clock::now() - start;
  ASSERT_EQ(ready.status, 503) << ready.body;
  EXPECT_LT(took, 2s);  // the hanging check is cut at its timeout
  auto doc = boost::json::parse(ready.body).as_object();
  EXPECT_EQ(doc.at("status"), "fail");
  EXPECT_EQ(doc.at("checks").at("database").at("status"), "ok");
  EXPECT_EQ(doc.at("checks").at("redis").at("detail"), "connection refused");
  EXPECT_EQ(doc.at("checks").at("queue").at("detail"), "broker gone");
  EXPECT_NE(doc.at("checks").at("slow").at("detail").as_string().find("timed out"), std::string::npos);
  // Live does not depend on the components.
  EXPECT_EQ(get(s.srv->port(), "/health/live").status, 200);
}

}  // namespace
}  // namespace strata
