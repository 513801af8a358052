// rate_limit: the HTTP middleware (express-rate-limit's behaviour on Strata's hooks).
//   srv.use(ratelimit::rate_limit({.limits = {per_second(10), per_hour(1000)}}));
// Every response carries RateLimit-Limit/-Remaining/-Reset and RateLimit-Policy (IETF
// draft-ietf-httpapi-ratelimit-headers); a refused request gets 429 problem+json with Retry-After.
#pragma once
#include <strata/http/middleware.hpp>
#include <strata/ratelimit/keys.hpp>
#include <strata/ratelimit/store.hpp>

#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <vector>

namespace strata::ratelimit {

// Which requests keep their count once the response is known.
enum class count_mode : std::uint8_t {
  all,              // every admitted request counts
  failed_only,      // responses < 400 are given back (express' skipSuccessfulRequests: login throttles)
  successful_only,  // responses >= 400 are given back (skipFailedRequests)
};

// What the limiter decided for one request; req.get<...>() through rate_limit_result().
struct result {
  bool allowed = true;
  decision shown;                   // the binding decision (what the headers say)
  std::vector<decision> decisions;  // one per limit, in the options' order
  std::vector<check> checks;        // the keys and costs recorded (for refunds)
  std::int64_t now_ms = 0;
};

struct rate_limit_options {
  // Namespaces the keys: two limiters with different names never share a count.
  std::string name = "rl";
  // Every limit must admit a request; e.g. {per_second(10), per_hour(1000)}.
  std::vector<limit> limits = {per_minute(60)};
  key_fn key = by_ip();
  // Default: a memory_store of its own. Share one store between limiters, or give a redis_store
  // (or an insurance_store) to count across instances.
  std::shared_ptr<ratelimit::store> store;
  // Points a request spends (default 1); 0 means the request is not counted.
  std::function<std::int64_t(http::request&)> cost;
  // True for requests the limiter leaves alone (health checks, internal callers).
  std::function<bool(http::request&)> skip;
  count_mode count = count_mode::all;
  // Answers a refused request (Retry-After and the RateLimit headers are already set; the
  // default is 429 problem+json). It must send a response.
  std::function<void(http::request&, http::response&, const result&)> on_limited;
  // Unix time in ms; injectable for tests.
  std::function<std::int64_t()> clock;
  bool headers = true;  // RateLimit-* on every response
  // When the store throws (Redis down, no insurance): true admits the request, false lets the
  // error answer it (503 problem+json).
  bool pass_on_store_error = false;
  // on_request (default) refuses before the body is read; pre_handler lets auth hooks set the
  // user first, for by_user keys.
  http::hook_kind stage = http::hook_kind::on_request;
};

http::plugin_fn rate_limit(rate_limit_options options);

// The decision for this request by the limiter named `name`; null when it did not run.
const result* rate_limit_result(http::request& req, std::string_view name = "rl");

namespace detail {
// Header values, exposed for tests.
std::string policy_header(const std::vector<limit>& limits);  // "10;w=1, 1000;w=3600"
std::int64_t seconds_up(std::int64_t ms);                     // ceil, at least 0
}  // namespace detail

}  // namespace strata::ratelimit
