// registry: the metrics one /metrics endpoint exposes (prom-client's Registry). It is a handle:
// copies share the same metrics, so plugins and timers can hold one safely.
//   metrics::registry reg;
//   auto jobs = reg.counter({.name = "jobs_total", .help = "Jobs run.", .label_names = {"queue"}});
//   std::string text = reg.expose(metrics::exposition_format::prometheus);
#pragma once
#include <strata/metrics/counter.hpp>
#include <strata/metrics/exposition.hpp>
#include <strata/metrics/gauge.hpp>
#include <strata/metrics/histogram.hpp>
#include <strata/metrics/snapshot.hpp>
#include <strata/metrics/summary.hpp>

#include <functional>
#include <memory>
#include <string>
#include <vector>

namespace strata::metrics {

namespace detail {
struct registry_state;
}

// Appends families whose values are read at scrape time (process metrics, pool sizes).
using collector = std::function<void(std::vector<family_snapshot>& out)>;

class registry {
public:
  registry();

  // Registers a family, or returns the one already registered under that name when its
  // definition (type, help, labels, buckets) is the same; so a plugin applied twice shares its
  // metrics. Throws std::invalid_argument for a bad name or label, or a conflicting definition.
  metrics::counter counter(counter_options options);
  metrics::gauge gauge(gauge_options options);
  metrics::histogram histogram(histogram_options options);
  metrics::summary summary(summary_options options);

  // Adds a collector, or replaces the one registered with the same id.
  void add_collector(std::string id, collector fn);

  // Every family, in registration order (collectors in theirs).
  std::vector<family_snapshot> collect() const;
  std::string expose(exposition_format format = exposition_format::prometheus) const;

  // Zeroes every registered family (tests); handles stay valid.
  void reset();

private:
  std::shared_ptr<detail::registry_state> state_;
};

}  // namespace strata::metrics
