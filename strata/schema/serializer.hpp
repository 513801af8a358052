// Response serialization from a schema (fast-json-stringify's idea): a response schema is compiled
// once into a writer that emits only the declared properties, in declared order, so a field the
// handler left in (a password hash) never leaves the server.
//
//   auto w = strata::schema::compile_serializer(schema::of<user>());
//   std::string body;
//   w.write(user_json, body);
//
// The validation plugin uses it for a route's `response` schemas by status (opt out with
// validation_options::serialize_responses, or per request with res.set_payload_writer(nullptr)).
//
// What a schema says:
// - `properties`: written in declared order; absent ones are skipped; other members are dropped
//   unless `additionalProperties` is true or a schema (then kept after the declared ones).
//   An object schema with no `properties` at all is free-form and written whole (fast-json-
//   stringify writes {} there, a common surprise).
// - `items`: each item by that schema. `$ref` to the same document ($defs, definitions), also
//   recursive; `type: [T, "null"]` and `anyOf: [T, {"type": "null"}]` are T. null is always null.
// - Scalars: numbers and strings convert as fast-json-stringify does (42 for a string is "42",
//   "42" for an integer is 42, 1.7 for an integer is 1); an object or array where the schema
//   declares another type is serialize_error (a 500 through the route), never written.
// - Anything else (`anyOf` of several types, `allOf`, `oneOf`, `if`, `patternProperties`, tuples,
//   a `$ref` to another document) is written as is, like boost::json::serialize.
// Strings are escaped as JSON requires (", \ and control characters); numbers are the shortest
// text that reads back the same double, non-finite numbers null.
#pragma once
#include <boost/json/value.hpp>
#include <memory>
#include <stdexcept>
#include <string>

namespace strata::schema {

class serialize_error : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

namespace detail {
struct writer_program;
}

class serializer {
 public:
  serializer() = default;  // writes everything as is

  // Appends the JSON text of v to out.
  void write(const boost::json::value& v, std::string& out) const;
  std::string to_string(const boost::json::value& v) const {
    std::string out;
    write(v, out);
    return out;
  }

 private:
  friend serializer compile_serializer(const boost::json::value& schema);
  std::shared_ptr<const detail::writer_program> program_;
};

// Never throws for a valid JSON value; shapes it cannot use are written as is.
serializer compile_serializer(const boost::json::value& schema);

}  // namespace strata::schema
