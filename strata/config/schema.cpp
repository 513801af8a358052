// schema: checking the schema itself, defaults, and validation that collects every violation.
#include <strata/config/duration.hpp>
#include <strata/config/schema.hpp>

#include <boost/json/serialize.hpp>

#include <cmath>
#include <stdexcept>

namespace strata::config {
namespace json = boost::json;
namespace {

constexpr std::string_view type_names[] = {"string", "integer", "number", "boolean", "array", "object", "null"};

std::string join_key(std::string_view parent, std::string_view name) {
  return parent.empty() ? std::string(name) : std::string(parent) + "." + std::string(name);
}

const json::object* object_at(const json::object& o, std::string_view name) {
  const json::value* v = o.if_contains(name);
  return v ? v->if_object() : nullptr;
}

std::vector<std::string_view> types_of(const json::object& node) {
  std::vector<std::string_view> out;
  if (const json::value* t = node.if_contains("type")) {
    if (t->is_string()) out.push_back(t->get_string());
    if (t->is_array())
      for (const auto& e : t->get_array()) out.push_back(e.get_string());
  }
  return out;
}

bool has_type(const json::object& node, std::string_view type) {
  for (auto t : types_of(node))
    if (t == type) return true;
  return false;
}

bool is_integer(const json::value& v) {
  if (v.is_int64() || v.is_uint64()) return true;
  return v.is_double() && std::isfinite(v.get_double()) && std::trunc(v.get_double()) == v.get_double();
}

bool matches(const json::value& v, std::string_view type) {
  if (type == "string") return v.is_string();
  if (type == "integer") return is_integer(v);
  if (type == "number") return v.is_number();
  if (type == "boolean") return v.is_bool();
  if (type == "array") return v.is_array();
  if (type == "object") return v.is_object();
  return v.is_null();
}

double as_double(const json::value& v) { return v.to_number<double>(); }

std::size_t code_points(std::string_view s) {
  std::size_t n = 0;
  for (char c : s) n += (static_cast<unsigned char>(c) & 0xC0) != 0x80;
  return n;
}

bool is_duration_format(const json::object& node) {
  const json::value* f = node.if_contains("format");
  return f && f->is_string() && f->get_string() == "duration";
}

[[noreturn]] void bad_schema(std::string_view where, std::string_view what) {
  throw std::invalid_argument("config schema at '" + std::string(where.empty() ? "(root)" : where) +
                              "': " + std::string(what));
}

void check(const json::object& node, const std::string& where) {
  if (const json::value* t = node.if_contains("type")) {
    auto known = [&](const json::value& name) {
      if (!name.is_string()) return false;
      for (auto n : type_names)
        if (n == name.get_string()) return true;
      return false;
    };
    bool ok = known(*t);
    if (t->is_array()) {
      ok = !t->get_array().empty();
      for (const auto& e : t->get_array()) ok = ok && known(e);
    }
    if (!ok) bad_schema(where, "type must be one of string, integer, number, boolean, array, object, null");
  }
  for (std::string_view k : {"minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum"})
    if (const json::value* v = node.if_contains(k); v && !v->is_number())
      bad_schema(where, std::string(k) + " must be a number");
  for (std::string_view k : {"minLength", "maxLength"})
    if (const json::value* v = node.if_contains(k); v && !(is_integer(*v) && as_double(*v) >= 0))
      bad_schema(where, std::string(k) + " must be a non-negative integer");
  if (const json::value* v = node.if_contains("enum"); v && (!v->is_array() || v->get_array().empty()))
    bad_schema(where, "enum must be a non-empty array");
  if (const json::value* v = node.if_contains("secret"); v && !v->is_bool())
    bad_schema(where, "secret must be true or false");
  if (const json::value* v = node.if_contains("required")) {
    if (!v->is_array()) bad_schema(where, "required must be an array of property names");
    for (const auto& name : v->get_array())
      if (!name.is_string()) bad_schema(where, "required must be an array of property names");
  }
  if (const json::value* v = node.if_contains("properties")) {
    if (!v->is_object()) bad_schema(where, "properties must be an object");
    for (const auto& [name, sub] : v->get_object()) {
      if (!sub.is_object()) bad_schema(join_key(where, name), "a property's schema must be an object");
      if (std::string_view(name).find('.') != std::string_view::npos)
        bad_schema(join_key(where, name), "a property name cannot contain '.' (nest properties instead)");
      check(sub.get_object(), join_key(where, name));
    }
  }
  if (const json::value* v = node.if_contains("items")) {
    if (!v->is_object()) bad_schema(where, "items must be a schema object");
    check(v->get_object(), where + "[]");
  }
  if (const json::value* v = node.if_contains("additionalProperties")) {
    if (v->is_object())
      check(v->get_object(), join_key(where, "*"));
    else if (!v->is_bool())
      bad_schema(where, "additionalProperties must be a boolean or a schema object");
  }
}

std::string number_text(const json::value& v) { return json::serialize(v); }

class validator {
public:
  std::vector<schema_violation> out;

  void value(const json::value& v, const json::object& node, const std::string& key) {
    const auto types = types_of(node);
    bool type_ok = types.empty();
    for (auto t : types) type_ok = type_ok || matches(v, t);
    if (!type_ok) return fail(key, node, v);
    if (const json::value* e = node.if_contains("enum")) {
      bool found = false;
      for (const auto& option : e->get_array())
        found = found || option == v || (option.is_number() && v.is_number() && as_double(option) == as_double(v));
      if (!found) return fail(key, node, v);
    }
    if (v.is_number() && !in_bounds(as_double(v), node)) return fail(key, node, v);
    if (v.is_string() && !length_ok(v.get_string(), node)) return fail(key, node, v);
    if (is_duration_format(node) &&
        !(v.is_string() ? parse_duration(v.get_string()).has_value() : is_integer(v) && as_double(v) >= 0))
      return fail(key, node, v);
    if (v.is_object()) object(v.get_object(), node, key);
    if (v.is_array())
      if (const json::object* items = object_at(node, "items")) {
        const auto& a = v.get_array();
        for (std::size_t i = 0; i < a.size(); ++i) value(a[i], *items, key + "[" + std::to_string(i) + "]");
      }
  }

private:
  void fail(const std::string& key, const json::object& node, const json::value& got) {
    out.push_back({key, schema::expected(node), got});
  }

  static bool in_bounds(double x, const json::object& node) {
    if (const json::value* m = node.if_contains("minimum"); m && x < as_double(*m)) return false;
    if (const json::value* m = node.if_contains("maximum"); m && x > as_double(*m)) return false;
    if (const json::value* m = node.if_contains("exclusiveMinimum"); m && x <= as_double(*m)) return false;
    if (const json::value* m = node.if_contains("exclusiveMaximum"); m && x >= as_double(*m)) return false;
    return true;
  }

  static bool length_ok(std::string_view s, const json::object& node) {
    const std::size_t n = code_points(s);
    if (const json::value* m = node.if_contains("minLength"); m && n < m->to_number<std::size_t>()) return false;
    if (const json::value* m = node.if_contains("maxLength"); m && n > m->to_number<std::size_t>()) return false;
    return true;
  }

  void object(const json::object& o, const json::object& node, const std::string& key) {
    const json::object* props = object_at(node, "properties");
    if (props)
      for (const auto& [name, sub] : *props) {
        if (const json::value* child = o.if_contains(name)) value(*child, sub.get_object(), join_key(key, name));
      }
    if (const json::value* req = node.if_contains("required"))
      for (const auto& name : req->get_array()) {
        if (o.contains(name.get_string())) continue;
        const json::object* sub = props ? object_at(*props, name.get_string()) : nullptr;
        missing(sub, join_key(key, name.get_string()));
      }
    const json::value* extra = node.if_contains("additionalProperties");
    if (!extra) return;
    for (const auto& [name, child] : o) {
      if (props && props->contains(name)) continue;
      if (extra->is_object()) {
        value(child, extra->get_object(), join_key(key, name));
      } else if (!extra->get_bool()) {
        std::string known;
        if (props)
          for (const auto& p : *props) known += (known.empty() ? "" : ", ") + std::string(p.key());
        out.push_back({join_key(key, name), known.empty() ? "no keys here" : "one of the keys " + known, child});
      }
    }
  }

  // A required object that is missing is reported as its missing required members, which say more.
  void missing(const json::object* node, const std::string& key) {
    if (node && has_type(*node, "object") && node->contains("required")) {
      const std::size_t before = out.size();
      object(json::object(), *node, key);
      if (out.size() > before) return;
    }
    out.push_back({key, node ? schema::expected(*node) : "a value", std::nullopt});
  }
};

}  // namespace

schema::schema(json::object document) : document_(std::move(document)) { check(document_, ""); }

const json::object* schema::node(std::string_view key) const {
  const json::object* cur = &document_;
  while (!key.empty()) {
    const std::size_t dot = key.find('.');
    const std::string_view segment = key.substr(0, dot);
    const json::object* next = nullptr;
    if (const json::object* props = object_at(*cur, "properties")) next = object_at(*props, segment);
    if (!next) next = object_at(*cur, "additionalProperties");
    if (!next) return nullptr;
    cur = next;
    key = dot == std::string_view::npos ? std::string_view() : key.substr(dot + 1);
  }
  return cur;
}

bool schema::secret(std::string_view key) const {
  auto is_secret = [](const json::object& n) {
    const json::value* s = n.if_contains("secret");
    return s && s->is_bool() && s->get_bool();
  };
  const json::object* cur = &document_;
  while (true) {
    if (is_secret(*cur)) return true;
    if (key.empty()) return false;
    const std::size_t dot = key.find('.');
    const std::string_view segment = key.substr(0, dot);
    const json::object* next = nullptr;
    if (const json::object* props = object_at(*cur, "properties")) next = object_at(*props, segment);
    if (!next) next = object_at(*cur, "additionalProperties");
    if (!next) return false;
    cur = next;
    key = dot == std::string_view::npos ? std::string_view() : key.substr(dot + 1);
  }
}

namespace {
json::object defaults_of(const json::object& node) {
  json::object out;
  if (const json::object* props = object_at(node, "properties"))
    for (const auto& [name, sub] : *props) {
      const json::object& s = sub.get_object();
      if (const json::value* d = s.if_contains("default")) {
        out[name] = *d;
      } else if (json::object nested = defaults_of(s); !nested.empty()) {
        out[name] = std::move(nested);
      }
    }
  return out;
}
}  // namespace

json::object schema::defaults() const { return defaults_of(document_); }

std::vector<schema_violation> schema::validate(const json::object& root) const {
  validator v;
  if (!empty()) v.value(root, document_, "");
  return std::move(v.out);
}

std::string schema::expected(const json::object& node) {
  if (const json::value* e = node.if_contains("enum"); e && e->is_array()) {
    std::string s = "one of ";
    bool first = true;
    for (const auto& option : e->get_array()) {
      s += (first ? "" : ", ") + json::serialize(option);
      first = false;
    }
    return s;
  }
  std::string base;
  for (auto t : types_of(node)) base += (base.empty() ? "" : " or ") + std::string(t);
  if (is_duration_format(node)) return "duration (e.g. 30s, 5m, 1h, 250ms)";
  if (base.empty()) base = "a value";

  const json::value* min = node.if_contains("minimum");
  const json::value* max = node.if_contains("maximum");
  const json::value* xmin = node.if_contains("exclusiveMinimum");
  const json::value* xmax = node.if_contains("exclusiveMaximum");
  if (min && max) {
    base += " " + number_text(*min) + ".." + number_text(*max);
  } else {
    if (min) base += " >= " + number_text(*min);
    if (xmin) base += (min ? " and > " : " > ") + number_text(*xmin);
    if (max) base += (min || xmin ? " and <= " : " <= ") + number_text(*max);
    if (xmax) base += (min || xmin || max ? " and < " : " < ") + number_text(*xmax);
  }
  const json::value* min_len = node.if_contains("minLength");
  const json::value* max_len = node.if_contains("maxLength");
  if (min_len && max_len) {
    base += " of " + number_text(*min_len) + ".." + number_text(*max_len) + " characters";
  } else if (min_len && min_len->to_number<double>() == 1) {
    base = "non-empty " + base;
  } else if (min_len) {
    base += " of at least " + number_text(*min_len) + " characters";
  } else if (max_len) {
    base += " of at most " + number_text(*max_len) + " characters";
  }
  if (const json::object* items = object_at(node, "items"); items && has_type(node, "array"))
    base += " of " + expected(*items);
  return base;
}

}  // namespace strata::config
