// Reading members of request bodies the route's schema has already checked.
#pragma once
#include <boost/json/object.hpp>
#include <boost/json/value.hpp>

#include <optional>
#include <string>
#include <string_view>

namespace conduit {

// The envelope member of a validated body: {"user": {...}} -> the inner object.
inline const boost::json::object& envelope_of(const boost::json::value& body, std::string_view name) {
  return body.as_object().at(name).as_object();
}

inline std::optional<std::string> string_field(const boost::json::object& o, std::string_view name) {
  const auto* v = o.if_contains(name);
  if (!v || !v->is_string()) return std::nullopt;
  return std::string(v->get_string());
}

// A nullable member: absent -> nullopt (leave as is); null -> optional holding nullopt (clear it).
inline std::optional<std::optional<std::string>> nullable_field(const boost::json::object& o, std::string_view name) {
  const auto* v = o.if_contains(name);
  if (!v) return std::nullopt;
  if (v->is_null()) return std::optional<std::string>();
  return std::optional<std::string>(std::string(v->get_string()));
}

}  // namespace conduit
