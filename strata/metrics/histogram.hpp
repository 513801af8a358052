// histogram: observations counted into buckets (request durations, sizes), prom-client's
// Histogram. Exposed as cumulative _bucket{le=...} series, +Inf included, with _sum and _count.
#pragma once
#include <strata/metrics/detail/handle.hpp>

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

namespace strata::metrics {

// prom-client's defaults, in seconds: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10].
std::vector<double> default_buckets();
// start, start + width, ... (count bounds).
std::vector<double> linear_buckets(double start, double width, std::size_t count);
// start, start * factor, ... (count bounds).
std::vector<double> exponential_buckets(double start, double factor, std::size_t count);

struct histogram_options {
  std::string name;
  std::string help;
  std::vector<std::string> label_names;  // "le" is reserved
  // Upper bounds, strictly increasing; +Inf is implied (a trailing +Inf is dropped).
  std::vector<double> buckets = default_buckets();
};

// One series of a histogram. Cheap to copy; valid as long as its family is.
class histogram_child {
public:
  histogram_child() = default;
  // Lock-free: the bucket's count and the sum, in the calling thread's shard. NaN counts in +Inf.
  void observe(double value) const;
  // Observes the seconds elapsed since `start`.
  void observe_since(std::chrono::steady_clock::time_point start) const;
  std::uint64_t count() const;
  double sum() const;

private:
  template <class>
  friend class detail::family_handle;
  explicit histogram_child(detail::child_base* c) : cell_(c) {}
  detail::child_base* cell_ = nullptr;
};

class histogram : public detail::family_handle<histogram_child> {
public:
  histogram() = default;
  // The unlabelled series (std::logic_error when the histogram has labels).
  void observe(double value) const { unlabelled().observe(value); }
  void observe_since(std::chrono::steady_clock::time_point start) const { unlabelled().observe_since(start); }

private:
  friend class registry;
  explicit histogram(std::shared_ptr<detail::family_base> f) : family_handle(std::move(f)) {}
};

}  // namespace strata::metrics
