// family_base: what every metric family shares: name, help, label names, and the children by
// label values. Looking a child up takes the family's mutex, which is why callers keep the child
// handles they use often; the child's own updates are lock-free.
#pragma once
#include <strata/metrics/snapshot.hpp>

#include <chrono>
#include <memory>
#include <mutex>
#include <span>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace strata::metrics::detail {

struct child_base {
  virtual ~child_base() = default;
};

struct family_info {
  std::string name;
  std::string help;
  metric_type type = metric_type::gauge;
  std::vector<std::string> label_names;
  std::vector<double> bounds;            // histogram buckets, summary quantiles
  std::chrono::milliseconds max_age{0};  // summary window
  unsigned age_buckets = 0;              // summary window
  bool operator==(const family_info&) const = default;
};

class family_base {
public:
  // Validates the name, help and label names; throws std::invalid_argument.
  explicit family_base(family_info info);
  virtual ~family_base();
  family_base(const family_base&) = delete;
  family_base& operator=(const family_base&) = delete;

  const family_info& info() const { return info_; }

  // The child for these label values, created on first use; it lives as long as the family.
  // Throws std::invalid_argument when the number of values differs from the label names.
  child_base& child(std::span<const std::string_view> values);
  // The only child of a family without labels (std::logic_error when it has labels).
  child_base& unlabelled() const;

  family_snapshot collect() const;
  // Zeroes every child; children (and the handles to them) stay valid.
  void reset();

protected:
  // Called by the derived constructor, once the virtual functions below work.
  void init();
  virtual std::unique_ptr<child_base> make_child() const = 0;
  virtual void snapshot(const child_base& c, child_snapshot& out) const = 0;
  virtual void zero(child_base& c) const = 0;

private:
  struct key_hash {
    using is_transparent = void;
    std::size_t operator()(std::string_view s) const { return std::hash<std::string_view>{}(s); }
  };

  family_info info_;
  mutable std::mutex mutex_;
  // Insertion order, which is the exposition order (as in prom-client).
  std::vector<std::pair<std::vector<std::string>, std::unique_ptr<child_base>>> children_;
  std::unordered_map<std::string, child_base*, key_hash, std::equal_to<>> index_;
  child_base* unlabelled_ = nullptr;
};

// The families of the four types; defined beside each type.
std::shared_ptr<family_base> make_counter_family(family_info info);
std::shared_ptr<family_base> make_gauge_family(family_info info);
std::shared_ptr<family_base> make_histogram_family(family_info info);
std::shared_ptr<family_base> make_summary_family(family_info info);

bool valid_utf8(std::string_view s);
// Names in the Prometheus data model.
bool valid_metric_name(std::string_view name);
bool valid_label_name(std::string_view name);

}  // namespace strata::metrics::detail
