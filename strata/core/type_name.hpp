// The unqualified name of a type ("app::user" -> "user"), read from the compiler's function
// signature since Boost.Describe does not record a struct's own name. The ORM makes default
// table names of it, the schema layer default component names.
#pragma once
#include <string_view>

namespace strata {

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

}  // namespace strata
