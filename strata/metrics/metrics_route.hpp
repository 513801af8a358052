// metrics_route: the scrape endpoint, as srv.use(metrics::metrics_route(reg)). GET /metrics
// answers in OpenMetrics 1.0.0 or the Prometheus text format 0.0.4, whichever the Accept header
// prefers (see negotiate()).
#pragma once
#include <strata/http/middleware.hpp>
#include <strata/metrics/registry.hpp>

#include <string>

namespace strata::metrics {

struct metrics_route_options {
  std::string path = "/metrics";
  bool hidden = true;  // left out of generated API docs
};

http::plugin_fn metrics_route(registry& reg, metrics_route_options options = {});

}  // namespace strata::metrics
