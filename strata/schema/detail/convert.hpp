// write_value / read_value: C++ values to and from boost::json::value by the same mapping as
// schema_for<U>. Errors name the JSON pointer of the offending value; the text work (time
// points, messages) is out of line in convert.cpp.
#pragma once
#include <boost/json/value_from.hpp>
#include <boost/json/value_to.hpp>
#include <chrono>
#include <cstdint>
#include <limits>
#include <strata/schema/detail/described.hpp>
#include <strata/schema/schema_error.hpp>
#include <string>
#include <string_view>
#include <type_traits>

namespace strata::schema::detail {

// Out of line (convert.cpp).
[[noreturn]] void conversion_failed(std::string_view expected, const boost::json::value& got);
[[noreturn]] void rethrow_under(const conversion_error& e, std::string_view key);
[[noreturn]] void rethrow_under(const conversion_error& e, std::size_t index);
// RFC 3339 in UTC: "2024-01-02T03:04:05Z", with `digits` fraction digits when the fraction is not 0.
std::string format_time(std::int64_t seconds, std::int64_t fraction, int digits);
std::string format_date(std::int64_t days);
// Seconds and nanoseconds since the epoch of an RFC 3339 date-time (any offset), or false.
bool parse_time(std::string_view text, std::int64_t& seconds, std::int64_t& nanos);
bool parse_date(std::string_view text, std::int64_t& days);
bool integer_of(const boost::json::value& v, std::int64_t lo, std::uint64_t hi, std::int64_t& as_signed,
                std::uint64_t& as_unsigned);

template <class D>
constexpr int fraction_digits() {
  using period = typename D::period;
  if constexpr (period::den <= 1)
    return 0;
  else if constexpr (period::den <= 1000)
    return 3;
  else if constexpr (period::den <= 1000000)
    return 6;
  else
    return 9;
}

template <class U>
void write_value(const U& v, boost::json::value& out) {
  if constexpr (std::is_same_v<U, bool> || std::is_arithmetic_v<U> || json_type<U>) {
    out = v;
  } else if constexpr (string_like<U>) {
    out = std::string_view(v);
  } else if constexpr (is_optional<U>::value) {
    if (v)
      write_value(*v, out);
    else
      out = nullptr;
  } else if constexpr (is_sys_time<U>::value) {
    using D = typename U::duration;
    if constexpr (std::is_same_v<D, std::chrono::days>) {
      out = format_date(v.time_since_epoch().count());
    } else {
      const auto s = std::chrono::floor<std::chrono::seconds>(v);
      const auto frac = v - s;
      constexpr int digits = fraction_digits<D>();
      std::int64_t scaled = 0;
      if constexpr (digits > 0) {
        constexpr std::int64_t unit = digits == 3 ? 1000 : digits == 6 ? 1000000 : 1000000000;
        scaled = std::chrono::duration_cast<std::chrono::duration<std::int64_t, std::ratio<1, unit>>>(frac).count();
      }
      out = format_time(s.time_since_epoch().count(), scaled, digits);
    }
  } else if constexpr (described_enum<U>) {
    const char* name = nullptr;
    boost::mp11::mp_for_each<boost::describe::describe_enumerators<U>>([&](auto d) {
      if (!name && v == d.value) name = d.name;
    });
    if (name)
      out = std::string_view(name);
    else
      out = static_cast<std::underlying_type_t<U>>(v);  // not one of the described values
  } else if constexpr (described_struct<U>) {
    const auto& names = info<U>().properties;
    boost::json::object& o = out.emplace_object();
    o.reserve(names.size());
    std::size_t i = 0;
    boost::mp11::mp_for_each<public_members<U>>([&](auto d) {
      const auto& member = v.*d.pointer;
      const std::string& name = names[i++];
      if constexpr (is_optional<member_type<U, decltype(d)>>::value) {
        if (!member) return;  // optional: absent, as the schema says
      }
      write_value(member, o[name]);
    });
  } else if constexpr (map_like<U>) {
    boost::json::object& o = out.emplace_object();
    for (const auto& [k, item] : v) write_value(item, o[std::string_view(k)]);
  } else if constexpr (sequence<U>) {
    boost::json::array& a = out.emplace_array();
    if constexpr (requires { v.size(); }) a.reserve(v.size());
    for (const auto& item : v) write_value(item, a.emplace_back(nullptr));
  } else {
    out = boost::json::value_from(v);
  }
}

template <class U>
void read_value(const boost::json::value& v, U& out) {
  if constexpr (std::is_same_v<U, bool>) {
    if (!v.is_bool()) conversion_failed("boolean", v);
    out = v.get_bool();
  } else if constexpr (std::is_integral_v<U>) {
    std::int64_t s = 0;
    std::uint64_t u = 0;
    if (!integer_of(v, std::numeric_limits<U>::min(), std::numeric_limits<U>::max(), s, u))
      conversion_failed(std::is_signed_v<U>
                            ? "integer in range of a signed " + std::to_string(sizeof(U) * 8) + "-bit"
                            : "integer in range of an unsigned " + std::to_string(sizeof(U) * 8) + "-bit",
                        v);
    if constexpr (std::is_signed_v<U>)
      out = static_cast<U>(s);
    else
      out = static_cast<U>(u);
  } else if constexpr (std::is_floating_point_v<U>) {
    if (!v.is_number()) conversion_failed("number", v);
    out = static_cast<U>(v.to_number<double>());
  } else if constexpr (std::is_same_v<U, boost::json::value>) {
    out = v;
  } else if constexpr (std::is_same_v<U, boost::json::object>) {
    if (!v.is_object()) conversion_failed("object", v);
    out = v.get_object();
  } else if constexpr (std::is_same_v<U, boost::json::array>) {
    if (!v.is_array()) conversion_failed("array", v);
    out = v.get_array();
  } else if constexpr (string_like<U>) {
    if (!v.is_string()) conversion_failed("string", v);
    out = U(std::string_view(v.get_string()));
  } else if constexpr (is_optional<U>::value) {
    if (v.is_null()) {
      out.reset();
    } else {
      typename U::value_type inner{};
      read_value(v, inner);
      out = std::move(inner);
    }
  } else if constexpr (is_sys_time<U>::value) {
    using D = typename U::duration;
    if (!v.is_string()) conversion_failed(std::is_same_v<D, std::chrono::days> ? "date string" : "date-time string", v);
    if constexpr (std::is_same_v<D, std::chrono::days>) {
      std::int64_t days = 0;
      if (!parse_date(v.get_string(), days)) conversion_failed("date (YYYY-MM-DD)", v);
      out = U(D(days));
    } else {
      std::int64_t seconds = 0, nanos = 0;
      if (!parse_time(v.get_string(), seconds, nanos)) conversion_failed("RFC 3339 date-time", v);
      out = std::chrono::time_point_cast<D>(std::chrono::sys_time<std::chrono::nanoseconds>(
          std::chrono::seconds(seconds) + std::chrono::nanoseconds(nanos)));
    }
  } else if constexpr (described_enum<U>) {
    if (!v.is_string()) conversion_failed("one of the enumerator names", v);
    bool found = false;
    boost::mp11::mp_for_each<boost::describe::describe_enumerators<U>>([&](auto d) {
      if (!found && v.get_string() == d.name) {
        out = d.value;
        found = true;
      }
    });
    if (!found) conversion_failed("one of the enumerator names", v);
  } else if constexpr (described_struct<U>) {
    if (!v.is_object()) conversion_failed("object", v);
    const auto& o = v.get_object();
    const auto& names = info<U>().properties;
    std::size_t i = 0;
    boost::mp11::mp_for_each<public_members<U>>([&](auto d) {
      const std::string& name = names[i++];
      const boost::json::value* member = o.if_contains(name);
      if (!member) return;  // absent: keeps its default (the validator decides what is required)
      try {
        read_value(*member, out.*d.pointer);
      } catch (const conversion_error& e) {
        rethrow_under(e, name);
      }
    });
  } else if constexpr (map_like<U>) {
    if (!v.is_object()) conversion_failed("object", v);
    out.clear();
    for (const auto& kv : v.get_object()) {
      typename U::mapped_type item{};
      try {
        read_value(kv.value(), item);
      } catch (const conversion_error& e) {
        rethrow_under(e, kv.key());
      }
      out.emplace(typename U::key_type(std::string_view(kv.key())), std::move(item));
    }
  } else if constexpr (is_std_array<U>::value) {
    if (!v.is_array() || v.get_array().size() != out.size())
      conversion_failed("array of " + std::to_string(out.size()) + " items", v);
    for (std::size_t i = 0; i < out.size(); ++i) {
      try {
        read_value(v.get_array()[i], out[i]);
      } catch (const conversion_error& e) {
        rethrow_under(e, i);
      }
    }
  } else if constexpr (sequence<U>) {
    if (!v.is_array()) conversion_failed("array", v);
    out.clear();
    const auto& a = v.get_array();
    if constexpr (requires { out.reserve(a.size()); }) out.reserve(a.size());
    for (std::size_t i = 0; i < a.size(); ++i) {
      typename U::value_type item{};
      try {
        read_value(a[i], item);
      } catch (const conversion_error& e) {
        rethrow_under(e, i);
      }
      if constexpr (requires { out.push_back(std::move(item)); })
        out.push_back(std::move(item));
      else
        out.insert(std::move(item));
    }
  } else {
    auto r = boost::json::try_value_to<U>(v);
    if (!r) conversion_failed(r.error().message(), v);
    out = std::move(*r);
  }
}

}  // namespace strata::schema::detail
