// Helpers for collectors.
#include <strata/metrics/snapshot.hpp>

namespace strata::metrics {

family_snapshot single_value(std::string name, std::string help, metric_type type, double value) {
  family_snapshot f;
  f.name = std::move(name);
  f.help = std::move(help);
  f.type = type;
  f.children.emplace_back().value = value;
  return f;
}

}  // namespace strata::metrics
