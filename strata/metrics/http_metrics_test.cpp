// The HTTP plugins on a real server: request counts and durations by route pattern, in-flight
// requests, unmatched requests, exclusions, and /metrics with content negotiation.
#include <strata/http/error.hpp>
#include <strata/http/server.hpp>
#include <strata/metrics/http_metrics.hpp>
#include <strata/metrics/metrics_route.hpp>
#include <strata/http/testing/local_server.hpp>
#include <strata/metrics/testing/scrape.hpp>

#include <boost/asio/steady_timer.hpp>
#include <boost/asio/this_coro.hpp>
#include <boost/asio/use_awaitable.hpp>

#include <gtest/gtest.h>

#include <stdexcept>
#include <thread>

namespace strata::metrics {
namespace {

using namespace std::chrono_literals;
using http::testing::fetch;
using http::testing::get_request;
using http::testing::post_request;
using testing::sample_value;
using testing::scrape;
using testing::scrape_until;

constexpr std::string_view prometheus_accept =
    "application/openmetrics-text;version=1.0.0,application/openmetrics-text;version=0.0.1;q=0.75,"
    "text/plain;version=0.0.4;q=0.5,*/*;q=0.1";

// A server with a few routes, measured into `reg`.
void add_routes(http::server& srv) {
  srv.get("/users/:id",
          [](http::request& req, http::response& res) { res.text("user " + std::string(req.param("id"))); });
  srv.post("/users", [](http::request&, http::response& res) { res.status(201).text("created"); });
  srv.get("/boom", [](http::request&, http::response&) { throw std::runtime_error("boom"); });
  srv.get("/slow", [](http::request&, http::response& res) -> task<void> {
    boost::asio::steady_timer t(co_await boost::asio::this_coro::executor, 400ms);
    co_await t.async_wait(boost::asio::use_awaitable);
    res.text("slow");
  });
}

int status_of(std::uint16_t port, std::string_view request) {
  auto r = fetch(port, request);
  return r ? r->status : -1;
}

TEST(http_metrics, counts_and_times_requests_by_route_pattern) {
  registry reg;
  http::server srv(http::testing::local_options(2));
  srv.use(http_metrics(reg));
  srv.use(metrics_route(reg));
  add_routes(srv);
  srv.start();
  const auto port = srv.port();

  EXPECT_EQ(status_of(port, get_request("/users/1")), 200);
  EXPECT_EQ(status_of(port, get_request("/users/2")), 200);
  EXPECT_EQ(status_of(port, get_request("/users/3?x=1")), 200);
  EXPECT_EQ(status_of(port, post_request("/users", "{}")), 201);
  EXPECT_EQ(status_of(port, get_request("/boom")), 500);
  EXPECT_EQ(status_of(port, get_request("/nope")), 404);
  EXPECT_EQ(status_of(port, get_request("/users/1", {}, "DELETE")), 405);

  const std::string users = R"({method="GET",route="/users/:id",status_code="200"})";
  std::string body = scrape_until(port, [&](const std::string& b) {
    return sample_value(b, "http_requests_total" + users) == 3 &&
           sample_value(b, R"(http_requests_total{method="DELETE",route="not_found",status_code="405"})") == 1;
  });
  EXPECT_EQ(sample_value(body, "http_requests_total" + users), 3) << body;
  EXPECT_EQ(sample_value(body, R"(http_requests_total{method="POST",route="/users",status_code="201"})"), 1);
  EXPECT_EQ(sample_value(body, R"(http_requests_total{method="GET",route="/boom",status_code="500"})"), 1);
  EXPECT_EQ(sample_value(body, R"(http_requests_total{method="GET",route="not_found",status_code="404"})"), 1);
  EXPECT_EQ(sample_value(body, R"(http_requests_total{method="DELETE",route="not_found",status_code="405"})"), 1);
  // Durations: every bucket cumulative up to +Inf, which equals _count.
  EXPECT_EQ(sample_value(body, "http_request_duration_seconds_count" + users), 3);
  EXPECT_EQ(
      sample_value(
          body, R"(http_request_duration_seconds_bucket{method="GET",route="/users/:id",status_code="200",le="+Inf"})"),
      3);
  EXPECT_GT(*sample_value(body, "http_request_duration_seconds_sum" + users), 0);
  EXPECT_LT(*sample_value(body, "http_request_duration_seconds_sum" + users), 3);
  // The route is the pattern, never the URL.
  EXPECT_EQ(body.find("/users/1"), std::string::npos);
  EXPECT_EQ(body.find("x=1"), std::string::npos);
  // The scrape itself is the one request in flight.
  EXPECT_EQ(sample_value(body, "http_requests_in_flight"), 1);
  EXPECT_NE(body.find("# TYPE http_request_duration_seconds histogram\n"), std::string::npos);
}

TEST(http_metrics, metrics_route_negotiates_the_format) {
  registry reg;
  http::server srv(http::testing::local_options(2));
  srv.use(http_metrics(reg));
  srv.use(metrics_route(reg));
  add_routes(srv);
  srv.start();
  const auto port = srv.port();
  ASSERT_EQ(status_of(port, get_request("/users/7")), 200);

  auto om = scrape(port, prometheus_accept);
  ASSERT_TRUE(om);
  EXPECT_EQ(om->status, 200);
  EXPECT_EQ(om->header("Content-Type"), "application/openmetrics-text; version=1.0.0; charset=utf-8");
  EXPECT_TRUE(om->body.ends_with("\n# EOF\n")) << om->body;
  EXPECT_NE(om->body.find("# TYPE http_requests counter\n"), std::string::npos) << om->body;
  EXPECT_EQ(sample_value(om->body, R"(http_requests_total{method="GET",route="/users/:id",status_code="200"})"), 1);

  auto text = scrape(port, "text/plain");
  ASSERT_TRUE(text);
  EXPECT_EQ(text->header("Content-Type"), "text/plain; version=0.0.4; charset=utf-8");
  EXPECT_NE(text->body.find("# TYPE http_requests_total counter\n"), std::string::npos);
  EXPECT_EQ(text->body.find("# EOF"), std::string::npos);

  // curl sends Accept: */* and gets the text format.
  if (http::testing::have_command("curl")) {
    auto r = http::testing::run_command("curl -s -i http://127.0.0.1:" + std::to_string(port) + "/metrics");
    EXPECT_EQ(r.status, 0);
    EXPECT_NE(r.output.find("text/plain; version=0.0.4"), std::string::npos) << r.output;
    EXPECT_NE(r.output.find("http_requests_total{method=\"GET\",route=\"/users/:id\",status_code=\"200\"} 1"),
              std::string::npos)
        << r.output;
  }
}

TEST(http_metrics, in_flight_counts_requests_being_served) {
  registry reg;
  http::server srv(http::testing::local_options(2));
  srv.use(http_metrics(reg));
  srv.use(metrics_route(reg));
  add_routes(srv);
  srv.start();
  const auto port = srv.port();
  std::thread slow([&] { EXPECT_EQ(status_of(port, get_request("/slow")), 200); });
  std::string during =
      scrape_until(port, [](const std::string& b) { return sample_value(b, "http_requests_in_flight") == 2; });
  EXPECT_EQ(sample_value(during, "http_requests_in_flight"), 2) << during;
  slow.join();
  std::string after =
      scrape_until(port, [](const std::string& b) { return sample_value(b, "http_requests_in_flight") == 1; });
  EXPECT_EQ(sample_value(after, "http_requests_in_flight"), 1);
  EXPECT_EQ(sample_value(after, R"(http_requests_total{method="GET",route="/slow",status_code="200"})"), 1);
  EXPECT_GE(*sample_value(after, R"(http_request_duration_seconds_sum{method="GET",route="/slow",status_code="200"})"),
            0.39);
}

TEST(http_metrics, a_request_dropped_mid_body_gives_back_its_in_flight_unit) {
  registry reg;
  http::server srv(http::testing::local_options(2));
  srv.use(http_metrics(reg));
  srv.use(metrics_route(reg));
  add_routes(srv);
  srv.start();
  const auto port = srv.port();
  {
    http::testing::raw_client c(port);
    ASSERT_TRUE(c.send("POST /users HTTP/1.1\r\nHost: t\r\nContent-Length: 100\r\n\r\nonly ten.."));
    // Wait until the server is inside the request (reading its body) before going away.
    scrape_until(port, [](const std::string& b) { return sample_value(b, "http_requests_in_flight") == 2; });
  }
  std::string body =
      scrape_until(port, [](const std::string& b) { return sample_value(b, "http_requests_in_flight") == 1; });
  EXPECT_EQ(sample_value(body, "http_requests_in_flight"), 1) << body;
  EXPECT_FALSE(sample_value(body, R"(http_requests_total{method="POST",route="/users",status_code="201"})"));
}

TEST(http_metrics, unknown_methods_and_excluded_routes_do_not_add_series) {
  registry reg;
  http::server srv(http::testing::local_options(2));
  srv.use(http_metrics(reg, {.exclude_routes = {"/metrics"}}));
  srv.use(metrics_route(reg));
  add_routes(srv);
  srv.start();
  const auto port = srv.port();
  int s1 = status_of(port, get_request("/anything", {}, "BREW"));
  int s2 = status_of(port, get_request("/users/1", {}, "WHATEVER"));
  EXPECT_GE(s1, 400);
  EXPECT_GE(s2, 400);
  const std::string series1 =
      R"(http_requests_total{method="other",route="not_found",status_code=")" + std::to_string(s1) + "\"}";
  const std::string series2 =
      R"(http_requests_total{method="other",route="not_found",status_code=")" + std::to_string(s2) + "\"}";
  std::string body = scrape_until(
      port, [&](const std::string& b) { return sample_value(b, series1) >= 1 && sample_value(b, series2) >= 1; });
  EXPECT_EQ(*sample_value(body, series1) + (s1 == s2 ? 0 : *sample_value(body, series2)), 2) << body;
  EXPECT_EQ(body.find("BREW"), std::string::npos);
  EXPECT_EQ(body.find("WHATEVER"), std::string::npos);
  // /metrics is excluded: the scrapes neither count nor show as in flight.
  EXPECT_EQ(body.find("route=\"/metrics\""), std::string::npos);
  EXPECT_EQ(sample_value(body, "http_requests_in_flight"), 0);
}

TEST(http_metrics, custom_unmatched_label_prefix_and_buckets) {
  registry reg;
  http::server srv(http::testing::local_options(2));
  srv.use(http_metrics(reg, {.prefix = "api_", .buckets = {0.1, 1}, .unmatched_route = "(unmatched)"}));
  srv.use(metrics_route(reg));
  srv.start();
  const auto port = srv.port();
  EXPECT_EQ(status_of(port, get_request("/missing")), 404);
  std::string body =
      scrape_until(port, [](const std::string& b) { return b.find("(unmatched)") != std::string::npos; });
  EXPECT_EQ(sample_value(body, R"m(api_http_requests_total{method="GET",route="(unmatched)",status_code="404"})m"), 1)
      << body;
  EXPECT_TRUE(sample_value(
      body,
      R"m(api_http_request_duration_seconds_bucket{method="GET",route="(unmatched)",status_code="404",le="0.1"})m"));
  EXPECT_NE(body.find("api_http_requests_in_flight"), std::string::npos);
}

TEST(http_metrics, the_registry_may_go_before_the_server) {
  http::server srv(http::testing::local_options(2));
  {
    registry reg;
    srv.use(http_metrics(reg));
    srv.use(metrics_route(reg));
  }
  srv.get("/", [](http::request&, http::response& res) { res.text("ok"); });
  srv.start();
  EXPECT_EQ(status_of(srv.port(), get_request("/")), 200);
  std::string body = scrape_until(srv.port(), [](const std::string& b) {
    return sample_value(b, R"(http_requests_total{method="GET",route="/",status_code="200"})") == 1;
  });
  EXPECT_EQ(sample_value(body, R"(http_requests_total{method="GET",route="/",status_code="200"})"), 1);
}

}  // namespace
}  // namespace strata::metrics
