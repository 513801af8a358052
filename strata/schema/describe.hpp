// JSON Schemas from described structs (describe once, use everywhere): schema::of<T>() for a type
// given BOOST_DESCRIBE_STRUCT, refined per member the way class-validator decorates a DTO, and
// the JSON conversion that agrees with it (to_json / from_json in convert.hpp).
//
//   struct new_user {
//     std::string username, email, password;
//     std::optional<std::string> bio;                       // optional: may be absent
//     static void refine(strata::schema::refinements<new_user>& r) {
//       r[&new_user::email].format("email");
//       r[&new_user::username].min(3).max(32).pattern("^[a-z0-9_]+$");
//       r[&new_user::password].min(8).description("at least 8 characters");
//     }
//   };
//   BOOST_DESCRIBE_STRUCT(new_user, (), (username, email, password, bio))
//
//   srv.post("/users", create, {.schema = {{"body", schema::of<new_user>()},
//                                          {"response", {{"201", schema::of<user>()}}}}});
//
// of<T>() is {"$ref": "#/$defs/new_user", "$defs": {...}}: self-contained for the validator, and
// the OpenAPI generator moves its $defs into components.schemas. Mapping: bool, integers (with
// their type's range), floating point, strings, std::optional (not required), vectors / lists /
// sets / std::array (arrays), maps with string keys (additionalProperties), described structs
// ($ref to their component), described enums (string enum of the enumerator names),
// std::chrono::sys_time (date-time; sys_days: date), boost::json values (anything). Other leaf
// types: specialise type_schema<U> (and give Boost.JSON a tag_invoke for their JSON form).
#pragma once
#include <boost/json/value.hpp>
#include <strata/schema/builder.hpp>
#include <strata/schema/detail/convert.hpp>  // defaults in schemas are C++ values written as JSON
#include <strata/schema/detail/described.hpp>

namespace strata::schema {

struct of_options {
  // true: nested structs are written in place instead of as $refs (a recursive one stays a $ref).
  bool inline_structs = false;
};

// The JSON Schema of T: a described struct, or any type the mapping above covers
// (of<std::vector<article>>() is an array of $refs). Built once per type and options.
template <class T>
boost::json::value of(of_options options = {}) {
  static const boost::json::value refs = detail::root_schema<T>(false);
  static const boost::json::value inlined = detail::root_schema<T>(true);
  return options.inline_structs ? inlined : refs;
}

// The component name of a described struct ("new_user", or what its traits say).
template <class T>
const std::string& component_name() {
  return detail::info<T>().name;
}

}  // namespace strata::schema
