// summary: quantiles of recent observations (prom-client's Summary): the window is max_age long
// and slides in age_buckets steps, so an observation stops counting between
// max_age * (age_buckets - 1) / age_buckets and max_age after it was made. _sum and _count cover
// all time. Prefer a histogram when series from several instances must be aggregated.
#pragma once
#include <strata/metrics/detail/handle.hpp>

#include <chrono>
#include <cstdint>
#include <string>
#include <vector>

namespace strata::metrics {

struct summary_options {
  std::string name;
  std::string help;
  std::vector<std::string> label_names;                                         // "quantile" is reserved
  std::vector<double> percentiles = {0.01, 0.05, 0.5, 0.9, 0.95, 0.99, 0.999};  // each in [0, 1]
  std::chrono::milliseconds max_age = std::chrono::seconds(600);
  unsigned age_buckets = 5;
};

// One series of a summary. Cheap to copy; valid as long as its family is.
class summary_child {
public:
  summary_child() = default;
  // Takes the calling thread's shard lock, which only a scrape ever contends for. Each age bucket
  // keeps at most a few thousand samples per series (a uniform reservoir beyond that), so memory
  // stays bounded whatever the rate; quantiles are exact below that.
  void observe(double value) const;
  void observe_since(std::chrono::steady_clock::time_point start) const;
  // The window's quantile (NaN when the window is empty).
  double quantile(double q) const;
  std::uint64_t count() const;
  double sum() const;

private:
  template <class>
  friend class detail::family_handle;
  explicit summary_child(detail::child_base* c) : cell_(c) {}
  detail::child_base* cell_ = nullptr;
};

class summary : public detail::family_handle<summary_child> {
public:
  summary() = default;
  // The unlabelled series (std::logic_error when the summary has labels).
  void observe(double value) const { unlabelled().observe(value); }
  void observe_since(std::chrono::steady_clock::time_point start) const { unlabelled().observe_since(start); }

private:
  friend class registry;
  explicit summary(std::shared_ptr<detail::family_base> f) : family_handle(std::move(f)) {}
};

}  // namespace strata::metrics
