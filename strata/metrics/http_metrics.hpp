// http_metrics: request metrics for a server, as srv.use(metrics::http_metrics(reg)) (the
// express-prom-bundle / fastify-metrics of Strata):
//   http_requests_total{method,route,status_code}             counter
//   http_request_duration_seconds{method,route,status_code}   histogram
//   http_requests_in_flight                                   gauge
// The route label is the route's pattern ("/users/:id"), never the URL, so series stay bounded.
// Requests no route matched (404, 405) get route="not_found"; methods outside the standard set on
// such requests get method="other", so stray traffic cannot create series without end.
#pragma once
#include <strata/http/middleware.hpp>
#include <strata/metrics/histogram.hpp>
#include <strata/metrics/registry.hpp>

#include <string>
#include <vector>

namespace strata::metrics {

struct http_metrics_options {
  std::string prefix;                               // prepended to the three names
  std::vector<double> buckets = default_buckets();  // of the duration histogram, in seconds
  std::string unmatched_route = "not_found";        // route label of requests no route matched
  std::vector<std::string> exclude_routes;          // patterns not measured, e.g. {"/metrics"}
};

// Apply with srv.use() and before other hooks, so that the duration covers them. The duration runs
// from on_request (head parsed, body not yet read) to on_response (response queued for writing).
// A request answered before this plugin's on_request hook ran (an earlier hook answered it) is
// counted but has no duration. The registry may be destroyed before the server: the plugin keeps
// its families alive.
http::plugin_fn http_metrics(registry& reg, http_metrics_options options = {});

}  // namespace strata::metrics
