// schema: the application's description of its configuration, a JSON Schema subset given as a
// boost::json::object. It types the strings of the environment, supplies defaults, marks secrets
// and lets load() report every invalid or missing value at once.
//
// Keywords: type (string or array of them), properties, required, additionalProperties (false or a
// schema), items, enum, minimum, maximum, exclusiveMinimum, exclusiveMaximum, minLength, maxLength,
// format ("duration"), default, secret (true: redacted in dumps and errors), description.
#pragma once
#include <boost/json/object.hpp>
#include <boost/json/value.hpp>

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace strata::config {

// A value the schema refuses: `got` is empty when the value is missing.
struct schema_violation {
  std::string key;
  std::string expected;
  std::optional<boost::json::value> got;
};

class schema {
public:
  schema() = default;  // accepts anything
  // Implicit, so load_options{.schema = boost::json::parse(...).as_object()} reads naturally.
  // Throws std::invalid_argument for a malformed schema (a programming error, not a config error).
  schema(boost::json::object document);  // NOLINT(google-explicit-constructor)

  bool empty() const { return document_.empty(); }
  const boost::json::object& document() const { return document_; }

  // The sub-schema that describes a dotted key, or nullptr.
  const boost::json::object* node(std::string_view key) const;
  // `secret: true` on the key or on an object that holds it.
  bool secret(std::string_view key) const;
  // The defaults of every property, nested as the configuration is.
  boost::json::object defaults() const;
  // Every violation of the whole configuration, in schema order.
  std::vector<schema_violation> validate(const boost::json::object& root) const;

  // What a node accepts, for messages: "integer 1..65535", `one of "debug", "info"`.
  static std::string expected(const boost::json::object& node);

private:
  boost::json::object document_;
};

}  // namespace strata::config
