// The request metrics plugin. Per request: two request locals (start time, in-flight mark), one
// lookup in a per-thread cache of series, three lock-free updates. The cache is what keeps the
// family's lookup mutex off the hot path.
#include <strata/metrics/http_metrics.hpp>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <type_traits>
#include <unordered_map>
#include <utility>

namespace strata::metrics {

namespace {

using clock = std::chrono::steady_clock;

struct plugin_state {
  std::uint64_t id = 0;  // unique per plugin instance: part of the per-thread cache key
  counter requests;
  histogram duration;
  gauge in_flight;
  gauge_child live;
  std::string unmatched;
  std::vector<std::string> exclude;
  // Request-local keys, short enough for std::string's small buffer (no allocation per request)
  // and distinct per instance, so two instances on one server do not share a timer.
  std::string start_key, mark_key;

  bool excluded(std::string_view route) const {
    return !exclude.empty() && !route.empty() && std::find(exclude.begin(), exclude.end(), route) != exclude.end();
  }
};

// One unit of http_requests_in_flight, from on_request until on_response. A request dropped
// without a response (the client went away mid-body) ends without on_response; destroying the
// request locals then gives the unit back, so the gauge cannot drift upwards.
// One pointer wide, so std::any stores it in place instead of allocating.
class in_flight_mark {
public:
  explicit in_flight_mark(const gauge_child* g) : g_(g) { g_->inc(); }
  // std::any requires copies; a copy is one more request in flight (it never happens in practice).
  in_flight_mark(const in_flight_mark& o) : g_(o.g_) {
    if (g_) g_->inc();
  }
  in_flight_mark(in_flight_mark&& o) noexcept : g_(std::exchange(o.g_, nullptr)) {}
  in_flight_mark& operator=(const in_flight_mark&) = delete;
  ~in_flight_mark() { release(); }
  void release() {
    if (g_) std::exchange(g_, nullptr)->dec();
  }

private:
  const gauge_child* g_;
};

// What the comments above promise: both request locals fit std::any's in-place buffer.
static_assert(sizeof(in_flight_mark) <= sizeof(void*) && std::is_nothrow_move_constructible_v<in_flight_mark>);
static_assert(sizeof(clock::time_point) <= sizeof(void*) && std::is_nothrow_move_constructible_v<clock::time_point>);

struct series {
  counter_child requests;
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
  // Keys are bounded: routes x standard methods x status codes, per plugin instance.
  thread_local std::unordered_map<series_key, series, series_key_hash> cache;
  if (auto it = cache.find(key); it != cache.end()) return it->second;
  // A non-standard method is only named when a route accepted it (so the set is the app's own).
  std::string_view method = key.method == http::method::other && !key.route ? "other" : req.method_text();
  std::string code = std::to_string(status);
  std::string_view route_label = key.route ? route : std::string_view(st.unmatched);
  std::string_view labels[] = {method, route_label, code};
  series s{st.requests.labels(std::span<const std::string_view>(labels)),
           st.duration.labels(std::span<const std::string_view>(labels))};
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
  st->requests = reg.counter({.name = options.prefix + "http_requests_total",
                              .help = "Total number of HTTP requests, by method, route pattern and status code.",
                              .label_names = labels});
  st->duration =
      reg.histogram({.name = options.prefix + "http_request_duration_seconds",
                     .help = "Duration of HTTP requests in seconds, by method, route pattern and status code.",
                     .label_names = labels,
                     .buckets = std::move(options.buckets)});
  st->in_flight =
      reg.gauge({.name = options.prefix + "http_requests_in_flight", .help = "Number of HTTP requests being served."});
  st->live = st->in_flight.labels({});
  st->unmatched = std::move(options.unmatched_route);
  st->exclude = std::move(options.exclude_routes);
  st->start_key = "sm" + std::to_string(st->id % 100000) + ".t";
  st->mark_key = "sm" + std::to_string(st->id % 100000) + ".f";

  return [st](http::scope& s) {
    s.on_request([st](http::request& req, http::response&) {
      if (st->excluded(req.route_pattern())) return;
      req.set(st->start_key, clock::now());
      req.set(st->mark_key, in_flight_mark(&st->live));
    });
    s.on_response([st](http::request& req, http::response& res) {
      if (st->excluded(req.route_pattern())) return;
      series m = lookup(*st, req, res.status());
      m.requests.inc();
      if (auto* start = req.get<clock::time_point>(st->start_key)) m.duration.observe_since(*start);
      if (auto* mark = req.get<in_flight_mark>(st->mark_key)) mark->release();
    });
  };
}

}  // namespace strata::metrics
