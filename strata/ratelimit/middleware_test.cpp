// The rate_limit middleware through real HTTP requests on loopback, on a virtual clock: exact
// admission counts per algorithm, header values, 429 problem+json, keys kept apart, forwarded
// addresses only from trusted proxies, skips, counting only failures, custom answers.
#include <strata/http/server.hpp>
#include <strata/http/testing/local_server.hpp>
#include <strata/ratelimit/insurance_store.hpp>
#include <strata/ratelimit/memory_store.hpp>
#include <strata/ratelimit/middleware.hpp>

#include <boost/json/parse.hpp>

#include <gtest/gtest.h>

#include <atomic>
#include <stdexcept>
#include <thread>

namespace strata::ratelimit {
namespace {

using namespace std::chrono_literals;
using http::request;
using http::response;
using http::testing::fetch;
using http::testing::get_request;
using http::testing::local_options;
using http::testing::raw_response;

// A clock the test moves by hand.
struct virtual_clock {
  std::shared_ptr<std::atomic<std::int64_t>> ms = std::make_shared<std::atomic<std::int64_t>>(1'000'000);
  std::function<std::int64_t()> fn() const {
    return [ms = ms] { return ms->load(); };
  }
  void set(std::int64_t v) { ms->store(v); }
  void advance(std::int64_t d) { ms->fetch_add(d); }
};

void add_routes(http::scope& s) {
  s.get("/", [](request&, response& res) { res.text("ok"); });
  s.get("/a", [](request&, response& res) { res.text("a"); });
  s.get("/b", [](request&, response& res) { res.text("b"); });
  s.get("/health", [](request&, response& res) { res.text("up"); });
  s.get("/fail", [](request&, response& res) { res.problem(401, "Unauthorized"); });
  s.get("/throw", [](request&, response&) { throw std::runtime_error("boom"); });
}

raw_response get(std::uint16_t port, std::string_view path, std::string_view headers = {}) {
  auto r = fetch(port, get_request(path, headers));
  if (!r) throw std::runtime_error("no response");
  return *r;
}

int count_ok(std::uint16_t port, int n, std::string_view path = "/", std::string_view headers = {}) {
  int ok = 0;
  for (int i = 0; i < n; ++i) {
    auto r = get(port, path, headers);
    if (r.status != 429) ++ok;
  }
  return ok;
}

struct limited_server {
  http::server srv{local_options()};
  limited_server(rate_limit_options o, bool start = true) {
    srv.use(rate_limit(std::move(o)));
    add_routes(srv);
    if (start) srv.start();
  }
  std::uint16_t port() { return srv.port(); }
};

TEST(rate_limit_http, headers_and_the_429_problem) {
  virtual_clock clock;
  clock.set(1'001'000);  // 1 s into a 10 s window
  limited_server s({.limits = {{3, 10s, algorithm::fixed_window}}, .clock = clock.fn()});

  auto r = get(s.port(), "/");
  EXPECT_EQ(r.status, 200);
  EXPECT_EQ(r.header("RateLimit-Limit"), "3");
  EXPECT_EQ(r.header("RateLimit-Remaining"), "2");
  EXPECT_EQ(r.header("RateLimit-Reset"), "9");
  EXPECT_EQ(r.header("RateLimit-Policy"), "3;w=10");
  EXPECT_FALSE(r.has("Retry-After"));
  clock.advance(2500);
  EXPECT_EQ(get(s.port(), "/").header("RateLimit-Remaining"), "1");
  auto last = get(s.port(), "/");
  EXPECT_EQ(last.header("RateLimit-Remaining"), "0");
  EXPECT_EQ(last.header("RateLimit-Reset"), "7");  // 6.5 s left, rounded up

  auto refused = get(s.port(), "/");
  EXPECT_EQ(refused.status, 429);
  EXPECT_EQ(refused.header("Content-Type"), "application/problem+json");
  EXPECT_EQ(refused.header("Retry-After"), "7");
  EXPECT_EQ(refused.header("RateLimit-Remaining"), "0");
  EXPECT_EQ(refused.header("RateLimit-Limit"), "3");
  auto doc = boost::json::parse(refused.body).as_object();
  EXPECT_EQ(doc.at("status").as_int64(), 429);
  EXPECT_EQ(doc.at("title").as_string(), "Too Many Requests");
  EXPECT_EQ(doc.at("retry_after").as_int64(), 7);

  clock.set(1'010'000);  // the next window
  auto again = get(s.port(), "/");
  EXPECT_EQ(again.status, 200);
  EXPECT_EQ(again.header("RateLimit-Remaining"), "2");
}

TEST(rate_limit_http, exact_admissions_for_each_algorithm) {
  for (auto a : {algorithm::fixed_window, algorithm::sliding_window, algorithm::token_bucket}) {
    virtual_clock clock;
    clock.set(5'000'900);
    limited_server s({.limits = {{5, 1000ms, a}}, .clock = clock.fn()});
    EXPECT_EQ(count_ok(s.port(), 8), 5) << describe({5, 1000ms, a});
    clock.advance(200);
    // 200 ms later a fixed window has started afresh; 90% of the previous window still weighs on
    // the sliding one (4.5 of 5: none fit); the bucket has refilled one token.
    const int expected = a == algorithm::fixed_window ? 5 : a == algorithm::sliding_window ? 0 : 1;
    EXPECT_EQ(count_ok(s.port(), 8), expected) << describe({5, 1000ms, a});
    clock.advance(2000);  // everything has drained
    EXPECT_EQ(count_ok(s.port(), 8), 5) << describe({5, 1000ms, a});
  }
}

TEST(rate_limit_http, several_limits_and_the_policy_header) {
  virtual_clock clock;
  clock.set(7'200'000);  // an hour boundary
  limited_server s({.limits = {per_second(2), per_hour(5)}, .clock = clock.fn()});
  auto r = get(s.port(), "/");
  EXPECT_EQ(r.header("RateLimit-Policy"), "2;w=1, 5;w=3600");
  EXPECT_EQ(r.header("RateLimit-Limit"), "2");  // the one closest to running out
  EXPECT_EQ(r.header("RateLimit-Remaining"), "1");
  EXPECT_EQ(count_ok(s.port(), 3), 1);
  clock.advance(1000);
  EXPECT_EQ(count_ok(s.port(), 3), 2);
  clock.advance(1000);
  EXPECT_EQ(count_ok(s.port(), 3), 1);  // the hour's fifth
  auto hour = get(s.port(), "/");
  EXPECT_EQ(hour.status, 429);
  EXPECT_EQ(hour.header("RateLimit-Limit"), "5");
  EXPECT_EQ(hour.header("Retry-After"), "3598");
}

TEST(rate_limit_http, api_keys_are_isolated_and_missing_keys_fall_back_to_the_address) {
  virtual_clock clock;
  limited_server s({.limits = {{2, 60s}}, .key = by_header("X-API-Key"), .clock = clock.fn()});
  EXPECT_EQ(count_ok(s.port(), 4, "/", "X-API-Key: alpha\r\n"), 2);
  EXPECT_EQ(count_ok(s.port(), 4, "/", "X-API-Key: beta\r\n"), 2);
  EXPECT_EQ(count_ok(s.port(), 4, "/"), 2);  // by 127.0.0.1
  EXPECT_EQ(count_ok(s.port(), 1, "/", "X-API-Key: alpha\r\n"), 0);
}

TEST(rate_limit_http, per_route_keys_and_limits_on_a_group) {
  virtual_clock clock;
  http::server srv(local_options());
  add_routes(srv);
  auto api = srv.group("/api");
  api.use(rate_limit({.limits = {{1, 60s}}, .key = combine({by_ip(), by_route()}), .clock = clock.fn()}));
  api.get("/x", [](request&, response& res) { res.text("x"); });
  api.get("/y/:id", [](request&, response& res) { res.text("y"); });
  srv.start();
  EXPECT_EQ(count_ok(srv.port(), 3, "/api/x"), 1);
  EXPECT_EQ(count_ok(srv.port(), 1, "/api/y/1"), 1);
  EXPECT_EQ(count_ok(srv.port(), 1, "/api/y/2"), 0);  // same pattern, same count
  EXPECT_EQ(count_ok(srv.port(), 5, "/a"), 5);        // outside the group: not limited
  EXPECT_FALSE(get(srv.port(), "/a").has("RateLimit-Limit"));
}

TEST(rate_limit_http, forwarded_for_is_ignored_without_trusted_proxies) {
  virtual_clock clock;
  limited_server s({.limits = {{2, 60s}}, .clock = clock.fn()});
  // Every request claims another address; all are counted as 127.0.0.1.
  int ok = 0;
  for (int i = 0; i < 6; ++i)
    ok += get(s.port(), "/", "X-Forwarded-For: 198.51.100." + std::to_string(i) + "\r\n").status == 200;
  EXPECT_EQ(ok, 2);
}

TEST(rate_limit_http, forwarded_for_from_a_trusted_proxy_names_the_client_and_spoofing_fails) {
  virtual_clock clock;
  limited_server s({.limits = {{2, 60s}}, .key = by_ip({.trusted_proxies = {"127.0.0.0/8"}}), .clock = clock.fn()});
  // Our proxy (the loopback peer) appends the address it saw: 198.51.100.7. What the client put
  // to the left of it changes with every request and must not buy a fresh quota.
  int ok = 0;
  for (int i = 0; i < 6; ++i)
    ok += get(s.port(), "/", "X-Forwarded-For: 203.0.113." + std::to_string(i) + ", 198.51.100.7\r\n").status == 200;
  EXPECT_EQ(ok, 2);
  // Another client behind the same proxy has its own count.
  EXPECT_EQ(count_ok(s.port(), 3, "/", "X-Forwarded-For: 198.51.100.8\r\n"), 2);
  // A client that writes a second header line after ours still gets the right-most entry: the one
  // our proxy wrote last.
  EXPECT_EQ(count_ok(s.port(), 1, "/", "X-Forwarded-For: 198.51.100.9\r\nX-Forwarded-For: 198.51.100.7\r\n"), 0);
}

TEST(rate_limit_http, ipv6_clients_are_counted_per_64_prefix) {
  virtual_clock clock;
  limited_server s({.limits = {{2, 60s}}, .key = by_ip({.trusted_proxies = {"127.0.0.1"}}), .clock = clock.fn()});
  // One host rotating through the addresses of its /64 gains nothing...
  EXPECT_EQ(count_ok(s.port(), 1, "/", "X-Forwarded-For: 2001:db8:1:2::5\r\n"), 1);
  EXPECT_EQ(count_ok(s.port(), 1, "/", "X-Forwarded-For: 2001:db8:1:2:ffff::9\r\n"), 1);
  EXPECT_EQ(count_ok(s.port(), 1, "/", "X-Forwarded-For: 2001:db8:1:2::7\r\n"), 0);
  // ...another /64 is another client.
  EXPECT_EQ(count_ok(s.port(), 3, "/", "X-Forwarded-For: 2001:db8:1:3::5\r\n"), 2);
}

TEST(rate_limit_http, by_user_after_an_auth_hook) {
  virtual_clock clock;
  http::server srv(local_options());
  // The "auth" hook names the user; the limiter runs after it, in pre_handler.
  srv.pre_handler([](request& req, response&) {
    if (auto u = req.header("X-User")) req.set("user", std::string(*u));
  });
  srv.use(rate_limit({.limits = {{2, 60s}},
                      .key = by_user([](request& req) {
                        auto* u = req.get<std::string>("user");
                        return u ? *u : std::string();
                      }),
                      .clock = clock.fn(),
                      .stage = http::hook_kind::pre_handler}));
  add_routes(srv);
  srv.start();
  EXPECT_EQ(count_ok(srv.port(), 3, "/", "X-User: ann\r\n"), 2);
  EXPECT_EQ(count_ok(srv.port(), 3, "/", "X-User: bob\r\n"), 2);
  EXPECT_EQ(count_ok(srv.port(), 3, "/"), 2);  // anonymous: by address
}

TEST(rate_limit_http, skipped_requests_are_not_counted_and_get_no_headers) {
  virtual_clock clock;
  limited_server s(
      {.limits = {{1, 60s}}, .skip = [](request& req) { return req.path() == "/health"; }, .clock = clock.fn()});
  EXPECT_EQ(count_ok(s.port(), 5, "/health"), 5);
  EXPECT_FALSE(get(s.port(), "/health").has("RateLimit-Remaining"));
  EXPECT_EQ(count_ok(s.port(), 2, "/"), 1);
}

TEST(rate_limit_http, counting_only_failures) {
  virtual_clock clock;
  limited_server s({.limits = {{2, 60s}}, .count = count_mode::failed_only, .clock = clock.fn()});
  EXPECT_EQ(count_ok(s.port(), 10, "/"), 10);  // successes are given back
  EXPECT_EQ(get(s.port(), "/fail").status, 401);
  EXPECT_EQ(get(s.port(), "/throw").status, 500);  // an error is a failure too
  EXPECT_EQ(get(s.port(), "/fail").status, 429);
  EXPECT_EQ(get(s.port(), "/").status, 429);  // refused now, whatever it would have answered
}

TEST(rate_limit_http, counting_only_successes) {
  virtual_clock clock;
  limited_server s({.limits = {{2, 60s}}, .count = count_mode::successful_only, .clock = clock.fn()});
  EXPECT_EQ(count_ok(s.port(), 6, "/fail"), 6);
  EXPECT_EQ(count_ok(s.port(), 4, "/"), 2);
}

TEST(rate_limit_http, costs_per_request) {
  virtual_clock clock;
  limited_server s({.limits = {{10, 60s}},
                    .cost = [](request& req) -> std::int64_t { return req.path() == "/a" ? 4 : 1; },
                    .clock = clock.fn()});
  EXPECT_EQ(count_ok(s.port(), 3, "/a"), 2);  // 8 of 10
  auto r = get(s.port(), "/b");
  EXPECT_EQ(r.status, 200);
  EXPECT_EQ(r.header("RateLimit-Remaining"), "1");
}

TEST(rate_limit_http, a_custom_handler_answers_refusals) {
  virtual_clock clock;
  clock.set(1'020'000);  // a minute boundary
  limited_server s({.limits = {{1, 60s}},
                    .on_limited =
                        [](request&, response& res, const result& r) {
                          res.status(503).text("slow down, " + std::to_string(r.shown.limit) + " per minute");
                        },
                    .clock = clock.fn()});
  EXPECT_EQ(get(s.port(), "/").status, 200);
  auto r = get(s.port(), "/");
  EXPECT_EQ(r.status, 503);
  EXPECT_EQ(r.body, "slow down, 1 per minute");
  EXPECT_EQ(r.header("Retry-After"), "60");
  EXPECT_EQ(r.header("RateLimit-Remaining"), "0");
}

// A store that fails on demand, in front of a memory store.
class flaky_store final : public store {
public:
  std::atomic<bool> down{false};
  std::atomic<int> calls{0};
  memory_store inner;
  task<std::vector<decision>> consume(std::span<const check> checks, std::int64_t now) override {
    ++calls;
    if (down) throw std::runtime_error("store down");
    co_return inner.consume_now(checks, now);
  }
  task<void> refund(std::span<const check> checks, std::int64_t now) override {
    if (down) throw std::runtime_error("store down");
    inner.refund_now(checks, now);
    co_return;
  }
};

TEST(rate_limit_http, a_failing_store_is_503_unless_told_to_pass) {
  virtual_clock clock;
  auto st = std::make_shared<flaky_store>();
  st->down = true;
  limited_server strict({.limits = {{5, 60s}}, .store = st, .clock = clock.fn()});
  auto r = get(strict.port(), "/");
  EXPECT_EQ(r.status, 503);
  EXPECT_EQ(r.header("Content-Type"), "application/problem+json");
  limited_server lenient({.limits = {{5, 60s}}, .store = st, .clock = clock.fn(), .pass_on_store_error = true});
  EXPECT_EQ(count_ok(lenient.port(), 8), 8);
}

TEST(rate_limit_http, insurance_keeps_limiting_while_the_primary_is_down_and_returns_to_it) {
  virtual_clock clock;
  auto primary = std::make_shared<flaky_store>();
  std::atomic<int> switches{0};
  auto insured = std::make_shared<insurance_store>(
      primary, nullptr, insurance_options{.retry_after = 1000ms, .on_switch = [&](std::exception_ptr) { ++switches; }});
  limited_server s({.limits = {{3, 60s}}, .store = insured, .clock = clock.fn()});

  EXPECT_EQ(count_ok(s.port(), 2), 2);  // on the primary
  primary->down = true;
  // The fallback starts empty: it admits 3 of its own, then limits.
  EXPECT_EQ(count_ok(s.port(), 5), 3);
  EXPECT_TRUE(insured->degraded());
  EXPECT_EQ(switches.load(), 1);
  const int calls_while_down = primary->calls.load();
  EXPECT_EQ(count_ok(s.port(), 5), 0);
  EXPECT_EQ(primary->calls.load(), calls_while_down);  // not retried before retry_after

  primary->down = false;
  std::this_thread::sleep_for(1100ms);  // the retry period is wall time: the primary's health, not the limit's clock
  EXPECT_EQ(count_ok(s.port(), 3), 1);  // the primary's count (2 of 3) is authoritative again
  EXPECT_FALSE(insured->degraded());
  EXPECT_EQ(switches.load(), 2);
}

TEST(rate_limit_options, bad_configurations_are_refused_up_front) {
  EXPECT_THROW(rate_limit({.limits = {}}), std::invalid_argument);
  EXPECT_THROW(rate_limit({.limits = {{0, 1000ms}}}), std::invalid_argument);
  EXPECT_THROW(rate_limit({.key = by_ip({.trusted_proxies = {"10.0.0.0/40"}})}), std::invalid_argument);
  EXPECT_THROW(rate_limit({.stage = http::hook_kind::on_send}), std::invalid_argument);
  EXPECT_EQ(detail::policy_header({per_second(10), {100, 1500ms}}), "10;w=1, 100;w=2");
}

}  // namespace
}  // namespace strata::ratelimit
