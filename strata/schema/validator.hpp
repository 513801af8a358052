// JSON Schema validation (draft 2020-12, and draft-07 for schemas that say so): a schema is
// compiled once into a validator, which then checks any number of instances.
//
//   auto v = strata::schema::compile(boost::json::parse(R"({"type": "object", "required": ["id"]})"));
//   if (auto r = v.validate(body); !r) for (auto& e : r.errors) ... e.instance_path, e.message
//
// compile() throws schema_error for a schema it cannot use. Validation never throws for any
// instance. coerce_types and use_defaults change the instance, so they only act through
// validate(boost::json::value&); the const overloads only check.
#pragma once
#include <boost/json/value.hpp>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <strata/schema/schema_error.hpp>
#include <string>
#include <string_view>
#include <vector>

namespace strata::schema {

enum class draft : std::uint8_t { draft7, draft2020_12 };

struct options {
  // The dialect of a schema without a recognised $schema.
  draft default_draft = draft::draft2020_12;
  // 2020-12 makes `format` an annotation; true makes the known formats assertions (as draft-07
  // validators usually do).
  bool assert_format = false;
  // false: validation stops at the first error (one error reported, faster on invalid input).
  bool all_errors = true;
  // ajv's coerceTypes: a string becomes the number, integer, boolean or null its schema wants,
  // numbers and booleans become strings, and a scalar becomes a one-element array. Meant for
  // query strings, path parameters and headers.
  bool coerce_types = false;
  // ajv's useDefaults: a missing property that has a `default` in `properties` is inserted.
  bool use_defaults = false;
  // Further schema documents by URI (without fragment), for $ref and $schema to name.
  std::map<std::string, boost::json::value, std::less<>> schemas;
  // Asked for a URI neither the schema, `schemas` nor the built-in metaschemas define; returns
  // the document or nothing. Called only by compile().
  std::function<std::optional<boost::json::value>(std::string_view uri)> resolve;
  // Nesting bound of evaluation ($ref chains and instance depth together); beyond it the
  // instance is reported invalid rather than overflowing the stack.
  std::size_t max_depth = 256;
};

struct validation_error {
  std::string instance_path;  // JSON pointer into the instance ("" is the whole instance)
  std::string schema_path;    // the keyword: "#/properties/id/minimum", "<$id URI>#/..." in a resource
  std::string keyword;        // "type", "required", ...
  std::string message;
};

struct result {
  std::vector<validation_error> errors;
  bool valid() const { return errors.empty(); }
  explicit operator bool() const { return valid(); }
};

namespace detail {
struct program;
}

class validator {
 public:
  validator() = default;  // accepts everything

  // True when the instance is valid; stops at the first failure and builds no message.
  bool is_valid(const boost::json::value& instance) const;
  result validate(const boost::json::value& instance) const;
  // As above, and applies coerce_types / use_defaults to the instance when the options ask.
  result validate(boost::json::value& instance) const;

 private:
  friend validator compile(const boost::json::value&, options);
  std::shared_ptr<const detail::program> program_;
};

// Throws schema_error when the schema is invalid or a $ref cannot be resolved.
validator compile(const boost::json::value& schema, options opts = {});

}  // namespace strata::schema
