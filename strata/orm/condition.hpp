// orm::condition: a WHERE / ON / HAVING predicate, combined with && || !. A default-constructed
// condition is "no condition", so filters can be built up piece by piece:
//   orm::condition c;
//   if (q) c = c && orm::col(&user::email).ilike("%" + orm::escape_like(*q) + "%");
#pragma once
#include <strata/orm/ast.hpp>
#include <strata/sql/value.hpp>

#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace strata::orm {

class condition {
public:
  condition() = default;
  explicit condition(detail::node_ptr n) : node_(std::move(n)) {}

  const detail::node_ptr& node() const { return node_; }
  explicit operator bool() const { return node_ != nullptr; }

  friend condition operator&&(const condition& a, const condition& b) {
    return condition(detail::make_and(a.node_, b.node_));
  }
  friend condition operator||(const condition& a, const condition& b) {
    return condition(detail::make_or(a.node_, b.node_));
  }
  friend condition operator!(const condition& a) { return a.node_ ? condition(detail::make_not(a.node_)) : a; }

private:
  detail::node_ptr node_;
};

// SQL written by hand, with its own $1..$k over args; they stay parameters wherever the fragment
// lands in the statement (placeholders are renumbered). Never build the text from user input.
template <class... Args>
condition raw(std::string sql, Args&&... args) {
  using sql::to_param;
  return condition(detail::make_raw(std::move(sql), {to_param(std::forward<Args>(args))...}));
}

// A pattern matching text literally inside like()/ilike(): escapes \, % and _ with a backslash.
inline std::string escape_like(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (char c : text) {
    if (c == '\\' || c == '%' || c == '_') out += '\\';
    out += c;
  }
  return out;
}

}  // namespace strata::orm
