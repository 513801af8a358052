// Format checks, written to the RFCs the 2020-12 specification names (3339 for dates and times,
// 5321 for email, 1123 for hostnames, 3986 for URIs, 4122 for UUIDs, 6901 for JSON pointers).
// The idn-* and iri formats use the ASCII rules plus any non-ASCII byte: a lenient subset.
#include <strata/schema/detail/formats.hpp>
#include <strata/schema/detail/regex.hpp>
#include <string>

namespace strata::schema::detail {

namespace {

bool digit(char c) {
  return c >= '0' && c <= '9';
}
bool alpha(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}
bool hexdig(char c) {
  return digit(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
}

// n digits at s[i..], as a number; -1 when they are not all digits.
int digits(std::string_view s, std::size_t i, std::size_t n) {
  if (i + n > s.size()) return -1;
  int v = 0;
  for (std::size_t k = i; k < i + n; ++k) {
    if (!digit(s[k])) return -1;
    v = v * 10 + (s[k] - '0');
  }
  return v;
}

bool leap(int y) {
  return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

bool full_date(std::string_view s) {
  if (s.size() != 10 || s[4] != '-' || s[7] != '-') return false;
  int y = digits(s, 0, 4), m = digits(s, 5, 2), d = digits(s, 8, 2);
  if (y < 0 || m < 1 || m > 12 || d < 1) return false;
  static constexpr int days[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  return d <= days[m - 1] + (m == 2 && leap(y) ? 1 : 0);
}

// RFC 3339 full-time: hh:mm:ss[.frac](Z|±hh:mm); a leap second only at 23:59:60 UTC.
bool full_time(std::string_view s) {
  if (s.size() < 9 || s[2] != ':' || s[5] != ':') return false;
  int h = digits(s, 0, 2), m = digits(s, 3, 2), sec = digits(s, 6, 2);
  if (h < 0 || h > 23 || m < 0 || m > 59 || sec < 0 || sec > 60) return false;
  std::size_t i = 8;
  if (i < s.size() && s[i] == '.') {
    std::size_t start = ++i;
    while (i < s.size() && digit(s[i])) ++i;
    if (i == start) return false;
  }
  if (i >= s.size()) return false;
  int off = 0;
  if (s[i] == 'Z' || s[i] == 'z') {
    if (i + 1 != s.size()) return false;
  } else if (s[i] == '+' || s[i] == '-') {
    if (s.size() - i != 6 || s[i + 3] != ':') return false;
    int oh = digits(s, i + 1, 2), om = digits(s, i + 4, 2);
    if (oh < 0 || oh > 23 || om < 0 || om > 59) return false;
    off = (oh * 60 + om) * (s[i] == '+' ? 1 : -1);
  } else {
    return false;
  }
  if (sec == 60) {
    int utc = ((h * 60 + m - off) % 1440 + 1440) % 1440;
    if (utc != 23 * 60 + 59) return false;
  }
  return true;
}

bool date_time(std::string_view s) {
  if (s.size() < 11 || (s[10] != 'T' && s[10] != 't')) return false;
  return full_date(s.substr(0, 10)) && full_time(s.substr(11));
}

// ISO 8601 durations as RFC 3339 appendix A: P[nY][nM][nD][T[nH][nM][nS]] or PnW, where the
// units present are consecutive (P1Y2D and PT1H2S are not durations).
bool duration(std::string_view s) {
  if (s.size() < 2 || s[0] != 'P') return false;
  if (s.back() == 'W') {
    for (std::size_t k = 1; k + 1 < s.size(); ++k)
      if (!digit(s[k])) return false;
    return s.size() > 2;
  }
  std::size_t i = 1;
  // The number of units read, or -1; they must follow one another in `units`.
  auto units = [&](std::string_view order) {
    int count = 0;
    std::size_t next = std::string_view::npos;
    while (i < s.size() && digit(s[i])) {
      while (i < s.size() && digit(s[i])) ++i;
      if (i >= s.size()) return -1;
      auto u = order.find(s[i]);
      if (u == std::string_view::npos || (next != std::string_view::npos && u != next)) return -1;
      next = u + 1;
      ++i;
      ++count;
    }
    return count;
  };
  int date_units = units("YMD");
  if (date_units < 0) return false;
  if (i == s.size()) return date_units > 0;
  if (s[i] != 'T') return false;
  ++i;
  return units("HMS") > 0 && i == s.size();
}

bool hostname(std::string_view s) {
  if (s.empty() || s.size() > 253) return false;
  std::size_t start = 0;
  while (true) {
    auto dot = s.find('.', start);
    auto label = s.substr(start, dot == std::string_view::npos ? std::string_view::npos : dot - start);
    if (label.empty() || label.size() > 63 || label.front() == '-' || label.back() == '-') return false;
    for (char c : label)
      if (!alpha(c) && !digit(c) && c != '-') return false;
    // Hyphens in positions 3 and 4 are reserved for A-labels ("xn--").
    if (label.size() >= 4 && label[2] == '-' && label[3] == '-' &&
        !(label.starts_with("xn") || label.starts_with("XN")))
      return false;
    if (dot == std::string_view::npos) break;
    start = dot + 1;
  }
  return true;
}

bool ipv4(std::string_view s) {
  int parts = 0;
  std::size_t i = 0;
  while (true) {
    std::size_t start = i;
    int v = 0;
    while (i < s.size() && digit(s[i]) && i - start < 3) v = v * 10 + (s[i++] - '0');
    if (i == start || v > 255 || (i - start > 1 && s[start] == '0')) return false;
    ++parts;
    if (i == s.size()) break;
    if (s[i] != '.' || parts == 4) return false;
    ++i;
  }
  return parts == 4;
}

bool ipv6(std::string_view s) {
  if (s.empty()) return false;
  int groups = 0;
  bool compressed = false;
  std::size_t i = 0;
  if (s.starts_with("::")) {
    compressed = true;
    i = 2;
    if (i == s.size()) return true;
  } else if (s[0] == ':') {
    return false;
  }
  while (i < s.size()) {
    std::size_t start = i;
    while (i < s.size() && hexdig(s[i]) && i - start < 5) ++i;
    if (i < s.size() && s[i] == '.') {  // an embedded IPv4 address ends the address
      if (!ipv4(s.substr(start))) return false;
      groups += 2;
      i = s.size();
      break;
    }
    if (i == start || i - start > 4) return false;
    ++groups;
    if (i == s.size()) break;
    if (s[i] != ':') return false;
    ++i;
    if (i < s.size() && s[i] == ':') {
      if (compressed) return false;
      compressed = true;
      ++i;
      if (i == s.size()) break;
    } else if (i == s.size()) {
      return false;
    }
  }
  return compressed ? groups < 8 : groups == 8;
}

bool email(std::string_view s, bool idn) {
  auto at = s.rfind('@');
  if (at == std::string_view::npos || at == 0 || at + 1 == s.size()) return false;
  auto local = s.substr(0, at), domain = s.substr(at + 1);
  if (local.size() >= 2 && local.front() == '"' && local.back() == '"') {
    // quoted local part
  } else {
    if (local.front() == '.' || local.back() == '.' || local.find("..") != std::string_view::npos) return false;
    for (char c : local) {
      if (alpha(c) || digit(c) || std::string_view("!#$%&'*+-/=?^_`{|}~.").find(c) != std::string_view::npos) continue;
      if (idn && static_cast<unsigned char>(c) >= 0x80) continue;
      return false;
    }
  }
  if (domain.front() == '[' && domain.back() == ']') {
    auto inner = domain.substr(1, domain.size() - 2);
    if (inner.starts_with("IPv6:")) return ipv6(inner.substr(5));
    return ipv4(inner);
  }
  if (idn) {
    for (char c : domain)
      if (static_cast<unsigned char>(c) >= 0x80) return true;
  }
  return hostname(domain);
}

bool unreserved_or_sub(char c) {
  return alpha(c) || digit(c) || std::string_view("-._~!$&'()*+,;=").find(c) != std::string_view::npos;
}

// The characters of a URI component, with percent escapes checked; `extra` adds allowed ones.
bool uri_chars(std::string_view s, std::string_view extra, bool iri) {
  for (std::size_t i = 0; i < s.size(); ++i) {
    char c = s[i];
    if (c == '%') {
      if (i + 2 >= s.size() || !hexdig(s[i + 1]) || !hexdig(s[i + 2])) return false;
      i += 2;
    } else if (!unreserved_or_sub(c) && extra.find(c) == std::string_view::npos &&
               !(iri && static_cast<unsigned char>(c) >= 0x80)) {
      return false;
    }
  }
  return true;
}

bool uri_reference(std::string_view s, bool need_scheme, bool iri) {
  auto u_hash = s.find('#');
  auto frag = u_hash == std::string_view::npos ? std::string_view{} : s.substr(u_hash + 1);
  auto rest = s.substr(0, u_hash);
  if (!uri_chars(frag, ":@/?", iri)) return false;
  auto q = rest.find('?');
  if (q != std::string_view::npos) {
    if (!uri_chars(rest.substr(q + 1), ":@/?", iri)) return false;
    rest = rest.substr(0, q);
  }
  auto colon = rest.find(':');
  auto slash = rest.find('/');
  bool has_scheme = colon != std::string_view::npos && (slash == std::string_view::npos || colon < slash) && colon > 0;
  if (has_scheme) {
    if (!alpha(rest[0])) return false;
    for (std::size_t k = 1; k < colon; ++k)
      if (!alpha(rest[k]) && !digit(rest[k]) && rest[k] != '+' && rest[k] != '-' && rest[k] != '.') return false;
    rest = rest.substr(colon + 1);
  } else if (need_scheme) {
    return false;
  }
  if (rest.starts_with("//")) {
    rest = rest.substr(2);
    auto end = rest.find('/');
    auto authority = rest.substr(0, end);
    rest = end == std::string_view::npos ? std::string_view{} : rest.substr(end);
    auto at = authority.rfind('@');
    if (at != std::string_view::npos) {
      if (!uri_chars(authority.substr(0, at), ":", iri)) return false;
      authority = authority.substr(at + 1);
    }
    if (authority.starts_with("[")) {
      auto close = authority.find(']');
      if (close == std::string_view::npos) return false;
      auto literal = authority.substr(1, close - 1);
      if (!literal.empty() && (literal[0] == 'v' || literal[0] == 'V')) {  // IPvFuture
        auto dot = literal.find('.');
        if (dot == std::string_view::npos || dot < 2 || dot + 1 == literal.size()) return false;
        for (char c : literal.substr(1, dot - 1))
          if (!hexdig(c)) return false;
        if (!uri_chars(literal.substr(dot + 1), ":", false)) return false;
      } else if (!ipv6(literal)) {
        return false;
      }
      authority = authority.substr(close + 1);
      if (!authority.empty() && authority[0] != ':') return false;
    }
    auto port = authority.find(':');
    if (port != std::string_view::npos) {
      for (char c : authority.substr(port + 1))
        if (!digit(c)) return false;
      authority = authority.substr(0, port);
    }
    if (!uri_chars(authority, "", iri)) return false;
  } else if (!has_scheme) {
    // A relative path's first segment may not hold a colon (it would read as a scheme).
    auto first = rest.substr(0, rest.find('/'));
    if (first.find(':') != std::string_view::npos) return false;
  }
  return uri_chars(rest, ":@/", iri);
}

bool uuid(std::string_view s) {
  if (s.size() != 36) return false;
  for (std::size_t i = 0; i < 36; ++i) {
    if (i == 8 || i == 13 || i == 18 || i == 23) {
      if (s[i] != '-') return false;
    } else if (!hexdig(s[i])) {
      return false;
    }
  }
  return true;
}

bool json_pointer(std::string_view s) {
  if (s.empty()) return true;
  if (s[0] != '/') return false;
  for (std::size_t i = 0; i < s.size(); ++i)
    if (s[i] == '~' && (i + 1 == s.size() || (s[i + 1] != '0' && s[i + 1] != '1'))) return false;
  return true;
}

bool relative_json_pointer(std::string_view s) {
  std::size_t i = 0;
  while (i < s.size() && digit(s[i])) ++i;
  if (i == 0 || (i > 1 && s[0] == '0')) return false;
  auto rest = s.substr(i);
  if (rest == "#") return true;
  // An index adjustment (+n / -n) may follow the prefix.
  if (!rest.empty() && (rest[0] == '+' || rest[0] == '-')) {
    std::size_t k = 1;
    while (k < rest.size() && digit(rest[k])) ++k;
    if (k == 1 || (k > 2 && rest[1] == '0')) return false;
    rest = rest.substr(k);
  }
  return json_pointer(rest);
}

// RFC 6570: literals, and expressions of an optional operator and varspecs (name, then a
// prefix ":1".."9999" or an explode "*"), comma-separated.
bool uri_template(std::string_view s) {
  for (std::size_t i = 0; i < s.size(); ++i) {
    auto c = static_cast<unsigned char>(s[i]);
    if (c == '}') return false;
    if (c != '{') {
      if (c <= 0x20 || c == 0x7f || std::string_view("\"<>\\^`|").find(static_cast<char>(c)) != std::string_view::npos)
        return false;
      if (c == '%' && (i + 2 >= s.size() || !hexdig(s[i + 1]) || !hexdig(s[i + 2]))) return false;
      continue;
    }
    auto close = s.find('}', i);
    if (close == std::string_view::npos) return false;
    auto expr = s.substr(i + 1, close - i - 1);
    i = close;
    if (!expr.empty() && std::string_view("+#./;?&=,!@|").find(expr[0]) != std::string_view::npos) {
      if (std::string_view("=,!@|").find(expr[0]) != std::string_view::npos) return false;  // reserved
      expr.remove_prefix(1);
    }
    if (expr.empty()) return false;
    std::size_t start = 0;
    while (true) {
      auto comma = expr.find(',', start);
      auto spec = expr.substr(start, comma == std::string_view::npos ? std::string_view::npos : comma - start);
      std::size_t k = 0;
      bool dot_ok = false;
      while (k < spec.size()) {
        char v = spec[k];
        if (alpha(v) || digit(v) || v == '_') {
          ++k;
          dot_ok = true;
        } else if (v == '%' && k + 2 < spec.size() && hexdig(spec[k + 1]) && hexdig(spec[k + 2])) {
          k += 3;
          dot_ok = true;
        } else if (v == '.' && dot_ok && k + 1 < spec.size() && spec[k + 1] != '.') {
          ++k;
          dot_ok = false;
        } else {
          break;
        }
      }
      if (k == 0 || spec[k - 1] == '.') return false;
      auto mod = spec.substr(k);
      if (mod == "*") {
      } else if (!mod.empty()) {
        if (mod[0] != ':' || mod.size() < 2 || mod.size() > 5 || mod[1] == '0') return false;
        for (char d : mod.substr(1))
          if (!digit(d)) return false;
      }
      if (comma == std::string_view::npos) break;
      start = comma + 1;
    }
  }
  return true;
}

}  // namespace

format format_of(std::string_view n) {
  struct entry {
    std::string_view name;
    format f;
  };
  static constexpr entry table[] = {
      {"date-time", format::date_time},
      {"date", format::date},
      {"time", format::time},
      {"duration", format::duration},
      {"email", format::email},
      {"idn-email", format::idn_email},
      {"hostname", format::hostname},
      {"idn-hostname", format::idn_hostname},
      {"ipv4", format::ipv4},
      {"ipv6", format::ipv6},
      {"uri", format::uri},
      {"uri-reference", format::uri_reference},
      {"iri", format::iri},
      {"iri-reference", format::iri_reference},
      {"uri-template", format::uri_template},
      {"uuid", format::uuid},
      {"regex", format::regex},
      {"json-pointer", format::json_pointer},
      {"relative-json-pointer", format::relative_json_pointer},
  };
  for (const auto& e : table)
    if (e.name == n) return e.f;
  return format::unknown;
}

bool check_format(format f, std::string_view s) {
  switch (f) {
    case format::unknown:
      return true;
    case format::date_time:
      return date_time(s);
    case format::date:
      return full_date(s);
    case format::time:
      return full_time(s);
    case format::duration:
      return duration(s);
    case format::email:
      return email(s, false);
    case format::idn_email:
      return email(s, true);
    case format::hostname:
      return hostname(s);
    case format::idn_hostname: {
      for (char c : s)
        if (static_cast<unsigned char>(c) >= 0x80) return s.size() <= 253;
      return hostname(s);
    }
    case format::ipv4:
      return ipv4(s);
    case format::ipv6:
      return ipv6(s);
    case format::uri:
      return uri_reference(s, true, false);
    case format::uri_reference:
      return uri_reference(s, false, false);
    case format::iri:
      return uri_reference(s, true, true);
    case format::iri_reference:
      return uri_reference(s, false, true);
    case format::uri_template:
      return uri_template(s);
    case format::uuid:
      return uuid(s);
    case format::regex: {
      std::string error;
      return regex::compile(s, error) != nullptr;
    }
    case format::json_pointer:
      return json_pointer(s);
    case format::relative_json_pointer:
      return relative_json_pointer(s);
  }
  return true;
}

}  // namespace strata::schema::detail
