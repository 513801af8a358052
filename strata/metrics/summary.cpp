// summary: per series and thread shard, a ring of age buckets each holding the samples of its
// time slot (a slot is max_age / age_buckets long and is cleared when its turn comes round again).
// Quantiles merge the live slots of every shard at scrape time.
#include <strata/metrics/detail/family.hpp>
#include <strata/metrics/detail/shards.hpp>
#include <strata/metrics/summary.hpp>

#include <algorithm>
#include <cmath>
#include <limits>
#include <mutex>
#include <stdexcept>
#include <utility>

namespace strata::metrics {

namespace detail {
namespace {

using clock = std::chrono::steady_clock;

struct age_slot {
  std::int64_t epoch = std::numeric_limits<std::int64_t>::min();
  std::uint64_t seen = 0;       // observations in this slot, retained or not
  std::vector<double> samples;  // all of them up to the cap, then a uniform reservoir
};

// 128 bytes apart, not 64: see sharded_cells (the L2 prefetcher pairs neighbouring lines).
struct alignas(128) summary_shard {
  std::mutex mutex;
  std::vector<age_slot> slots;
  double sum = 0;
  std::uint64_t count = 0;
  std::uint64_t rng = 0;
};

// Samples kept per slot and shard: about 4096 per slot over all shards.
std::size_t slot_capacity() {
  return std::max<std::size_t>(128, 4096 / shard_count());
}

struct summary_cell : child_base {
  explicit summary_cell(const family_info& i)
      : info(i), slot_length(clock::duration(i.max_age) / i.age_buckets), shards(new summary_shard[shard_count()]) {
    for (std::size_t s = 0; s < shard_count(); ++s) {
      shards[s].slots.resize(i.age_buckets);
      shards[s].rng = ((0x9E3779B97F4A7C15ull * (s + 1)) ^ reinterpret_cast<std::uintptr_t>(this)) | 1;  // never 0
    }
  }

  std::int64_t epoch_now() const { return clock::now().time_since_epoch() / slot_length; }

  void observe(double v) {
    auto& sh = shards[shard_index()];
    const std::int64_t e = epoch_now();
    std::lock_guard lock(sh.mutex);
    auto& slot = sh.slots[static_cast<std::size_t>(e % static_cast<std::int64_t>(info.age_buckets))];
    if (slot.epoch != e) {  // the slot's turn came round again: its old samples have aged out
      slot.epoch = e;
      slot.seen = 0;
      slot.samples.clear();
    }
    ++slot.seen;
    if (slot.samples.size() < slot_capacity()) {
      slot.samples.push_back(v);
    } else {  // Algorithm R: each of the `seen` observations is kept with equal probability
      sh.rng ^= sh.rng << 13;
      sh.rng ^= sh.rng >> 7;
      sh.rng ^= sh.rng << 17;
      std::uint64_t j = sh.rng % slot.seen;
      if (j < slot.samples.size()) slot.samples[j] = v;
    }
    sh.sum += v;
    ++sh.count;
  }

  // The live samples with their weights (observations each retained sample stands for), sorted.
  std::vector<std::pair<double, double>> window() const {
    std::vector<std::pair<double, double>> out;
    const std::int64_t e = epoch_now();
    for (std::size_t s = 0; s < shard_count(); ++s) {
      std::lock_guard lock(shards[s].mutex);
      for (const auto& slot : shards[s].slots) {
        if (slot.samples.empty() || slot.epoch <= e - static_cast<std::int64_t>(info.age_buckets)) continue;
        double w = static_cast<double>(slot.seen) / static_cast<double>(slot.samples.size());
        for (double v : slot.samples) out.emplace_back(v, w);
      }
    }
    std::sort(out.begin(), out.end());
    return out;
  }

  // Nearest rank: the smallest sample whose cumulative weight reaches q of the total.
  static double quantile(const std::vector<std::pair<double, double>>& w, double total, double q) {
    if (w.empty()) return std::numeric_limits<double>::quiet_NaN();
    const double target = q * total * (1 - 1e-12);
    double acc = 0;
    for (const auto& [v, weight] : w) {
      acc += weight;
      if (acc >= target) return v;
    }
    return w.back().first;
  }

  static double total_weight(const std::vector<std::pair<double, double>>& w) {
    double t = 0;
    for (const auto& p : w) t += p.second;
    return t;
  }

  std::pair<double, std::uint64_t> totals() const {
    double sum = 0;
    std::uint64_t count = 0;
    for (std::size_t s = 0; s < shard_count(); ++s) {
      std::lock_guard lock(shards[s].mutex);
      sum += shards[s].sum;
      count += shards[s].count;
    }
    return {sum, count};
  }

  void clear() {
    for (std::size_t s = 0; s < shard_count(); ++s) {
      std::lock_guard lock(shards[s].mutex);
      for (auto& slot : shards[s].slots) slot = age_slot{};
      shards[s].sum = 0;
      shards[s].count = 0;
    }
  }

  const family_info& info;
  const clock::duration slot_length;
  std::unique_ptr<summary_shard[]> shards;
};

class summary_family : public family_base {
public:
  explicit summary_family(family_info info) : family_base(std::move(info)) { init(); }

private:
  std::unique_ptr<child_base> make_child() const override { return std::make_unique<summary_cell>(info()); }
  void snapshot(const child_base& c, child_snapshot& out) const override {
    const auto& s = static_cast<const summary_cell&>(c);
    auto w = s.window();
    double total = summary_cell::total_weight(w);
    for (double q : info().bounds) out.quantiles.push_back(summary_cell::quantile(w, total, q));
    std::tie(out.sum, out.count) = s.totals();
  }
  void zero(child_base& c) const override { static_cast<summary_cell&>(c).clear(); }
};

}  // namespace

std::shared_ptr<family_base> make_summary_family(family_info info) {
  info.type = metric_type::summary;
  for (double q : info.bounds)
    if (!(q >= 0 && q <= 1)) throw std::invalid_argument("metrics: " + info.name + ": percentiles must be in [0, 1]");
  std::sort(info.bounds.begin(), info.bounds.end());
  info.bounds.erase(std::unique(info.bounds.begin(), info.bounds.end()), info.bounds.end());
  if (info.age_buckets == 0 || info.max_age.count() <= 0 ||
      clock::duration(info.max_age) / info.age_buckets <= clock::duration::zero())
    throw std::invalid_argument("metrics: " + info.name + ": max_age and age_buckets must be positive");
  return std::make_shared<summary_family>(std::move(info));
}

}  // namespace detail

namespace {
detail::summary_cell& cell(detail::child_base* c) {
  return *static_cast<detail::summary_cell*>(c);
}
}  // namespace

void summary_child::observe(double value) const {
  cell(cell_).observe(value);
}

void summary_child::observe_since(std::chrono::steady_clock::time_point start) const {
  observe(std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count());
}

double summary_child::quantile(double q) const {
  auto w = cell(cell_).window();
  return detail::summary_cell::quantile(w, detail::summary_cell::total_weight(w), q);
}

std::uint64_t summary_child::count() const {
  return cell(cell_).totals().second;
}
double summary_child::sum() const {
  return cell(cell_).totals().first;
}

}  // namespace strata::metrics
