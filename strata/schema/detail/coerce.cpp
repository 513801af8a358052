// Type coercion rules (ajv's): "12" -> 12, "1.5" -> 1.5, "true"/"false" -> booleans, "" -> null,
// numbers and booleans -> strings, x -> [x] and [x] -> x. Tried in the order number/integer,
// boolean, null, string, array, so "1" wanted as number-or-string stays a number.
#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>
#include <cmath>
#include <strata/schema/detail/coerce.hpp>
#include <strata/schema/detail/program.hpp>

namespace strata::schema::detail {

namespace {

using boost::json::value;

bool to_number(value& v, bool integer) {
  value n;
  if (v.is_string()) {
    std::string_view s = v.get_string();
    if (s.empty() || s.size() > 64) return false;
    // JSON number syntax only: no hex, no "inf", no leading '+' or spaces.
    boost::system::error_code ec;
    n = boost::json::parse(s, ec);
    if (ec || !n.is_number()) return false;
  } else if (v.is_bool()) {
    n = v.get_bool() ? 1 : 0;
  } else if (v.is_null()) {
    n = 0;
  } else {
    return false;
  }
  if (integer && n.is_double()) {
    double d = n.get_double();
    if (!std::isfinite(d) || std::floor(d) != d) return false;
  }
  v = std::move(n);
  return true;
}

bool to_boolean(value& v) {
  if (v.is_string() && (v.get_string() == "true" || v.get_string() == "false")) {
    v = v.get_string() == "true";
    return true;
  }
  if (v.is_number() && (v.to_number<double>() == 0 || v.to_number<double>() == 1)) {
    v = v.to_number<double>() == 1;
    return true;
  }
  if (v.is_null()) {
    v = false;
    return true;
  }
  return false;
}

bool to_null(value& v) {
  if ((v.is_string() && v.get_string().empty()) || (v.is_number() && v.to_number<double>() == 0) ||
      (v.is_bool() && !v.get_bool())) {
    v = nullptr;
    return true;
  }
  return false;
}

bool to_string(value& v) {
  if (v.is_number()) {
    v = boost::json::serialize(v);
    return true;
  }
  if (v.is_bool()) {
    v = v.get_bool() ? "true" : "false";
    return true;
  }
  if (v.is_null()) {
    v = "";
    return true;
  }
  return false;
}

bool scalar(const value& v) {
  return !v.is_array() && !v.is_object();
}

}  // namespace

bool coerce(value& v, std::uint8_t types) {
  // A one-element array where a scalar is wanted: unwrap, then coerce the element.
  if (v.is_array() && !(types & t_array) && v.get_array().size() == 1 && scalar(v.get_array()[0])) {
    value inner = v.get_array()[0];
    if (!coerce(inner, types) && !(inner.is_null() && (types & t_null)) && !(inner.is_bool() && (types & t_boolean)) &&
        !(inner.is_string() && (types & t_string)) && !(inner.is_number() && (types & (t_number | t_integer))))
      return false;
    v = std::move(inner);
    return true;
  }
  if (!scalar(v)) return false;
  if ((types & t_integer) && to_number(v, true)) return true;
  if ((types & t_number) && to_number(v, false)) return true;
  if ((types & t_boolean) && to_boolean(v)) return true;
  if ((types & t_null) && to_null(v)) return true;
  if ((types & t_string) && to_string(v)) return true;
  if (types & t_array) {
    value inner = std::move(v);
    v = boost::json::array{std::move(inner)};
    return true;
  }
  return false;
}

}  // namespace strata::schema::detail
