// Cache-Control parsing: comma-separated directives, names case-insensitive, values optionally
// quoted. Only the directives a shared cache acts on are kept.
#include <strata/cache/detail/cache_control.hpp>

#include <strata/http/parser.hpp>

#include <algorithm>
#include <charconv>
#include <cstdint>

namespace strata::cache::detail {

namespace {

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

std::chrono::seconds parse_age(std::string_view v) {
  if (v.size() >= 2 && v.front() == '"' && v.back() == '"') v = v.substr(1, v.size() - 2);
  std::int64_t n = 0;
  auto [end, ec] = std::from_chars(v.data(), v.data() + v.size(), n);
  if (ec == std::errc::result_out_of_range && end == v.data() + v.size()) return std::chrono::seconds(INT32_MAX);
  if (ec != std::errc() || end != v.data() + v.size() || n < 0 || v.empty()) return std::chrono::seconds(0);
  return std::chrono::seconds(std::min<std::int64_t>(n, INT32_MAX));  // RFC 9111 1.2.2: 2^31 is "infinity"
}

}  // namespace

cache_directives parse_cache_control(std::string_view header) {
  cache_directives d;
  while (!header.empty()) {
    auto comma = header.find(',');
    auto item = trim(header.substr(0, comma));
    header = comma == std::string_view::npos ? std::string_view() : header.substr(comma + 1);
    auto eq = item.find('=');
    auto name = trim(item.substr(0, eq));
    auto value = eq == std::string_view::npos ? std::string_view() : trim(item.substr(eq + 1));
    if (http::iequals(name, "no-store")) d.no_store = true;
    else if (http::iequals(name, "no-cache")) d.no_cache = true;
    else if (http::iequals(name, "private")) d.private_ = true;
    else if (http::iequals(name, "max-age")) d.max_age = parse_age(value);
    else if (http::iequals(name, "s-maxage")) d.s_maxage = parse_age(value);
  }
  return d;
}

}  // namespace strata::cache::detail
