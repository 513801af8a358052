// The unqualified name of a type ("app::new_user" -> "new_user"), the default component name.
// The same reading of the compiler's signature as orm::detail::type_name (the ORM's table names),
// kept here so the schema layer does not depend on the ORM.
#pragma once
#include <string_view>

namespace strata::schema::detail {

template <class T>
constexpr std::string_view type_name() {
  std::string_view s = __PRETTY_FUNCTION__;  // "... [with T = app::user; ...]" (GCC) or "[T = app::user]" (Clang)
  auto start = s.find("T = ");
  if (start == std::string_view::npos) return {};
  start += 4;
  auto end = s.find_first_of(";]", start);
  s = s.substr(start, end - start);
  if (auto lt = s.find('<'); lt != std::string_view::npos) s = s.substr(0, lt);
  if (auto colon = s.rfind("::"); colon != std::string_view::npos) s = s.substr(colon + 2);
  return s;
}

}  // namespace strata::schema::detail
