// decode(): one cell into a C++ value. A cell is either SQLite's native storage (type_oid 0:
// integers, reals, text, blobs, with timestamps, uuids, JSON and arrays stored as text) or
// PostgreSQL's text format tagged with the column's type OID. Anything that does not fit the
// target throws sql::error 22000 naming both sides.
#include <boost/json/parse.hpp>
#include <charconv>
#include <cmath>
#include <initializer_list>
#include <limits>
#include <strata/sql/detail/pg_array.hpp>
#include <strata/sql/detail/pg_oid.hpp>
#include <strata/sql/detail/temporal.hpp>
#include <strata/sql/error.hpp>
#include <strata/sql/result.hpp>
#include <utility>

namespace strata::sql {
namespace {

namespace oid = detail::pg_oid;

std::string describe(const cell& c) {
  if (c.type_oid != 0) {
    const auto name = oid::type_name(c.type_oid);
    return "a PostgreSQL " + (name.empty() ? std::string("type ") + std::to_string(c.type_oid) : std::string(name)) +
           " value";
  }
  switch (c.k) {
    case cell::kind::null:
      return "NULL";
    case cell::kind::integer:
      return "an SQLite INTEGER value";
    case cell::kind::real:
      return "an SQLite REAL value";
    case cell::kind::text:
      return "an SQLite TEXT value";
    case cell::kind::blob:
      return "an SQLite BLOB value";
  }
  return "a value";
}

[[noreturn]] void mismatch(const cell& c, std::string_view target, std::string_view why = {}) {
  std::string message = "sql: cannot decode " + describe(c) + " into " + std::string(target);
  if (!why.empty()) message += " (" + std::string(why) + ")";
  throw error(std::string(sqlstate::data_exception), std::move(message));
}

[[noreturn]] void out_of_range(const cell& c, std::string_view target) {
  throw error("22003", "sql: " + describe(c) + " is out of range for " + std::string(target));
}

void require_value(const cell& c, std::string_view target) {
  if (c.k == cell::kind::null)
    throw error(std::string(sqlstate::data_exception),
                "sql: cannot decode NULL into " + std::string(target) + "; use std::optional for nullable columns");
}

bool is_text(const cell& c) {
  return c.k == cell::kind::text;
}
bool sqlite_text(const cell& c) {
  return c.k == cell::kind::text && c.type_oid == 0;
}
bool oid_in(const cell& c, std::initializer_list<std::uint32_t> oids) {
  for (auto o : oids)
    if (c.type_oid == o) return true;
  return false;
}
// Text the target may read: SQLite text, or PostgreSQL text of one of these types (plain text
// types always qualify, since a text column may hold any value's text form).
bool readable_text(const cell& c, std::initializer_list<std::uint32_t> oids) {
  if (!is_text(c)) return false;
  return c.type_oid == 0 || oid_in(c, oids) || oid_in(c, {oid::text, oid::varchar, oid::bpchar, oid::unknown});
}

template <class T>
bool parse_full(std::string_view s, T& out) {
  const auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), out);
  return ec == std::errc() && end == s.data() + s.size();
}

template <class T>
void decode_integer(const cell& c, T& out, std::string_view target) {
  require_value(c, target);
  if (c.k == cell::kind::integer) {
    if (!std::in_range<T>(c.integer)) out_of_range(c, target);
    out = static_cast<T>(c.integer);
    return;
  }
  if (c.k == cell::kind::real) {
    // SQLite keeps 3.0 in a REAL column; whole numbers convert, fractions do not.
    if (!std::isfinite(c.real) || std::trunc(c.real) != c.real) mismatch(c, target, "not a whole number");
    if (c.real < static_cast<double>(std::numeric_limits<T>::min()) ||
        c.real >= static_cast<double>(std::numeric_limits<T>::max()))
      out_of_range(c, target);
    out = static_cast<T>(c.real);
    return;
  }
  // sum() of bigints is numeric on PostgreSQL; its whole values decode too.
  if (!readable_text(c, {oid::int2, oid::int4, oid::int8, oid::oid, oid::numeric})) mismatch(c, target);
  std::string_view s = c.bytes;
  if (c.type_oid == oid::numeric) {
    if (auto dot = s.find('.'); dot != std::string_view::npos) {
      if (s.find_first_not_of('0', dot + 1) != std::string_view::npos) mismatch(c, target, "not a whole number");
      s = s.substr(0, dot);
    }
  }
  const auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), out);
  if (ec == std::errc::result_out_of_range) out_of_range(c, target);
  if (ec != std::errc() || end != s.data() + s.size()) mismatch(c, target, "not an integer");
}

template <class T>
void decode_floating(const cell& c, T& out, std::string_view target) {
  require_value(c, target);
  if (c.k == cell::kind::integer) {
    out = static_cast<T>(c.integer);
    return;
  }
  if (c.k == cell::kind::real) {
    out = static_cast<T>(c.real);
    return;
  }
  if (!readable_text(c, {oid::float4, oid::float8, oid::numeric, oid::int2, oid::int4, oid::int8, oid::oid}))
    mismatch(c, target);
  const std::string_view s = c.bytes;
  // PostgreSQL spells the special values out; from_chars knows only "nan" and "inf".
  if (s == "NaN") {
    out = std::numeric_limits<T>::quiet_NaN();
  } else if (s == "Infinity") {
    out = std::numeric_limits<T>::infinity();
  } else if (s == "-Infinity") {
    out = -std::numeric_limits<T>::infinity();
  } else if (!parse_full(s, out)) {
    mismatch(c, target, "not a number");
  }
}

std::string double_text(double v) {
  char buf[32];
  const auto [end, ec] = std::to_chars(buf, buf + sizeof buf, v);
  return std::string(buf, ec == std::errc() ? end : buf);
}

// A numeric's text: optional sign, digits with an optional fraction and exponent, or NaN.
bool valid_numeric(std::string_view s) {
  if (s == "NaN" || s == "Infinity" || s == "-Infinity") return true;
  std::size_t i = 0;
  if (i < s.size() && (s[i] == '-' || s[i] == '+')) ++i;
  std::size_t whole = 0, frac = 0;
  while (i < s.size() && s[i] >= '0' && s[i] <= '9') ++i, ++whole;
  if (i < s.size() && s[i] == '.') {
    ++i;
    while (i < s.size() && s[i] >= '0' && s[i] <= '9') ++i, ++frac;
  }
  if (whole + frac == 0) return false;
  if (i < s.size() && (s[i] == 'e' || s[i] == 'E')) {
    ++i;
    if (i < s.size() && (s[i] == '-' || s[i] == '+')) ++i;
    std::size_t exp = 0;
    while (i < s.size() && s[i] >= '0' && s[i] <= '9') ++i, ++exp;
    if (exp == 0) return false;
  }
  return i == s.size();
}

int hex_value(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

// The elements of an array cell as cells of the element type: PostgreSQL's '{...}' form, or a
// JSON array (SQLite's storage, and json/jsonb columns). `each` gets every element.
template <class Each>
void for_each_element(const cell& c, std::string_view target, Each each) {
  require_value(c, target);
  if (!is_text(c)) mismatch(c, target);
  const std::uint32_t element_oid = oid::element_of(c.type_oid);
  if (element_oid != 0) {
    auto elements = detail::parse_pg_array(c.bytes);
    if (!elements) mismatch(c, target, "not a one-dimensional array");
    for (const auto& e : *elements) {
      if (!e) mismatch(c, target, "an element is NULL");
      cell ec;
      ec.k = cell::kind::text;
      ec.bytes = *e;
      ec.type_oid = element_oid;
      each(ec);
    }
    return;
  }
  if (c.type_oid != 0 && !oid_in(c, {oid::json, oid::jsonb, oid::text, oid::varchar, oid::unknown}))
    mismatch(c, target);
  boost::system::error_code error_code;
  const boost::json::value v = boost::json::parse(c.bytes, error_code);
  if (error_code || !v.is_array()) mismatch(c, target, "not a JSON array");
  for (const auto& e : v.get_array()) {
    cell ec;
    if (e.is_int64()) {
      ec.k = cell::kind::integer;
      ec.integer = e.get_int64();
    } else if (e.is_uint64()) {
      out_of_range(c, target);
    } else if (e.is_double()) {
      ec.k = cell::kind::real;
      ec.real = e.get_double();
    } else if (e.is_bool()) {
      ec.k = cell::kind::integer;
      ec.integer = e.get_bool() ? 1 : 0;
    } else if (e.is_string()) {
      ec.k = cell::kind::text;
      ec.bytes = e.get_string();
    } else {
      mismatch(c, target, e.is_null() ? "an element is null" : "an element is not a scalar");
    }
    each(ec);
  }
}

template <class T>
void decode_vector(const cell& c, std::vector<T>& out, std::string_view target) {
  out.clear();
  for_each_element(c, target, [&](const cell& e) {
    T v{};
    decode(e, v);
    out.push_back(std::move(v));
  });
}

}  // namespace

void decode(const cell& c, bool& out) {
  constexpr std::string_view target = "bool";
  require_value(c, target);
  if (c.k == cell::kind::integer) {
    if (c.integer != 0 && c.integer != 1) mismatch(c, target, "not 0 or 1");
    out = c.integer == 1;
    return;
  }
  if (!readable_text(c, {oid::bool_})) mismatch(c, target);
  const std::string_view s = c.bytes;
  if (s == "t" || s == "true" || s == "1") {
    out = true;
  } else if (s == "f" || s == "false" || s == "0") {
    out = false;
  } else {
    mismatch(c, target, "not a boolean");
  }
}

void decode(const cell& c, std::int16_t& out) {
  decode_integer(c, out, "std::int16_t");
}
void decode(const cell& c, std::int32_t& out) {
  decode_integer(c, out, "std::int32_t");
}
void decode(const cell& c, std::int64_t& out) {
  decode_integer(c, out, "std::int64_t");
}
void decode(const cell& c, std::uint32_t& out) {
  decode_integer(c, out, "std::uint32_t");
}
void decode(const cell& c, std::uint64_t& out) {
  decode_integer(c, out, "std::uint64_t");
}
void decode(const cell& c, float& out) {
  decode_floating(c, out, "float");
}
void decode(const cell& c, double& out) {
  decode_floating(c, out, "double");
}

void decode(const cell& c, std::string& out) {
  constexpr std::string_view target = "std::string";
  require_value(c, target);
  switch (c.k) {
    case cell::kind::text:
      out.assign(c.bytes);
      return;
    case cell::kind::integer:
      out = std::to_string(c.integer);
      return;
    case cell::kind::real:
      out = double_text(c.real);
      return;
    default:
      mismatch(c, target, "decode a BLOB into sql::bytes");
  }
}

void decode(const cell& c, std::string_view& out) {
  constexpr std::string_view target = "std::string_view";
  require_value(c, target);
  if (!is_text(c)) mismatch(c, target, "only text can be viewed; decode into std::string");
  out = c.bytes;
}

void decode(const cell& c, bytes& out) {
  constexpr std::string_view target = "sql::bytes";
  require_value(c, target);
  const std::string_view s = c.bytes;
  if (c.k == cell::kind::blob || sqlite_text(c)) {
    const auto* p = reinterpret_cast<const std::byte*>(s.data());
    out.assign(p, p + s.size());
    return;
  }
  if (!is_text(c) || c.type_oid != oid::bytea) mismatch(c, target);
  // bytea's hex output: '\x' and two hex digits per byte.
  if (s.size() < 2 || s[0] != '\\' || s[1] != 'x' || s.size() % 2 != 0) mismatch(c, target, "not hex bytea");
  out.clear();
  out.reserve((s.size() - 2) / 2);
  for (std::size_t i = 2; i < s.size(); i += 2) {
    const int hi = hex_value(s[i]), lo = hex_value(s[i + 1]);
    if (hi < 0 || lo < 0) mismatch(c, target, "not hex bytea");
    out.push_back(static_cast<std::byte>(hi * 16 + lo));
  }
}

void decode(const cell& c, boost::json::value& out) {
  constexpr std::string_view target = "boost::json::value";
  require_value(c, target);
  if (c.k == cell::kind::integer) {
    out = c.integer;
    return;
  }
  if (c.k == cell::kind::real) {
    out = c.real;
    return;
  }
  if (c.type_oid == oid::bool_) {
    bool b = false;
    decode(c, b);
    out = b;
    return;
  }
  if (!readable_text(c,
                     {oid::json, oid::jsonb, oid::int2, oid::int4, oid::int8, oid::float4, oid::float8, oid::numeric}))
    mismatch(c, target);
  boost::system::error_code ec;
  out = boost::json::parse(c.bytes, ec);
  if (ec) mismatch(c, target, "not valid JSON");
}

void decode(const cell& c, timestamp& out) {
  constexpr std::string_view target = "sql::timestamp";
  require_value(c, target);
  if (c.k == cell::kind::integer && c.type_oid == 0) {  // Unix time, strftime('%s') on SQLite
    out = timestamp(std::chrono::seconds(c.integer));
    return;
  }
  if (!readable_text(c, {oid::timestamptz, oid::timestamp})) mismatch(c, target);
  auto t = detail::parse_timestamp(c.bytes);
  if (!t) mismatch(c, target, "not an ISO-8601 timestamp");
  out = *t;
}

void decode(const cell& c, date& out) {
  constexpr std::string_view target = "sql::date";
  require_value(c, target);
  if (!readable_text(c, {oid::date})) mismatch(c, target);
  auto d = detail::parse_date(c.bytes);
  if (!d) mismatch(c, target, "not a YYYY-MM-DD date");
  out = *d;
}

void decode(const cell& c, uuid& out) {
  constexpr std::string_view target = "sql::uuid";
  require_value(c, target);
  if (c.k == cell::kind::blob && c.bytes.size() == out.octets.size()) {
    for (std::size_t i = 0; i < out.octets.size(); ++i) out.octets[i] = static_cast<std::uint8_t>(c.bytes[i]);
    return;
  }
  if (!readable_text(c, {oid::uuid})) mismatch(c, target);
  auto u = uuid::parse(c.bytes);
  if (!u) mismatch(c, target, "not a UUID");
  out = *u;
}

void decode(const cell& c, numeric& out) {
  constexpr std::string_view target = "sql::numeric";
  require_value(c, target);
  if (c.k == cell::kind::integer) {
    out.text = std::to_string(c.integer);
    return;
  }
  if (c.k == cell::kind::real) {  // SQLite turned the text into a REAL (NUMERIC affinity)
    if (!std::isfinite(c.real)) mismatch(c, target);
    out.text = double_text(c.real);
    return;
  }
  if (!readable_text(c, {oid::numeric, oid::int2, oid::int4, oid::int8, oid::float4, oid::float8})) mismatch(c, target);
  if (!valid_numeric(c.bytes)) mismatch(c, target, "not a decimal number");
  out.text.assign(c.bytes);
}

void decode(const cell& c, std::vector<std::int64_t>& out) {
  decode_vector(c, out, "std::vector<std::int64_t>");
}
void decode(const cell& c, std::vector<double>& out) {
  decode_vector(c, out, "std::vector<double>");
}
void decode(const cell& c, std::vector<std::string>& out) {
  // Elements must be strings themselves: a number in a text[] is a mistake worth reporting.
  out.clear();
  for_each_element(c, "std::vector<std::string>", [&](const cell& e) {
    if (!is_text(e)) mismatch(c, "std::vector<std::string>", "an element is not a string");
    out.emplace_back(e.bytes);
  });
}
void decode(const cell& c, std::vector<bool>& out) {
  out.clear();
  for_each_element(c, "std::vector<bool>", [&](const cell& e) {
    bool b = false;
    decode(e, b);
    out.push_back(b);
  });
}

}  // namespace strata::sql
