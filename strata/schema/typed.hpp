// Typed request values from described structs: the route declares schema::of<T>() and the handler
// reads a T, checked and converted.
//
//   srv.post("/users", [](http::request& req, http::response& res) {
//         auto u = schema::body_as<new_user>(req);       // checked by the route's body schema
//         res.status(201).json(schema::to_json(create(u)));
//       },
//       {.schema = {{"body", schema::of<new_user>()}, {"response", {{"201", schema::of<user>()}}}}});
//
// When the route's schema (through the validation plugin) has already checked the part, that
// checked value is converted; otherwise it is checked here against of<T>() (compiled once per
// type), with the same 400 problem+json the plugin gives. Query and params are coerced from text
// as the plugin does ("42" is 42 for an integer member).
#pragma once
#include <boost/json/value.hpp>
#include <cstdint>
#include <strata/http/request.hpp>
#include <strata/schema/convert.hpp>
#include <strata/schema/describe.hpp>
#include <strata/schema/validator.hpp>

namespace strata::schema {

namespace detail {
enum class request_part : std::uint8_t { params, query, headers, body };
// The part as the route's validation left it, or checked now against `fallback` (http_error 400
// listing the errors); `scratch` holds a value made here.
const boost::json::value& typed_part(http::request& req, request_part part, const validator& fallback,
                                     boost::json::value& scratch);
// A conversion_error as the 400 answer.
[[noreturn]] void refuse_conversion(const conversion_error& e, request_part part);

template <class T, bool Coerce>
const validator& fallback_validator() {
  static const validator v = compile(of<T>(), {.coerce_types = Coerce, .use_defaults = true});
  return v;
}

template <class T>
T typed(http::request& req, request_part part) {
  const validator& fallback =
      part == request_part::body ? fallback_validator<T, false>() : fallback_validator<T, true>();
  boost::json::value scratch;
  try {
    return from_json<T>(typed_part(req, part, fallback, scratch));
  } catch (const conversion_error& e) {
    refuse_conversion(e, part);
  }
}
}  // namespace detail

template <class T>
T body_as(http::request& req) {
  return detail::typed<T>(req, detail::request_part::body);
}

template <class T>
T query_as(http::request& req) {
  return detail::typed<T>(req, detail::request_part::query);
}

template <class T>
T params_as(http::request& req) {
  return detail::typed<T>(req, detail::request_part::params);
}

}  // namespace strata::schema
