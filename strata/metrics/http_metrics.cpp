// The request metrics plugin. Per request: one request slot (the in-flight mark), the request's
// shared timing (req.started_at/elapsed), one lookup in a per-thread cache of series, and
// lock-free updates of the duration histogram and the in-flight count. The cache is what keeps the
// family's lookup mutex off the hot path; http_requests_total is read off the histogram.
#include <strata/http/request_slot.hpp>
#include <strata/metrics/detail/shards.hpp>
#include <strata/metrics/http_metrics.hpp>
#include <strata/metrics/snapshot.hpp>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <unordered_map>
#include <utility>

namespace strata::metrics {

namespace {

// One unit of http_requests_in_flight is added in on_request and taken back in on_response. A
// request that ends without on_response (the client went away mid-body) gives it back through the
// slot's release, so the gauge cannot drift upwards.
void leave_in_flight(detail::sharded_cells* live) { live->add(0, ~std::uint64_t{0}); }  // -1: shards sum modulo 2^64

struct plugin_state {
  std::uint64_t id = 0;  // unique per plugin instance: part of the per-thread cache key
  // http_requests_total is not a counter of its own: every request is one observation of the
  // duration histogram, so the total is that series' _count, read at scrape time. One update per
  // request fewer (a compare-and-swap on another cache line).
  histogram duration;
  // http_requests_in_flight as per-thread shards of one signed count (+1 on request, -1 when done),
  // summed at scrape time by a collector: a gauge is one atomic shared by every loop, and two
  // updates per request on a cache line that bounces between cores cost more than the rest.
  std::shared_ptr<detail::sharded_cells> live = std::make_shared<detail::sharded_cells>(1);
  std::string unmatched;
  std::vector<std::string> exclude;
  // Holds `live` on a request between on_request and on_response; one per instance, so two
  // instances on one server do not share a mark.
  http::request_slot<detail::sharded_cells> in_flight{&leave_in_flight};

  bool excluded(std::string_view route) const {
    return !exclude.empty() && !route.empty() && std::find(exclude.begin(), exclude.end(), route) != exclude.end();
  }
};

struct series {
  histogram_child duration;
};

// A route is identified by its pattern's address: routes do not move once the server runs.
struct series_key {
  std::uint64_t plugin;
  const char* route;  // nullptr: no route matched
  int status;
  http::method method;
  bool operator==(const series_key&) const = default;
};

struct series_key_hash {
  std::size_t operator()(const series_key& k) const {
    std::size_t h = std::hash<std::uint64_t>{}(k.plugin);
    h = h * 31 + std::hash<const void*>{}(k.route);
    h = h * 31 + static_cast<std::size_t>(k.status);
    return h * 31 + static_cast<std::size_t>(k.method);
  }
};

series lookup(const plugin_state& st, http::request& req, int status) {
  std::string_view route = req.route_pattern();
  series_key key{st.id, route.empty() ? nullptr : route.data(), status, req.method()};
  // The last series this thread used, checked first: consecutive requests mostly hit the same
  // route and status, and this one entry stays in cache where a hash map node often does not.
  thread_local series_key last_key{};
  thread_local series last{};
  if (key == last_key && last_key.plugin != 0) return last;
  // Keys are bounded: routes x standard methods x status codes, per plugin instance.
  thread_local std::unordered_map<series_key, series, series_key_hash> cache;
  if (auto it = cache.find(key); it != cache.end()) {
    last_key = key;
    last = it->second;
    return last;
  }
  // A non-standard method is only named when a route accepted it (so the set is the app's own).
  std::string_view method = key.method == http::method::other && !key.route ? "other" : req.method_text();
  std::string code = std::to_string(status);
  std::string_view route_label = key.route ? route : std::string_view(st.unmatched);
  std::string_view labels[] = {method, route_label, code};
  series s{st.duration.labels(std::span<const std::string_view>(labels))};
  // The text of a non-standard method is not part of the key, so those are not cached.
  if (key.method != http::method::other) cache.emplace(key, s);
  return s;
}

std::atomic<std::uint64_t> next_plugin_id{1};

}  // namespace

http::plugin_fn http_metrics(registry& reg, http_metrics_options options) {
  auto st = std::make_shared<plugin_state>();
  st->id = next_plugin_id.fetch_add(1);
  const std::vector<std::string> labels = {"method", "route", "status_code"};
  st->duration =
      reg.histogram({.name = options.prefix + "http_request_duration_seconds",
                     .help = "Duration of HTTP requests in seconds, by method, route pattern and status code.",
                     .label_names = labels,
                     .buckets = std::move(options.buckets)});
  // http_requests_total: the histogram's _count per series, read at each scrape.
  reg.add_collector("strata.http_metrics.total." + std::to_string(st->id),
                    [duration = st->duration, name = options.prefix + "http_requests_total"](
                        std::vector<family_snapshot>& out) {
                      family_snapshot durations = duration.collect();
                      family_snapshot total;
                      total.name = name;
                      total.help = "Total number of HTTP requests, by method, route pattern and status code.";
                      total.type = metric_type::counter;
                      total.label_names = std::move(durations.label_names);
                      for (auto& c : durations.children) {
                        child_snapshot t;
                        t.label_values = std::move(c.label_values);
                        t.value = static_cast<double>(c.count);
                        total.children.push_back(std::move(t));
                      }
                      out.push_back(std::move(total));
                    });
  reg.add_collector("strata.http_metrics." + std::to_string(st->id),
                    [live = st->live, name = options.prefix + "http_requests_in_flight"](std::vector<family_snapshot>& out) {
                      const auto n = static_cast<std::int64_t>(live->total(0));
                      out.push_back(single_value(name, "Number of HTTP requests being served.", metric_type::gauge,
                                                 static_cast<double>(n)));
                    });
  st->unmatched = std::move(options.unmatched_route);
  st->exclude = std::move(options.exclude_routes);

  return [st](http::scope& s) {
    s.on_request([st](http::request& req, http::response&) {
      if (st->excluded(req.route_pattern())) return;
      req.started_at();
      st->live->add(0, 1);
      st->in_flight.set(req, st->live.get());
    });
    s.on_response([st](http::request& req, http::response& res) {
      if (st->excluded(req.route_pattern())) return;
      series m = lookup(*st, req, res.status());
      // Every request is observed (it is counted in the total): one answered by an earlier
      // on_request hook, before ours started the clock, takes from now.
      req.started_at();
      m.duration.observe(std::chrono::duration<double>(*req.elapsed()).count());
      if (auto* live = st->in_flight.take(req)) leave_in_flight(live);
    });
  };
}

}  // namespace strata::metrics
