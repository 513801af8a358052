// Parser for PostgreSQL array literals (the array_out format): elements separated by commas,
// double-quoted when they hold special characters, backslash escapes, unquoted NULL for null.
#include <strata/sql/detail/pg_array.hpp>

namespace strata::sql::detail {
namespace {

bool is_space(char c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

bool iequals_null(std::string_view s) {
  return s.size() == 4 && (s[0] | 0x20) == 'n' && (s[1] | 0x20) == 'u' && (s[2] | 0x20) == 'l' && (s[3] | 0x20) == 'l';
}

}  // namespace

std::optional<std::vector<std::optional<std::string>>> parse_pg_array(std::string_view s) {
  std::size_t pos = 0;
  // Arrays with bounds other than 1 carry a '[lo:hi]=' prefix.
  if (!s.empty() && s[0] == '[') {
    pos = s.find('=');
    if (pos == std::string_view::npos) return std::nullopt;
    ++pos;
  }
  if (pos >= s.size() || s[pos] != '{') return std::nullopt;
  ++pos;
  std::vector<std::optional<std::string>> out;
  while (pos < s.size() && is_space(s[pos])) ++pos;
  if (pos < s.size() && s[pos] == '}') {
    ++pos;
  } else {
    for (;;) {
      while (pos < s.size() && is_space(s[pos])) ++pos;
      if (pos >= s.size() || s[pos] == '{') return std::nullopt;  // truncated, or multi-dimensional
      std::string element;
      bool quoted = false;
      if (s[pos] == '"') {
        quoted = true;
        ++pos;
        for (;;) {
          if (pos >= s.size()) return std::nullopt;
          const char c = s[pos++];
          if (c == '"') break;
          if (c == '\\') {
            if (pos >= s.size()) return std::nullopt;
            element.push_back(s[pos++]);
          } else {
            element.push_back(c);
          }
        }
        while (pos < s.size() && is_space(s[pos])) ++pos;
      } else {
        std::size_t last_kept = 0;  // unquoted elements lose trailing spaces, but not escaped ones
        while (pos < s.size() && s[pos] != ',' && s[pos] != '}') {
          char c = s[pos++];
          if (c == '"' || c == '{') return std::nullopt;
          if (c == '\\') {
            if (pos >= s.size()) return std::nullopt;
            c = s[pos++];
            element.push_back(c);
            last_kept = element.size();
            continue;
          }
          element.push_back(c);
          if (!is_space(c)) last_kept = element.size();
        }
        element.resize(last_kept);
        if (element.empty()) return std::nullopt;
      }
      if (!quoted && iequals_null(element))
        out.emplace_back(std::nullopt);
      else
        out.emplace_back(std::move(element));
      if (pos >= s.size()) return std::nullopt;
      if (s[pos] == ',') {
        ++pos;
        continue;
      }
      if (s[pos] == '}') {
        ++pos;
        break;
      }
      return std::nullopt;
    }
  }
  while (pos < s.size() && is_space(s[pos])) ++pos;
  if (pos != s.size()) return std::nullopt;
  return out;
}

}  // namespace strata::sql::detail
