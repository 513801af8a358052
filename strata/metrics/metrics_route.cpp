// The scrape handler. It runs on a loop thread: collecting copies a few numbers per series and
// takes each family's lookup mutex briefly, which request handlers only take for new series.
#include <strata/metrics/metrics_route.hpp>

namespace strata::metrics {

http::plugin_fn metrics_route(registry& reg, metrics_route_options options) {
  return [reg, options = std::move(options)](http::scope& s) {
    http::route_options ro;
    ro.summary = "Prometheus metrics";
    ro.tags = {"metrics"};
    ro.hidden = options.hidden;
    s.get(
        options.path,
        [reg](http::request& req, http::response& res) {
          auto format = negotiate(req.header("Accept").value_or(""));
          res.type(content_type(format));
          res.send(reg.expose(format));
        },
        std::move(ro));
  };
}

}  // namespace strata::metrics
