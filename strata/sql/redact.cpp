// Hides passwords in database URLs (see detail/redact.hpp).
#include <strata/sql/detail/redact.hpp>

namespace strata::sql::detail {

std::string redact_url(std::string_view url) {
  std::string out(url);
  // scheme://user:password@host/...
  if (const auto scheme_end = out.find("://"); scheme_end != std::string::npos) {
    const auto start = scheme_end + 3;
    const auto end = out.find_first_of("/?#", start);
    const auto at = out.rfind('@', end == std::string::npos ? out.size() : end);
    if (at != std::string::npos && at > start) {
      const auto colon = out.find(':', start);
      if (colon != std::string::npos && colon < at) out.replace(colon + 1, at - colon - 1, "***");
    }
  }
  // ...?password=secret&...
  for (std::size_t pos = 0; (pos = out.find("password=", pos)) != std::string::npos;) {
    const bool parameter = pos > 0 && (out[pos - 1] == '?' || out[pos - 1] == '&' || out[pos - 1] == ' ');
    pos += 9;
    if (!parameter) continue;
    const auto end = out.find_first_of("& ", pos);
    out.replace(pos, (end == std::string::npos ? out.size() : end) - pos, "***");
  }
  return out;
}

}  // namespace strata::sql::detail
