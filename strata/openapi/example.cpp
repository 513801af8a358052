// Example values built from JSON schemas, for Postman requests and docs.
#include <strata/openapi/postman.hpp>

#include <boost/json/array.hpp>

#include <string_view>

namespace strata::openapi {

namespace {

using boost::json::array;
using boost::json::object;
using boost::json::value;

constexpr int max_depth = 8;  // recursive schemas ("a tree of nodes") stop here

value string_example(const object& s) {
  const auto* format = s.if_contains("format");
  const std::string_view f = format && format->is_string() ? std::string_view(format->as_string()) : "";
  if (f == "email") return "user@example.com";
  if (f == "date-time") return "2024-01-02T03:04:05Z";
  if (f == "date") return "2024-01-02";
  if (f == "time") return "03:04:05Z";
  if (f == "uuid") return "3fa85f64-5717-4562-b3fc-2c963f66afa6";
  if (f == "uri" || f == "url") return "https://example.com/";
  if (f == "hostname") return "example.com";
  if (f == "ipv4") return "192.0.2.1";
  if (f == "ipv6") return "2001:db8::1";
  std::string text = "string";
  if (const auto* min = s.if_contains("minLength"); min && min->is_int64())
    while (static_cast<std::int64_t>(text.size()) < min->as_int64()) text += "x";
  if (const auto* max = s.if_contains("maxLength"); max && max->is_int64() && max->as_int64() >= 0)
    text.resize(std::min<std::size_t>(text.size(), static_cast<std::size_t>(max->as_int64())));
  return value(text);
}

value number_example(const object& s, bool integer) {
  for (const char* bound : {"minimum", "exclusiveMinimum", "maximum", "exclusiveMaximum"}) {
    const auto* b = s.if_contains(bound);
    if (!b || !b->is_number()) continue;
    double d = b->to_number<double>();
    if (std::string_view(bound) == "exclusiveMinimum") d += 1;
    if (std::string_view(bound) == "exclusiveMaximum") d -= 1;
    if (integer) return static_cast<std::int64_t>(d);
    return d;
  }
  return integer ? value(1) : value(1.5);
}

value example(const value& schema, const object& components, int depth) {
  if (depth > max_depth || !schema.is_object()) return nullptr;
  const object& s = schema.as_object();
  if (const auto* ref = s.if_contains("$ref"); ref && ref->is_string()) {
    constexpr std::string_view prefix = "#/components/schemas/";
    std::string_view target = ref->as_string();
    if (!target.starts_with(prefix)) return nullptr;
    const auto* named = components.if_contains(target.substr(prefix.size()));
    return named ? example(*named, components, depth + 1) : nullptr;
  }
  if (const auto* e = s.if_contains("examples"); e && e->is_array() && !e->as_array().empty()) return e->as_array()[0];
  for (const char* key : {"example", "default", "const"})
    if (const auto* e = s.if_contains(key)) return *e;
  if (const auto* e = s.if_contains("enum"); e && e->is_array() && !e->as_array().empty()) return e->as_array()[0];
  for (const char* key : {"allOf", "anyOf", "oneOf"})
    if (const auto* list = s.if_contains(key); list && list->is_array() && !list->as_array().empty())
      return example(list->as_array()[0], components, depth + 1);

  std::string_view type;
  if (const auto* t = s.if_contains("type")) {
    if (t->is_string()) type = t->as_string();
    if (t->is_array())
      for (const auto& one : t->as_array())
        if (one.is_string() && one.as_string() != "null") {
          type = one.as_string();
          break;
        }
  }
  if (type.empty() && s.contains("properties")) type = "object";
  if (type == "object") {
    object out;
    if (const auto* props = s.if_contains("properties"); props && props->is_object())
      for (const auto& [name, prop] : props->as_object()) out[name] = example(prop, components, depth + 1);
    return out;
  }
  if (type == "array") {
    array out;
    if (const auto* items = s.if_contains("items")) out.push_back(example(*items, components, depth + 1));
    return out;
  }
  if (type == "string") return string_example(s);
  if (type == "integer") return number_example(s, true);
  if (type == "number") return number_example(s, false);
  if (type == "boolean") return true;
  return nullptr;
}

}  // namespace

value example_of(const value& schema, const object& components) {
  return example(schema, components, 0);
}

}  // namespace strata::openapi
