// gauge: one atomic double per series.
#include <strata/metrics/detail/family.hpp>
#include <strata/metrics/gauge.hpp>

#include <atomic>
#include <chrono>

namespace strata::metrics {

namespace detail {
namespace {

struct gauge_cell : child_base {
  std::atomic<double> value{0};
};

class gauge_family : public family_base {
public:
  explicit gauge_family(family_info info) : family_base(std::move(info)) { init(); }

private:
  std::unique_ptr<child_base> make_child() const override { return std::make_unique<gauge_cell>(); }
  void snapshot(const child_base& c, child_snapshot& out) const override {
    out.value = static_cast<const gauge_cell&>(c).value.load(std::memory_order_relaxed);
  }
  void zero(child_base& c) const override { static_cast<gauge_cell&>(c).value.store(0, std::memory_order_relaxed); }
};

gauge_cell& cell(child_base* c) {
  return *static_cast<gauge_cell*>(c);
}

}  // namespace

std::shared_ptr<family_base> make_gauge_family(family_info info) {
  info.type = metric_type::gauge;
  return std::make_shared<gauge_family>(std::move(info));
}

}  // namespace detail

void gauge_child::set(double value) const {
  detail::cell(cell_).value.store(value, std::memory_order_relaxed);
}
void gauge_child::inc(double amount) const {
  detail::cell(cell_).value.fetch_add(amount, std::memory_order_relaxed);
}
double gauge_child::value() const {
  return detail::cell(cell_).value.load(std::memory_order_relaxed);
}

void gauge_child::set_to_current_time() const {
  auto now = std::chrono::system_clock::now().time_since_epoch();
  set(std::chrono::duration<double>(now).count());
}

}  // namespace strata::metrics
