// Converting sql::param values into PostgreSQL's text input syntax (bytea as binary): ISO
// timestamps in UTC, 't'/'f', array literals with every string element quoted.
#include <boost/json/serialize.hpp>
#include <charconv>
#include <cmath>
#include <cstdio>
#include <limits>
#include <strata/sql/error.hpp>
#include <strata/sql/postgres/detail/encode_params.hpp>

namespace strata::sql::postgres::detail {

namespace {

void check_no_nul(std::string_view s) {
  if (s.find('\0') != s.npos)
    throw sql::error("22021", "a text parameter holds a NUL byte, which PostgreSQL text cannot store");
}

void append_int(std::string& out, std::int64_t v) {
  char buf[24];
  auto r = std::to_chars(buf, buf + sizeof buf, v);
  out.append(buf, r.ptr);
}

// Shortest text that reads back to the same double; PostgreSQL's spellings for the specials.
void append_double(std::string& out, double v, bool in_array) {
  if (std::isnan(v)) {
    out += in_array ? "\"NaN\"" : "NaN";
  } else if (std::isinf(v)) {
    out += v > 0 ? (in_array ? "\"Infinity\"" : "Infinity") : (in_array ? "\"-Infinity\"" : "-Infinity");
  } else {
    char buf[32];
    auto r = std::to_chars(buf, buf + sizeof buf, v);
    out.append(buf, r.ptr);
  }
}

// PostgreSQL writes years before 1 as "N BC" (there is no year 0: 0 is 1 BC).
void append_date(std::string& out, std::chrono::year_month_day ymd, std::string& suffix) {
  int y = static_cast<int>(ymd.year());
  if (y <= 0) {
    y = 1 - y;
    suffix = " BC";
  }
  char buf[32];
  int n = std::snprintf(buf, sizeof buf, "%04d-%02u-%02u", y, static_cast<unsigned>(ymd.month()),
                        static_cast<unsigned>(ymd.day()));
  out.append(buf, static_cast<std::size_t>(n));
}

void append_timestamp(std::string& out, timestamp t) {
  using namespace std::chrono;
  auto day = floor<days>(t);
  auto since_midnight = t - day;  // non-negative, also before 1970
  std::string suffix;
  append_date(out, year_month_day(day), suffix);
  auto us = since_midnight.count();
  char buf[40];
  int n = std::snprintf(buf, sizeof buf, " %02lld:%02lld:%02lld.%06lld+00", static_cast<long long>(us / 3600000000),
                        static_cast<long long>(us / 60000000 % 60), static_cast<long long>(us / 1000000 % 60),
                        static_cast<long long>(us % 1000000));
  out.append(buf, static_cast<std::size_t>(n));
  out += suffix;
}

// An array element in double quotes, with the two characters that need it backslash-escaped:
// quoted, no string (not even "NULL" or one with braces or commas) is read as anything but itself.
void append_quoted(std::string& out, std::string_view s) {
  check_no_nul(s);
  out += '"';
  for (char c : s) {
    if (c == '"' || c == '\\') out += '\\';
    out += c;
  }
  out += '"';
}

template <class T, class F>
std::string array_literal(const std::vector<T>& items, F append_item) {
  std::string out = "{";
  bool first = true;
  for (const auto& v : items) {
    if (!first) out += ',';
    first = false;
    append_item(out, v);
  }
  out += '}';
  return out;
}

struct text_encoder {
  std::string operator()(std::monostate) const { return {}; }
  std::string operator()(bool v) const { return v ? "t" : "f"; }
  std::string operator()(std::int64_t v) const {
    std::string s;
    append_int(s, v);
    return s;
  }
  std::string operator()(double v) const {
    std::string s;
    append_double(s, v, false);
    return s;
  }
  std::string operator()(const std::string& v) const {
    check_no_nul(v);
    return v;
  }
  std::string operator()(const bytes& v) const {
    return std::string(reinterpret_cast<const char*>(v.data()), v.size());
  }
  std::string operator()(const boost::json::value& v) const { return boost::json::serialize(v); }
  std::string operator()(timestamp v) const {
    std::string s;
    append_timestamp(s, v);
    return s;
  }
  std::string operator()(date v) const {
    std::string s, suffix;
    append_date(s, std::chrono::year_month_day(v), suffix);
    return s + suffix;
  }
  std::string operator()(const uuid& v) const { return v.to_string(); }
  std::string operator()(const numeric& v) const {
    check_no_nul(v.text);
    return v.text;
  }
  std::string operator()(const std::vector<std::int64_t>& v) const { return array_literal(v, append_int); }
  std::string operator()(const std::vector<double>& v) const {
    return array_literal(v, [](std::string& out, double d) { append_double(out, d, true); });
  }
  std::string operator()(const std::vector<std::string>& v) const {
    return array_literal(v, [](std::string& out, const std::string& s) { append_quoted(out, s); });
  }
  std::string operator()(const std::vector<bool>& v) const {
    return array_literal(v, [](std::string& out, bool b) { out += b ? 't' : 'f'; });
  }
};

}  // namespace

std::string encode_text(const param& p) {
  return std::visit(text_encoder{}, p);
}

std::string encoded_params::type_signature() const {
  std::string sig(types.size(), '-');
  for (std::size_t i = 0; i < types.size(); ++i)
    if (types[i] == bytea_oid) sig[i] = 'b';
  return sig;
}

encoded_params encode_params(std::span<const param> params) {
  encoded_params e;
  std::size_t n = params.size();
  e.storage.reserve(n);  // values point into storage: it must never reallocate
  e.values.resize(n, nullptr);
  e.lengths.resize(n, 0);
  e.formats.resize(n, 0);
  e.types.resize(n, 0);
  for (std::size_t i = 0; i < n; ++i) {
    const param& p = params[i];
    if (std::holds_alternative<std::monostate>(p)) continue;  // NULL: a null pointer
    if (const auto* b = std::get_if<bytes>(&p)) {
      if (b->size() > static_cast<std::size_t>(std::numeric_limits<int>::max()))
        throw sql::error("54000", "a bytea parameter is larger than PostgreSQL accepts");
      // Binary: the bytes themselves, no copy. An empty bytea still needs a non-null pointer.
      e.values[i] = b->empty() ? "" : reinterpret_cast<const char*>(b->data());
      e.lengths[i] = static_cast<int>(b->size());
      e.formats[i] = 1;
      e.types[i] = bytea_oid;
      continue;
    }
    e.storage.push_back(encode_text(p));
    e.values[i] = e.storage.back().c_str();
    e.lengths[i] = static_cast<int>(e.storage.back().size());
  }
  return e;
}

}  // namespace strata::sql::postgres::detail
