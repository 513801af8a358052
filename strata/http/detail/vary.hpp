// Vary handling shared by compression and CORS: add a field name to Vary once, merging into an
// existing Vary header so caches see one list rather than duplicates.
#pragma once
#include <strata/http/parser.hpp>
#include <strata/http/response.hpp>

#include <string>
#include <string_view>

namespace strata::http::detail {

inline std::string_view trim_ows(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

// True when the comma-separated `list` holds `token` (case-insensitive, OWS ignored).
inline bool list_has_token(std::string_view list, std::string_view token) {
  while (true) {
    auto comma = list.find(',');
    if (iequals(trim_ows(list.substr(0, comma)), token)) return true;
    if (comma == std::string_view::npos) return false;
    list.remove_prefix(comma + 1);
  }
}

// Adds `field` to the response's Vary. "Vary: *" already covers everything, so it is left alone.
inline void add_vary(response& res, std::string_view field) {
  bool present = false;
  for (const auto& [name, value] : res.headers()) {
    if (!iequals(name, "Vary")) continue;
    if (list_has_token(value, field) || list_has_token(value, "*")) return;
    present = true;
  }
  if (!present) {
    res.append("Vary", field);
    return;
  }
  // response::set rewrites the first Vary line, which is where the new name joins the list.
  std::string merged(trim_ows(*res.header("Vary")));
  if (!merged.empty()) merged.append(", ");
  merged.append(field);
  res.set("Vary", merged);
}

}  // namespace strata::http::detail
