// JSON conversion of described structs, agreeing with their schema::of<T>() schema: the same
// property names (refinements' renames, camel_case), absent std::optional members, enums by name,
// time points as RFC 3339 UTC text.
//
//   boost::json::value j = strata::schema::to_json(article);      // res.json(to_json(a))
//   auto a = strata::schema::from_json<new_article>(req.json());  // throws conversion_error
//
// from_json does not validate: a member the JSON lacks keeps its default, unknown members are
// ignored. Validate against of<T>() first (schema::body_as<T>(req) does both). Boost.JSON's own
// conversion of described structs (1.81) needs every member present and no other, so it does not
// fit request bodies; leaf types this mapping does not know still go through Boost.JSON
// (value_from / value_to), so a tag_invoke beside a type makes it usable here.
#pragma once
#include <boost/json/value.hpp>
#include <stdexcept>
#include <strata/schema/detail/convert.hpp>
#include <string>

namespace strata::schema {

template <class T>
boost::json::value to_json(const T& v) {
  boost::json::value out;
  detail::write_value(v, out);
  return out;
}

template <class T>
void from_json(const boost::json::value& v, T& out) {
  detail::read_value(v, out);
}

template <class T>
T from_json(const boost::json::value& v) {
  T out{};
  detail::read_value(v, out);
  return out;
}

}  // namespace strata::schema
