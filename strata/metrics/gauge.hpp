// gauge: a value that goes up and down (in-flight requests, queue depth, temperature),
// prom-client's Gauge. set() is last-writer-wins, so a series is one atomic double rather than
// per-thread shards (shards cannot be set atomically).
#pragma once
#include <strata/metrics/detail/handle.hpp>

#include <string>
#include <vector>

namespace strata::metrics {

struct gauge_options {
  std::string name;
  std::string help;
  std::vector<std::string> label_names;
};

// One series of a gauge. Cheap to copy; valid as long as its family is. Lock-free.
class gauge_child {
public:
  gauge_child() = default;
  void set(double value) const;
  void inc(double amount = 1) const;
  void dec(double amount = 1) const { inc(-amount); }
  void set_to_current_time() const;  // seconds since the Unix epoch
  double value() const;

private:
  template <class>
  friend class detail::family_handle;
  explicit gauge_child(detail::child_base* c) : cell_(c) {}
  detail::child_base* cell_ = nullptr;
};

class gauge : public detail::family_handle<gauge_child> {
public:
  gauge() = default;
  // The unlabelled series (std::logic_error when the gauge has labels).
  void set(double value) const { unlabelled().set(value); }
  void inc(double amount = 1) const { unlabelled().inc(amount); }
  void dec(double amount = 1) const { unlabelled().dec(amount); }
  void set_to_current_time() const { unlabelled().set_to_current_time(); }
  double value() const { return unlabelled().value(); }

private:
  friend class registry;
  explicit gauge(std::shared_ptr<detail::family_base> f) : family_handle(std::move(f)) {}
};

}  // namespace strata::metrics
