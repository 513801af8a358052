// histogram: per series, sharded cells for each bucket's own count (not cumulative, so an
// observation touches one bucket), one for +Inf and one for the sum. Scrapes make them cumulative.
#include <strata/metrics/detail/family.hpp>
#include <strata/metrics/detail/shards.hpp>
#include <strata/metrics/histogram.hpp>

#include <algorithm>
#include <cmath>
#include <stdexcept>

namespace strata::metrics {

std::vector<double> default_buckets() {
  return {0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10};
}

std::vector<double> linear_buckets(double start, double width, std::size_t count) {
  if (!(width > 0)) throw std::invalid_argument("metrics: linear_buckets needs a positive width");
  std::vector<double> b(count);
  for (std::size_t i = 0; i < count; ++i) b[i] = start + width * static_cast<double>(i);
  return b;
}

std::vector<double> exponential_buckets(double start, double factor, std::size_t count) {
  if (!(start > 0) || !(factor > 1))
    throw std::invalid_argument("metrics: exponential_buckets needs start > 0 and factor > 1");
  std::vector<double> b(count);
  double v = start;
  for (std::size_t i = 0; i < count; ++i, v *= factor) b[i] = v;
  return b;
}

namespace detail {
namespace {

struct histogram_cell : child_base {
  // bounds.size() bucket cells, then +Inf, then the sum.
  explicit histogram_cell(const std::vector<double>& b) : bounds(b), cells(b.size() + 2) {}
  const std::vector<double>& bounds;
  sharded_cells cells;
};

class histogram_family : public family_base {
public:
  explicit histogram_family(family_info info) : family_base(std::move(info)) { init(); }

private:
  std::unique_ptr<child_base> make_child() const override { return std::make_unique<histogram_cell>(info().bounds); }
  void snapshot(const child_base& c, child_snapshot& out) const override {
    const auto& h = static_cast<const histogram_cell&>(c);
    const std::size_t n = h.bounds.size();
    out.buckets.resize(n + 1);
    std::uint64_t running = 0;
    for (std::size_t i = 0; i <= n; ++i) out.buckets[i] = running += h.cells.total(i);
    // _count is the +Inf bucket, so the two always agree even while observations land mid-scrape.
    out.count = running;
    out.sum = h.cells.total_double(n + 1);
  }
  void zero(child_base& c) const override { static_cast<histogram_cell&>(c).cells.clear(); }
};

std::vector<double> checked_bounds(std::vector<double> b, const std::string& name) {
  if (!b.empty() && std::isinf(b.back()) && b.back() > 0) b.pop_back();
  for (std::size_t i = 0; i < b.size(); ++i) {
    if (!std::isfinite(b[i])) throw std::invalid_argument("metrics: " + name + ": bucket bounds must be finite");
    if (i > 0 && !(b[i - 1] < b[i]))
      throw std::invalid_argument("metrics: " + name + ": bucket bounds must be strictly increasing");
  }
  return b;
}

}  // namespace

std::shared_ptr<family_base> make_histogram_family(family_info info) {
  info.type = metric_type::histogram;
  info.bounds = checked_bounds(std::move(info.bounds), info.name);
  return std::make_shared<histogram_family>(std::move(info));
}

}  // namespace detail

void histogram_child::observe(double value) const {
  auto& h = *static_cast<detail::histogram_cell*>(cell_);
  // The first bound >= value: Prometheus buckets are "less than or equal" (le).
  std::size_t i =
      std::isnan(value)
          ? h.bounds.size()
          : static_cast<std::size_t>(std::lower_bound(h.bounds.begin(), h.bounds.end(), value) - h.bounds.begin());
  h.cells.add(i, 1);
  h.cells.add_double(h.bounds.size() + 1, value);
}

void histogram_child::observe_since(std::chrono::steady_clock::time_point start) const {
  observe(std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count());
}

std::uint64_t histogram_child::count() const {
  auto& h = *static_cast<detail::histogram_cell*>(cell_);
  std::uint64_t n = 0;
  for (std::size_t i = 0; i <= h.bounds.size(); ++i) n += h.cells.total(i);
  return n;
}

double histogram_child::sum() const {
  auto& h = *static_cast<detail::histogram_cell*>(cell_);
  return h.cells.total_double(h.bounds.size() + 1);
}

}  // namespace strata::metrics
