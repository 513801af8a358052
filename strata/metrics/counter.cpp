// counter: one sharded double per series.
#include <strata/metrics/counter.hpp>
#include <strata/metrics/detail/family.hpp>
#include <strata/metrics/detail/shards.hpp>

#include <stdexcept>

namespace strata::metrics {

namespace detail {
namespace {

struct counter_cell : child_base {
  sharded_cells cells{1};
};

class counter_family : public family_base {
public:
  explicit counter_family(family_info info) : family_base(std::move(info)) { init(); }

private:
  std::unique_ptr<child_base> make_child() const override { return std::make_unique<counter_cell>(); }
  void snapshot(const child_base& c, child_snapshot& out) const override {
    out.value = static_cast<const counter_cell&>(c).cells.total_double(0);
  }
  void zero(child_base& c) const override { static_cast<counter_cell&>(c).cells.clear(); }
};

}  // namespace

std::shared_ptr<family_base> make_counter_family(family_info info) {
  info.type = metric_type::counter;
  return std::make_shared<counter_family>(std::move(info));
}

}  // namespace detail

void counter_child::inc(double amount) const {
  if (!(amount >= 0)) throw std::invalid_argument("metrics: a counter cannot be decreased");
  static_cast<detail::counter_cell*>(cell_)->cells.add_double(0, amount);
}

double counter_child::value() const {
  return static_cast<detail::counter_cell*>(cell_)->cells.total_double(0);
}

}  // namespace strata::metrics
