// counter: a value that only goes up (requests served, bytes sent), prom-client's Counter.
//   auto requests = reg.counter({.name = "jobs_total", .help = "Jobs run.", .label_names = {"queue"}});
//   auto emails = requests.labels({"email"});  // keep it: the lookup locks, inc() does not
//   emails.inc();
#pragma once
#include <strata/metrics/detail/handle.hpp>

#include <string>
#include <vector>

namespace strata::metrics {

struct counter_options {
  std::string name;  // "jobs_total": the _total suffix is kept as given (OpenMetrics adds it if absent)
  std::string help;
  std::vector<std::string> label_names;
};

// One series of a counter. Cheap to copy; valid as long as its family is.
class counter_child {
public:
  counter_child() = default;
  // Lock-free: a relaxed add to the calling thread's shard. Throws std::invalid_argument when
  // amount is negative or NaN (a counter never goes down).
  void inc(double amount = 1) const;
  double value() const;  // the sum over all threads' shards

private:
  template <class>
  friend class detail::family_handle;
  explicit counter_child(detail::child_base* c) : cell_(c) {}
  detail::child_base* cell_ = nullptr;
};

class counter : public detail::family_handle<counter_child> {
public:
  counter() = default;
  // The unlabelled series (std::logic_error when the counter has labels).
  void inc(double amount = 1) const { unlabelled().inc(amount); }
  double value() const { return unlabelled().value(); }

private:
  friend class registry;
  explicit counter(std::shared_ptr<detail::family_base> f) : family_handle(std::move(f)) {}
};

}  // namespace strata::metrics
