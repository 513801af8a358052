// default_metrics: prom-client's collectDefaultMetrics for a Strata process: CPU time, memory,
// file descriptors and start time, under prom-client's names, read when scraped.
#pragma once
#include <strata/metrics/registry.hpp>

#include <string>

namespace strata::metrics {

struct default_metrics_options {
  std::string prefix;  // prepended to every name, as prom-client's `prefix`
};

// Adds the collector (once per registry; calling again replaces it):
//   process_cpu_user_seconds_total, process_cpu_system_seconds_total, process_cpu_seconds_total,
//   process_resident_memory_bytes, process_virtual_memory_bytes, process_open_fds,
//   process_max_fds, process_start_time_seconds.
// Values that cannot be read (no /proc) are left out rather than reported as 0.
void collect_default_metrics(registry& reg, default_metrics_options options = {});

}  // namespace strata::metrics
