// family_handle: what the four family types share: labels(...) lookups and reset(). A handle is a
// shared pointer to its family, so plugins and timers can keep a family alive without the registry.
#pragma once
#include <strata/metrics/snapshot.hpp>

#include <initializer_list>
#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace strata::metrics {
class registry;
}

namespace strata::metrics::detail {

class family_base;
struct child_base;

// family_base's interface for handles, so that public headers need not see its definition.
child_base& family_child(family_base& f, std::span<const std::string_view> values);
child_base& family_unlabelled(const family_base& f);
const std::string& family_name(const family_base& f);
void family_reset(family_base& f);
family_snapshot family_collect(const family_base& f);

template <class Child>
class family_handle {
public:
  family_handle() = default;

  // The series for these label values (in label_names order), created on first use. Keep the
  // result: the lookup takes the family's mutex, the child's updates do not.
  Child labels(std::initializer_list<std::string_view> values) const {
    return labels(std::span<const std::string_view>(values.begin(), values.size()));
  }
  Child labels(std::span<const std::string_view> values) const { return Child(&family_child(*family_, values)); }
  Child labels(const std::vector<std::string>& values) const {
    std::vector<std::string_view> views(values.begin(), values.end());
    return labels(std::span<const std::string_view>(views));
  }

  const std::string& name() const { return family_name(*family_); }
  // Zeroes every series; handles stay valid.
  void reset() const { family_reset(*family_); }
  // Every series' current values, as a scrape sees them.
  family_snapshot collect() const { return family_collect(*family_); }
  explicit operator bool() const { return static_cast<bool>(family_); }

protected:
  friend class strata::metrics::registry;
  explicit family_handle(std::shared_ptr<family_base> f) : family_(std::move(f)) {}
  Child unlabelled() const { return Child(&family_unlabelled(*family_)); }
  std::shared_ptr<family_base> family_;
};

}  // namespace strata::metrics::detail
