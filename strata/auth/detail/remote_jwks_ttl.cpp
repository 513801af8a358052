// jwks_ttl: Cache-Control directives read the tolerant way caches read them (case-insensitive
// names, optional quotes, unknown directives ignored).
#include <algorithm>
#include <optional>
#include <strata/auth/detail/remote_jwks_ttl.hpp>
#include <string_view>

namespace strata::auth::detail {
namespace {

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

bool iequals(std::string_view a, std::string_view b) {
  return std::equal(a.begin(), a.end(), b.begin(), b.end(), [](char x, char y) {
    return (x >= 'A' && x <= 'Z' ? x + 32 : x) == (y >= 'A' && y <= 'Z' ? y + 32 : y);
  });
}

// Digits only; nullopt otherwise. Capped: a year is as good as forever here.
std::optional<long long> seconds(std::string_view v) {
  v = trim(v);
  if (v.size() >= 2 && v.front() == '"' && v.back() == '"') v = v.substr(1, v.size() - 2);
  if (v.empty()) return std::nullopt;
  long long n = 0;
  for (char c : v) {
    if (c < '0' || c > '9') return std::nullopt;
    n = std::min<long long>(n * 10 + (c - '0'), 365LL * 24 * 3600);
  }
  return n;
}

}  // namespace

std::chrono::milliseconds jwks_ttl(const http::client_response& answer, const jwt::remote_jwks_options& o) {
  std::optional<long long> max_age;
  bool no_cache = false;
  for (std::string_view cc : answer.header_values("cache-control")) {
    while (!cc.empty()) {
      const auto comma = cc.find(',');
      std::string_view directive = trim(cc.substr(0, comma));
      cc = comma == std::string_view::npos ? std::string_view() : cc.substr(comma + 1);
      const auto eq = directive.find('=');
      const std::string_view name = trim(directive.substr(0, eq));
      if (iequals(name, "no-store") || iequals(name, "no-cache")) no_cache = true;
      if (iequals(name, "max-age") && eq != std::string_view::npos) {
        if (auto n = seconds(directive.substr(eq + 1))) max_age = n;
      }
    }
  }
  std::chrono::milliseconds ttl = o.default_ttl;
  if (no_cache) {
    ttl = std::chrono::milliseconds::zero();
  } else if (max_age) {
    long long age = 0;
    if (auto a = answer.header("age")) age = seconds(*a).value_or(0);
    ttl = std::chrono::seconds(std::max<long long>(*max_age - age, 0));
  }
  return std::clamp(ttl, o.min_ttl, std::max(o.min_ttl, o.max_ttl));
}

}  // namespace strata::auth::detail
