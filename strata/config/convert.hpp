// convert: how config::get<T> turns JSON values into the C++ types of typed access: integers, floating point, bool,
// strings, durations, optional, vector, map, boost::json types, and structs described with Boost.Describe.
#pragma once
#include <strata/config/duration.hpp>
#include <strata/config/scalars.hpp>

#include <boost/describe/members.hpp>
#include <boost/describe/modifiers.hpp>
#include <boost/json/serialize.hpp>
#include <boost/json/value.hpp>
#include <boost/mp11/algorithm.hpp>

#include <chrono>
#include <cmath>
#include <limits>
#include <map>
#include <optional>
#include <string>
#include <type_traits>
#include <utility>
#include <vector>

namespace strata::config {
class config;
}

namespace strata::config::detail {

// Throws config_error naming the key, what was expected, what was there (redacted when secret;
// "nothing" when `got` is null) and its source.
[[noreturn]] void throw_wrong_type(const config& cfg, const std::string& key, std::string_view expected,
                                   const boost::json::value* got);

template <class T>
struct is_optional : std::false_type {};
template <class T>
struct is_optional<std::optional<T>> : std::true_type {};
template <class T>
struct is_vector : std::false_type {};
template <class T, class A>
struct is_vector<std::vector<T, A>> : std::true_type {};
template <class T>
struct is_string_map : std::false_type {};
template <class T, class C, class A>
struct is_string_map<std::map<std::string, T, C, A>> : std::true_type {};
template <class T>
struct is_duration : std::false_type {};
template <class R, class P>
struct is_duration<std::chrono::duration<R, P>> : std::true_type {};

template <class T>
std::string expected_name() {
  if constexpr (std::is_same_v<T, bool>) {
    return "boolean";
  } else if constexpr (std::is_integral_v<T>) {
    return "integer " + std::to_string(std::numeric_limits<T>::min()) + ".." +
           std::to_string(std::numeric_limits<T>::max());
  } else if constexpr (std::is_floating_point_v<T>) {
    return "number";
  } else if constexpr (std::is_same_v<T, std::string>) {
    return "string";
  } else if constexpr (is_duration<T>::value) {
    using period = typename T::period;
    if constexpr (std::ratio_less_equal_v<period, std::milli>)
      return "duration (e.g. 30s, 5m, 1h, 250ms)";
    else if constexpr (std::ratio_equal_v<period, std::ratio<1>>)
      return "duration in whole seconds (e.g. 30s, 5m, 1h)";
    else if constexpr (std::ratio_equal_v<period, std::ratio<60>>)
      return "duration in whole minutes (e.g. 5m, 1h)";
    else
      return "duration (e.g. 1h, 2d)";
  } else if constexpr (is_optional<T>::value) {
    return expected_name<typename T::value_type>() + " or null";
  } else if constexpr (is_vector<T>::value) {
    return "array of " + expected_name<typename T::value_type>() + " (or a comma-separated list)";
  } else if constexpr (std::is_same_v<T, boost::json::array>) {
    return "array";
  } else if constexpr (std::is_same_v<T, boost::json::value>) {
    return "a value";
  } else {
    return "object";
  }
}

template <class T>
T convert(const boost::json::value& v, const config& cfg, const std::string& key);

template <class T>
T convert_integer(const boost::json::value& v, const config& cfg, const std::string& key) {
  std::optional<T> out;
  auto fits = [&](auto x) {
    if (std::in_range<T>(x)) out = static_cast<T>(x);
  };
  if (v.is_int64())
    fits(v.get_int64());
  else if (v.is_uint64())
    fits(v.get_uint64());
  else if (v.is_double() && std::trunc(v.get_double()) == v.get_double() && std::abs(v.get_double()) < 9e15)
    fits(static_cast<std::int64_t>(v.get_double()));
  else if (v.is_string()) {
    if (auto i = parse_int64(v.get_string()))
      fits(*i);
    else if (auto u = parse_uint64(v.get_string()))
      fits(*u);
  }
  if (!out) throw_wrong_type(cfg, key, expected_name<T>(), &v);
  return *out;
}

template <class T>
T convert_duration(const boost::json::value& v, const config& cfg, const std::string& key) {
  using namespace std::chrono;
  std::optional<milliseconds> ms;
  if (v.is_int64() && v.get_int64() >= 0)
    ms = seconds(v.get_int64());
  else if (v.is_uint64() && v.get_uint64() <= 9'000'000'000'000ull)
    ms = seconds(v.get_uint64());
  else if (v.is_double() && v.get_double() >= 0 && v.get_double() < 9e12 &&
           std::trunc(v.get_double() * 1000) == v.get_double() * 1000)
    ms = milliseconds(static_cast<std::int64_t>(v.get_double() * 1000));
  else if (v.is_string())
    ms = parse_duration(v.get_string());
  // A duration the target type cannot hold exactly ("250ms" as seconds) is refused, not truncated.
  if (!ms || duration_cast<milliseconds>(duration_cast<T>(*ms)) != *ms)
    throw_wrong_type(cfg, key, expected_name<T>(), &v);
  return duration_cast<T>(*ms);
}

template <class T>
T convert_struct(const boost::json::value& v, const config& cfg, const std::string& key) {
  if (!v.is_object()) throw_wrong_type(cfg, key, "object", &v);
  const boost::json::object& o = v.get_object();
  T out{};
  using members = boost::describe::describe_members<T, boost::describe::mod_public | boost::describe::mod_inherited>;
  boost::mp11::mp_for_each<members>([&](auto d) {
    using member = std::remove_cvref_t<decltype(out.*d.pointer)>;
    const std::string member_key = key + "." + d.name;
    const boost::json::value* m = o.if_contains(d.name);
    if constexpr (is_optional<member>::value) {
      if (!m || m->is_null()) return;
      out.*d.pointer = convert<typename member::value_type>(*m, cfg, member_key);
    } else {
      if (!m) throw_wrong_type(cfg, member_key, expected_name<member>(), nullptr);
      out.*d.pointer = convert<member>(*m, cfg, member_key);
    }
  });
  return out;
}

template <class T>
T convert(const boost::json::value& v, const config& cfg, const std::string& key) {
  if constexpr (std::is_same_v<T, boost::json::value>) {
    return v;
  } else if constexpr (std::is_same_v<T, boost::json::object>) {
    if (!v.is_object()) throw_wrong_type(cfg, key, "object", &v);
    return v.get_object();
  } else if constexpr (std::is_same_v<T, boost::json::array>) {
    if (!v.is_array()) throw_wrong_type(cfg, key, "array", &v);
    return v.get_array();
  } else if constexpr (std::is_same_v<T, bool>) {
    if (v.is_bool()) return v.get_bool();
    if ((v.is_int64() || v.is_uint64()) && (v.to_number<std::int64_t>() == 0 || v.to_number<std::int64_t>() == 1))
      return v.to_number<std::int64_t>() == 1;
    if (v.is_string())
      if (auto b = parse_bool(v.get_string())) return *b;
    throw_wrong_type(cfg, key, "boolean (true/false, 1/0, yes/no, on/off)", &v);
  } else if constexpr (std::is_integral_v<T>) {
    return convert_integer<T>(v, cfg, key);
  } else if constexpr (std::is_floating_point_v<T>) {
    if (v.is_number()) return static_cast<T>(v.to_number<double>());
    if (v.is_string())
      if (auto d = parse_number(v.get_string())) return static_cast<T>(*d);
    throw_wrong_type(cfg, key, "number", &v);
  } else if constexpr (std::is_same_v<T, std::string>) {
    if (v.is_string()) return std::string(v.get_string());
    // Numbers and booleans read as the text they were written as (PORT=8080 → "8080").
    if (v.is_number() || v.is_bool()) return boost::json::serialize(v);
    throw_wrong_type(cfg, key, "string", &v);
  } else if constexpr (is_duration<T>::value) {
    return convert_duration<T>(v, cfg, key);
  } else if constexpr (is_optional<T>::value) {
    if (v.is_null()) return std::nullopt;
    return convert<typename T::value_type>(v, cfg, key);
  } else if constexpr (is_vector<T>::value) {
    using item = typename T::value_type;
    T out;
    if (v.is_array()) {
      const auto& a = v.get_array();
      for (std::size_t i = 0; i < a.size(); ++i)
        out.push_back(convert<item>(a[i], cfg, key + "[" + std::to_string(i) + "]"));
    } else if (v.is_string()) {
      const std::vector<std::string> parts = split_list(v.get_string());
      for (std::size_t i = 0; i < parts.size(); ++i)
        out.push_back(convert<item>(boost::json::value(parts[i]), cfg, key + "[" + std::to_string(i) + "]"));
    } else {
      throw_wrong_type(cfg, key, expected_name<T>(), &v);
    }
    return out;
  } else if constexpr (is_string_map<T>::value) {
    if (!v.is_object()) throw_wrong_type(cfg, key, "object", &v);
    T out;
    for (const auto& [name, item] : v.get_object())
      out.emplace(std::string(name), convert<typename T::mapped_type>(item, cfg, key + "." + std::string(name)));
    return out;
  } else if constexpr (boost::describe::has_describe_members<T>::value) {
    return convert_struct<T>(v, cfg, key);
  } else {
    static_assert(sizeof(T) == 0,
                  "config::get<T>: T must be bool, an integer, a floating point type, std::string, a "
                  "std::chrono::duration, std::optional/std::vector/std::map<std::string, ...> of those, a "
                  "boost::json type, or a struct described with BOOST_DESCRIBE_STRUCT");
  }
}

}  // namespace strata::config::detail
