// The schema builder: each call adds its JSON Schema keyword to the object under construction.
#include <strata/schema/builder.hpp>

#include <boost/json/array.hpp>

#include <cmath>
#include <cstdint>

namespace strata::schema::s {

namespace {

// Whole bounds as integers: {"minLength": 3}, not 3.0, which some validators refuse for lengths.
boost::json::value bound(double v) {
  if (std::trunc(v) == v && std::fabs(v) < 9.0e15) return static_cast<std::int64_t>(v);
  return v;
}

}  // namespace

type& type::min(double b) {
  const char* key = kind_ == kind::string ? "minLength" : kind_ == kind::array ? "minItems" : kind_ == kind::object ? "minProperties" : "minimum";
  schema_[key] = bound(b);
  return *this;
}

type& type::max(double b) {
  const char* key = kind_ == kind::string ? "maxLength" : kind_ == kind::array ? "maxItems" : kind_ == kind::object ? "maxProperties" : "maximum";
  schema_[key] = bound(b);
  return *this;
}

type& type::gt(double b) {
  schema_["exclusiveMinimum"] = bound(b);
  return *this;
}

type& type::lt(double b) {
  schema_["exclusiveMaximum"] = bound(b);
  return *this;
}

type& type::pattern(std::string_view regex) {
  schema_["pattern"] = regex;
  return *this;
}

type& type::format(std::string_view name) {
  schema_["format"] = name;
  return *this;
}

type& type::description(std::string_view text) {
  schema_["description"] = text;
  return *this;
}

type& type::title(std::string_view text) {
  schema_["title"] = text;
  return *this;
}

type& type::default_value(boost::json::value v) {
  schema_["default"] = std::move(v);
  return *this;
}

type& type::example(boost::json::value v) {
  auto& list = schema_["examples"];
  if (!list.is_array()) list = boost::json::array();
  list.as_array().push_back(std::move(v));
  return *this;
}

type& type::nullable() {
  if (auto* t = schema_.if_contains("type"); t && t->is_string()) {
    *t = boost::json::array{*t, "null"};
  } else if (!schema_.contains("type")) {
    schema_ = boost::json::object{{"anyOf", boost::json::array{schema_, boost::json::object{{"type", "null"}}}}};
  }
  return *this;
}

type& type::optional() {
  optional_ = true;
  return *this;
}

type& type::strict() {
  if (kind_ == kind::object) schema_["additionalProperties"] = false;
  return *this;
}

type& type::unique() {
  if (kind_ == kind::array) schema_["uniqueItems"] = true;
  return *this;
}

type any() { return type(type::kind::any); }
type string() { return type(type::kind::string, {{"type", "string"}}); }
type integer() { return type(type::kind::integer, {{"type", "integer"}}); }
type number() { return type(type::kind::number, {{"type", "number"}}); }
type boolean() { return type(type::kind::boolean, {{"type", "boolean"}}); }
type null() { return type(type::kind::null, {{"type", "null"}}); }

type array(const type& items) { return type(type::kind::array, {{"type", "array"}, {"items", items.json()}}); }

type object(const std::vector<std::pair<std::string, type>>& properties) {
  boost::json::object props;
  boost::json::array required;
  for (const auto& [name, t] : properties) {
    props[name] = t.json();
    if (!t.is_optional()) required.push_back(boost::json::value(name));
  }
  boost::json::object schema{{"type", "object"}, {"properties", std::move(props)}};
  if (!required.empty()) schema["required"] = std::move(required);
  return type(type::kind::object, std::move(schema));
}

type object(std::initializer_list<std::pair<std::string_view, type>> properties) {
  std::vector<std::pair<std::string, type>> list;
  for (const auto& [name, t] : properties) list.emplace_back(std::string(name), t);
  return object(list);
}

type enumeration(std::initializer_list<boost::json::value> values) {
  return type(type::kind::any, {{"enum", boost::json::array(values.begin(), values.end())}});
}

type literal(boost::json::value value) { return type(type::kind::any, {{"const", std::move(value)}}); }

type any_of(std::initializer_list<type> options) {
  boost::json::array list;
  for (const auto& t : options) list.push_back(t.json());
  return type(type::kind::any, {{"anyOf", std::move(list)}});
}

type ref(std::string_view component) {
  return type(type::kind::any, {{"$ref", "#/components/schemas/" + std::string(component)}});
}

}  // namespace strata::schema::s
