// The text half of the JSON conversion: RFC 3339 time points, integer ranges, error messages.
#include <chrono>
#include <cmath>
#include <cstdio>
#include <strata/schema/detail/convert.hpp>
#include <strata/schema/detail/uri.hpp>

namespace strata::schema::detail {

namespace {

std::string_view kind_name(const boost::json::value& v) {
  switch (v.kind()) {
    case boost::json::kind::null:
      return "null";
    case boost::json::kind::bool_:
      return "boolean";
    case boost::json::kind::string:
      return "string";
    case boost::json::kind::array:
      return "array";
    case boost::json::kind::object:
      return "object";
    default:
      return "number";
  }
}

bool digits(std::string_view s, std::size_t at, std::size_t n, int& out) {
  if (at + n > s.size()) return false;
  out = 0;
  for (std::size_t i = at; i < at + n; ++i) {
    if (s[i] < '0' || s[i] > '9') return false;
    out = out * 10 + (s[i] - '0');
  }
  return true;
}

bool civil_days(int y, int m, int d, std::int64_t& days) {
  const std::chrono::year_month_day ymd{std::chrono::year(y), std::chrono::month(static_cast<unsigned>(m)),
                                        std::chrono::day(static_cast<unsigned>(d))};
  if (!ymd.ok()) return false;
  days = std::chrono::sys_days(ymd).time_since_epoch().count();
  return true;
}

}  // namespace

void conversion_failed(std::string_view expected, const boost::json::value& got) {
  throw conversion_error("", "expected " + std::string(expected) + ", got " + std::string(kind_name(got)));
}

void rethrow_under(const conversion_error& e, std::string_view key) {
  throw conversion_error("/" + pointer_escape(key) + e.pointer(), e.message());
}

void rethrow_under(const conversion_error& e, std::size_t index) {
  throw conversion_error("/" + std::to_string(index) + e.pointer(), e.message());
}

bool integer_of(const boost::json::value& v, std::int64_t lo, std::uint64_t hi, std::int64_t& as_signed,
                std::uint64_t& as_unsigned) {
  if (v.is_int64()) {
    const std::int64_t x = v.get_int64();
    if (x < lo || (x >= 0 && static_cast<std::uint64_t>(x) > hi)) return false;
    as_signed = x;
    as_unsigned = static_cast<std::uint64_t>(x);
    return true;
  }
  if (v.is_uint64()) {
    const std::uint64_t x = v.get_uint64();
    if (x > hi) return false;
    as_signed = static_cast<std::int64_t>(x);
    as_unsigned = x;
    return true;
  }
  if (v.is_double()) {  // 1.0 is an integer in JSON Schema
    const double d = v.get_double();
    if (!std::isfinite(d) || std::floor(d) != d || d < -9.2e18 || d > 1.8e19) return false;
    if (d < 0) {
      boost::json::value i = static_cast<std::int64_t>(d);
      return integer_of(i, lo, hi, as_signed, as_unsigned);
    }
    boost::json::value u = static_cast<std::uint64_t>(d);
    return integer_of(u, lo, hi, as_signed, as_unsigned);
  }
  return false;
}

std::string format_date(std::int64_t days) {
  const std::chrono::year_month_day ymd{std::chrono::sys_days(std::chrono::days(days))};
  char buf[32];
  std::snprintf(buf, sizeof buf, "%04d-%02u-%02u", static_cast<int>(ymd.year()), static_cast<unsigned>(ymd.month()),
                static_cast<unsigned>(ymd.day()));
  return buf;
}

std::string format_time(std::int64_t seconds, std::int64_t fraction, int digit_count) {
  const std::int64_t day = seconds >= 0 ? seconds / 86400 : (seconds - 86399) / 86400;
  const std::int64_t rest = seconds - day * 86400;
  std::string out = format_date(day);
  char buf[48];
  std::snprintf(buf, sizeof buf, "T%02d:%02d:%02d", static_cast<int>(rest / 3600), static_cast<int>(rest / 60 % 60),
                static_cast<int>(rest % 60));
  out += buf;
  if (fraction > 0 && digit_count > 0) {
    std::snprintf(buf, sizeof buf, ".%0*lld", digit_count > 9 ? 9 : digit_count, static_cast<long long>(fraction));
    out += buf;
  }
  out += 'Z';
  return out;
}

bool parse_date(std::string_view s, std::int64_t& days) {
  int y = 0, m = 0, d = 0;
  if (s.size() != 10 || s[4] != '-' || s[7] != '-') return false;
  if (!digits(s, 0, 4, y) || !digits(s, 5, 2, m) || !digits(s, 8, 2, d)) return false;
  return civil_days(y, m, d, days);
}

bool parse_time(std::string_view s, std::int64_t& seconds, std::int64_t& nanos) {
  std::int64_t days = 0;
  if (s.size() < 20 || !parse_date(s.substr(0, 10), days)) return false;
  if (s[10] != 'T' && s[10] != 't' && s[10] != ' ') return false;
  int hh = 0, mm = 0, ss = 0;
  if (!digits(s, 11, 2, hh) || s[13] != ':' || !digits(s, 14, 2, mm) || s[16] != ':' || !digits(s, 17, 2, ss))
    return false;
  if (hh > 23 || mm > 59 || ss > 60) return false;  // 60: a leap second
  std::size_t i = 19;
  nanos = 0;
  if (i < s.size() && s[i] == '.') {
    ++i;
    int n = 0;
    std::int64_t scale = 100000000;
    for (; i < s.size() && s[i] >= '0' && s[i] <= '9'; ++i, ++n) {
      nanos += (s[i] - '0') * scale;
      scale /= 10;
    }
    if (n == 0) return false;
  }
  std::int64_t offset = 0;
  if (i < s.size() && (s[i] == 'Z' || s[i] == 'z')) {
    ++i;
  } else if (i < s.size() && (s[i] == '+' || s[i] == '-')) {
    int oh = 0, om = 0;
    if (!digits(s, i + 1, 2, oh) || i + 3 >= s.size() || s[i + 3] != ':' || !digits(s, i + 4, 2, om) || oh > 23 ||
        om > 59)
      return false;
    offset = (s[i] == '+' ? 1 : -1) * (oh * 3600 + om * 60);
    i += 6;
  } else {
    return false;
  }
  if (i != s.size()) return false;
  seconds = days * 86400 + hh * 3600 + mm * 60 + ss - offset;
  return true;
}

}  // namespace strata::schema::detail
