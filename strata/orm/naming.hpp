// Default names for models: the C++ type's own name, snake_cased and pluralised into a table name
// (blog_post -> blog_posts, BlogPost -> blog_posts, category -> categories).
#pragma once
#include <string>
#include <string_view>

namespace strata::orm {

// "BlogPost" -> "blog_post"; already snake_case names are unchanged.
std::string snake_case(std::string_view name);
// English plural of a snake_case name's last word: box -> boxes, category -> categories, user -> users.
std::string pluralize(std::string_view name);

namespace detail {

// The unqualified name of T ("app::user" -> "user"), read from the compiler's function signature,
// since Boost.Describe does not record a struct's own name.
template <class T>
constexpr std::string_view type_name() {
  std::string_view s = __PRETTY_FUNCTION__;  // "... type_name() [with T = app::user; ...]" (GCC) or "[T = app::user]" (Clang)
  auto start = s.find("T = ");
  if (start == std::string_view::npos) return {};
  start += 4;
  auto end = s.find_first_of(";]", start);
  s = s.substr(start, end - start);
  // Drop template arguments, then the namespaces.
  if (auto lt = s.find('<'); lt != std::string_view::npos) s = s.substr(0, lt);
  if (auto colon = s.rfind("::"); colon != std::string_view::npos) s = s.substr(colon + 2);
  return s;
}

}  // namespace detail
}  // namespace strata::orm
