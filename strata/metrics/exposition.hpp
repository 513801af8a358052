// exposition: the text formats Prometheus scrapes: the Prometheus text format 0.0.4 and
// OpenMetrics 1.0.0, chosen from the scraper's Accept header.
#pragma once
#include <strata/metrics/snapshot.hpp>

#include <span>
#include <string>
#include <string_view>

namespace strata::metrics {

enum class exposition_format {
  prometheus,   // text/plain; version=0.0.4: names as registered, as prom-client writes them
  openmetrics,  // counters' families lose _total and their samples carry it; ends with # EOF
};

// The Content-Type of a scrape response in that format.
std::string_view content_type(exposition_format format);

// The format an Accept header prefers: OpenMetrics 1.0.0 when it is acceptable with a q at least
// as high as the text format's, else the text format (also for an empty or unusable header, so a
// browser or curl gets something readable instead of a 406).
exposition_format negotiate(std::string_view accept);

std::string render(std::span<const family_snapshot> families, exposition_format format);

}  // namespace strata::metrics
