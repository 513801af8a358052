// snapshot: the values of metric families at one scrape, the input of the exposition formats.
// Collectors (registry::add_collector) produce these directly for values read at scrape time.
#pragma once
#include <cstdint>
#include <string>
#include <vector>

namespace strata::metrics {

enum class metric_type { counter, gauge, histogram, summary };

// One labelled series (or, for histograms and summaries, one group of series).
struct child_snapshot {
  std::vector<std::string> label_values;  // in the family's label_names order
  double value = 0;                       // counter, gauge
  std::vector<std::uint64_t> buckets;     // histogram: cumulative per bound, then +Inf
  std::vector<double> quantiles;          // summary: one value per family bound (NaN when empty)
  double sum = 0;                         // histogram, summary
  std::uint64_t count = 0;                // histogram, summary
};

struct family_snapshot {
  std::string name;  // as registered; counters ending in _total are handled per format
  std::string help;
  metric_type type = metric_type::gauge;
  std::vector<std::string> label_names;
  std::vector<double> bounds;  // histogram upper bounds without +Inf, or summary quantiles
  std::vector<child_snapshot> children;
};

// A family with one unlabelled series: what most collectors produce.
family_snapshot single_value(std::string name, std::string help, metric_type type, double value);

}  // namespace strata::metrics
