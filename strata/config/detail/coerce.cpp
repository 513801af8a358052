// coerce: strings to typed values by schema type, by the type already there, or as JSON.
#include <strata/config/detail/coerce.hpp>
#include <strata/config/scalars.hpp>

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>

#include <cctype>
#include <optional>

namespace strata::config::detail {
namespace json = boost::json;
namespace {

std::string_view trim(std::string_view s) {
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.front()))) s.remove_prefix(1);
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.back()))) s.remove_suffix(1);
  return s;
}

std::optional<json::value> parse_json(std::string_view text) {
  boost::system::error_code ec;
  json::value v = json::parse(text, ec);
  if (ec) return std::nullopt;
  return v;
}

std::optional<json::value> as_integer(std::string_view text) {
  if (auto i = parse_int64(text)) return json::value(*i);
  if (auto u = parse_uint64(text)) return json::value(*u);
  return std::nullopt;
}

std::optional<json::value> as_type(std::string_view text, std::string_view type, const json::object* items) {
  if (type == "string") return json::value(json::string(text));
  if (type == "integer") return as_integer(text);
  if (type == "number") {
    if (auto i = as_integer(text)) return i;
    if (auto d = parse_number(text)) return json::value(*d);
    return std::nullopt;
  }
  if (type == "boolean") {
    if (auto b = parse_bool(text)) return json::value(*b);
    return std::nullopt;
  }
  if (type == "null") {
    if (trim(text).empty() || trim(text) == "null") return json::value(nullptr);
    return std::nullopt;
  }
  const std::string_view t = trim(text);
  if (type == "object") {
    if (t.empty() || t.front() != '{') return std::nullopt;
    auto v = parse_json(t);
    if (v && v->is_object()) return v;
    return std::nullopt;
  }
  if (type == "array") {
    if (!t.empty() && t.front() == '[') {
      auto v = parse_json(t);
      if (v && v->is_array()) return v;
      return std::nullopt;
    }
    json::array a;
    for (const std::string& item : split_list(t)) a.push_back(coerce(item, items, nullptr));
    return json::value(std::move(a));
  }
  return std::nullopt;
}

std::string_view kind_name(const json::value& v) {
  switch (v.kind()) {
    case json::kind::string:
      return "string";
    case json::kind::int64:
    case json::kind::uint64:
      return "integer";
    case json::kind::double_:
      return "number";
    case json::kind::bool_:
      return "boolean";
    case json::kind::array:
      return "array";
    default:
      return "";  // objects and null say nothing about what replaces them
  }
}

}  // namespace

json::value parse_if_json(std::string_view text) {
  const std::string_view t = trim(text);
  if (t.empty()) return json::string(text);
  const char c = t.front();
  if (c == '{' || c == '[' || t == "true" || t == "false" || t == "null") {
    if (auto v = parse_json(t)) return *v;
  } else if (c == '-' || (c >= '0' && c <= '9')) {
    if (auto v = parse_json(t); v && v->is_number() && json::serialize(*v) == t) return *v;
  }
  return json::string(text);
}

json::value coerce(std::string_view text, const json::object* schema_node, const json::value* existing) {
  if (schema_node) {
    const json::object* items = nullptr;
    if (const json::value* i = schema_node->if_contains("items")) items = i->if_object();
    if (const json::value* t = schema_node->if_contains("type")) {
      // With several types ("integer or string"), the first that fits wins.
      if (t->is_string()) {
        if (auto v = as_type(text, t->get_string(), items)) return *v;
      } else if (t->is_array()) {
        for (const auto& type : t->get_array())
          if (auto v = as_type(text, type.get_string(), items)) return *v;
      }
      return json::string(text);
    }
  }
  if (existing && !kind_name(*existing).empty()) {
    const json::object* items = nullptr;
    json::object item_hint;
    if (existing->is_array() && !existing->get_array().empty()) {
      // A list default of integers makes "1,2,3" integers too.
      if (auto k = kind_name(existing->get_array().front()); !k.empty() && k != "array") {
        item_hint["type"] = k;
        items = &item_hint;
      }
    }
    if (auto v = as_type(text, kind_name(*existing), items)) return *v;
    return json::string(text);
  }
  return parse_if_json(text);
}

}  // namespace strata::config::detail
