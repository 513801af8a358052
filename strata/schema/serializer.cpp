// The schema serializer: a schema becomes a small tree of writer nodes (object nodes hold their
// properties with the `"name":` text made once), and writing walks the value and the nodes side
// by side, appending to one string.
#include <array>
#include <atomic>
#include <boost/json/array.hpp>
#include <boost/json/object.hpp>
#include <charconv>
#include <cmath>
#include <cstdint>
#include <cstring>
#include <map>
#include <strata/schema/detail/uri.hpp>
#include <strata/schema/serializer.hpp>
#include <string_view>
#include <vector>

namespace strata::schema {

namespace detail {

namespace {
constexpr std::uint32_t none = 0xffffffff;
}

struct writer_node {
  enum class kind : std::uint8_t { any, object, array, string, integer, number, boolean };
  kind k = kind::any;
  bool keep_extras = false;            // objects: additionalProperties true or a schema
  std::uint32_t first = 0, count = 0;  // objects: properties
  std::uint32_t child = none;          // arrays: items; objects: the additionalProperties schema
};

struct writer_property {
  std::string name;
  std::string key;  // "name": already escaped
  std::uint32_t node = none;
};

struct writer_program {
  std::vector<writer_node> nodes;
  std::vector<writer_property> properties;
  // The size of the last text written: the next one reserves it, so a response of the same
  // shape grows its string once instead of doubling its way up.
  mutable std::atomic<std::size_t> last_size{0};
};

namespace {

using boost::json::array;
using boost::json::object;
using boost::json::value;

// ---- writing ----

// 0: copied as is; otherwise the character after the backslash ('u' for \u00XX).
constexpr std::array<char, 256> escapes = [] {
  std::array<char, 256> t{};
  for (int c = 0; c < 0x20; ++c) t[c] = 'u';
  t['\b'] = 'b';
  t['\f'] = 'f';
  t['\n'] = 'n';
  t['\r'] = 'r';
  t['\t'] = 't';
  t['"'] = '"';
  t['\\'] = '\\';
  return t;
}();

// True when one of the 8 bytes of w is a control character, '"' or '\\' (the "has less than" and
// "has zero byte" bit tricks): clean runs of text are skipped 8 bytes at a time.
inline bool needs_escape(std::uint64_t w) {
  constexpr std::uint64_t ones = 0x0101010101010101ULL, highs = 0x8080808080808080ULL;
  const std::uint64_t quote = w ^ (ones * '"'), backslash = w ^ (ones * '\\');
  return (((w - ones * 0x20) & ~w) | ((quote - ones) & ~quote) | ((backslash - ones) & ~backslash)) & highs;
}

void write_string(std::string_view s, std::string& out) {
  out.push_back('"');
  const char* p = s.data();
  const char* end = p + s.size();
  const char* run = p;  // the start of the text not yet copied
  while (p != end) {
    for (std::uint64_t w; end - p >= 8; p += 8) {
      std::memcpy(&w, p, 8);
      if (needs_escape(w)) break;
    }
    // At most 8 bytes one by one, then back to whole words.
    for (const char* stop = end - p >= 8 ? p + 8 : end; p != stop; ++p) {
      const char e = escapes[static_cast<unsigned char>(*p)];
      if (e == 0) [[likely]]
        continue;
      out.append(run, p);
      if (e == 'u') {
        static constexpr char hex[] = "0123456789abcdef";
        const auto c = static_cast<unsigned char>(*p);
        const char u[6] = {'\\', 'u', '0', '0', hex[c >> 4], hex[c & 15]};
        out.append(u, 6);
      } else {
        const char two[2] = {'\\', e};
        out.append(two, 2);
      }
      run = p + 1;
    }
  }
  out.append(run, end);
  out.push_back('"');
}

template <class N>
void write_integer(N n, std::string& out) {
  char buf[24];
  auto r = std::to_chars(buf, buf + sizeof buf, n);
  out.append(buf, r.ptr);
}

void write_double(double d, std::string& out) {
  if (!std::isfinite(d)) {
    out += "null";  // as JSON.stringify: JSON has no NaN or infinity
    return;
  }
  char buf[32];
  auto r = std::to_chars(buf, buf + sizeof buf, d);
  out.append(buf, r.ptr);
}

void write_number(const value& v, std::string& out) {
  if (v.is_int64())
    write_integer(v.get_int64(), out);
  else if (v.is_uint64())
    write_integer(v.get_uint64(), out);
  else
    write_double(v.get_double(), out);
}

// Everything as is, as boost::json::serialize would (with the escaping and numbers above).
void write_any(const value& v, std::string& out) {
  switch (v.kind()) {
    case boost::json::kind::null:
      out += "null";
      return;
    case boost::json::kind::bool_:
      out += v.get_bool() ? "true" : "false";
      return;
    case boost::json::kind::string:
      write_string(v.get_string(), out);
      return;
    case boost::json::kind::array: {
      out.push_back('[');
      bool first = true;
      for (const auto& item : v.get_array()) {
        if (!first) out.push_back(',');
        first = false;
        write_any(item, out);
      }
      out.push_back(']');
      return;
    }
    case boost::json::kind::object: {
      out.push_back('{');
      bool first = true;
      for (const auto& kv : v.get_object()) {
        if (!first) out.push_back(',');
        first = false;
        write_string(kv.key(), out);
        out.push_back(':');
        write_any(kv.value(), out);
      }
      out.push_back('}');
      return;
    }
    default:
      write_number(v, out);
  }
}

// Short keys compare inline: a call to memcmp costs more than the comparison.
inline bool same_name(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i)
    if (a[i] != b[i]) return false;
  return true;
}

// Where in the value a mismatch is, built only for the error.
struct step {
  const step* parent;
  std::string_view key;
  std::size_t index;
};

std::string pointer_of(const step* at) {
  std::vector<const step*> chain;
  for (; at; at = at->parent) chain.push_back(at);
  std::string out;
  for (auto it = chain.rbegin(); it != chain.rend(); ++it)
    out += "/" + ((*it)->key.data() ? pointer_escape((*it)->key) : std::to_string((*it)->index));
  return out;
}

[[noreturn, gnu::cold]] void mismatch(const step* at, std::string_view expected, const value& v) {
  static constexpr std::string_view kinds[] = {"null",   "boolean", "number", "number",
                                               "number", "string",  "array",  "object"};
  throw serialize_error("response does not match its schema at '" + pointer_of(at) + "': " + std::string(expected) +
                        " expected, got " + std::string(kinds[static_cast<int>(v.kind())]));
}

// A numeric string as a number ("42" for an integer), or false.
bool number_from_string(std::string_view s, bool integer, std::string& out) {
  if (s.empty()) return false;
  double d = 0;
  auto r = std::from_chars(s.data(), s.data() + s.size(), d);
  if (r.ec != std::errc() || r.ptr != s.data() + s.size() || !std::isfinite(d)) return false;
  if (integer) d = std::trunc(d);
  if (integer && std::fabs(d) < 9.0e15)
    write_integer(static_cast<std::int64_t>(d), out);
  else
    write_double(d, out);
  return true;
}

class writer {
 public:
  explicit writer(const writer_program& p) : p_(p) {}

  void write(std::uint32_t n, const value& v, std::string& out, const step* at) {
    const writer_node& node = p_.nodes[n];
    if (v.is_null()) {
      out += "null";
      return;
    }
    switch (node.k) {
      case writer_node::kind::any:
        write_any(v, out);
        return;
      case writer_node::kind::object:
        if (!v.is_object()) mismatch(at, "object", v);
        write_object(node, v.get_object(), out, at);
        return;
      case writer_node::kind::array: {
        if (!v.is_array()) mismatch(at, "array", v);
        out.push_back('[');
        std::size_t i = 0;
        for (const auto& item : v.get_array()) {
          if (i) out.push_back(',');
          const step here{at, {}, i++};
          if (node.child == none)
            write_any(item, out);
          else
            write(node.child, item, out, &here);
        }
        out.push_back(']');
        return;
      }
      case writer_node::kind::string:
        if (v.is_string()) {
          write_string(v.get_string(), out);
        } else if (v.is_number()) {
          out.push_back('"');
          write_number(v, out);
          out.push_back('"');
        } else if (v.is_bool()) {
          out += v.get_bool() ? "\"true\"" : "\"false\"";
        } else {
          mismatch(at, "string", v);
        }
        return;
      case writer_node::kind::integer:
        if (v.is_int64())
          write_integer(v.get_int64(), out);
        else if (v.is_uint64())
          write_integer(v.get_uint64(), out);
        else if (v.is_double()) {
          const double d = std::trunc(v.get_double());
          if (std::fabs(d) < 9.0e15)
            write_integer(static_cast<std::int64_t>(d), out);
          else
            write_double(d, out);
        } else if (!v.is_string() || !number_from_string(v.get_string(), true, out)) {
          mismatch(at, "integer", v);
        }
        return;
      case writer_node::kind::number:
        if (v.is_number())
          write_number(v, out);
        else if (!v.is_string() || !number_from_string(v.get_string(), false, out))
          mismatch(at, "number", v);
        return;
      case writer_node::kind::boolean:
        if (!v.is_bool()) mismatch(at, "boolean", v);
        out += v.get_bool() ? "true" : "false";
        return;
    }
  }

 private:
  void write_object(const writer_node& node, const object& o, std::string& out, const step* at) {
    out.push_back('{');
    bool first = true;
    // Members mostly come in the declared order: try the next position before a lookup.
    std::size_t guess = 0;
    const auto* begin = o.begin();
    const std::size_t size = o.size();
    for (std::uint32_t i = node.first, end = node.first + node.count; i < end; ++i) {
      const writer_property& prop = p_.properties[i];
      const value* member = nullptr;
      if (guess < size && same_name(begin[guess].key(), prop.name)) {
        member = &begin[guess].value();
        ++guess;
      } else if (auto it = o.find(prop.name); it != o.end()) {
        member = &it->value();
        guess = static_cast<std::size_t>(it - begin) + 1;
      }
      if (!member) continue;  // absent: left out (the handler's business, not the writer's)
      if (!first) out.push_back(',');
      first = false;
      out += prop.key;
      const step here{at, prop.name, 0};
      write(prop.node, *member, out, &here);
    }
    if (node.keep_extras) {
      for (const auto& kv : o) {
        if (declared(node, kv.key())) continue;
        if (!first) out.push_back(',');
        first = false;
        write_string(kv.key(), out);
        out.push_back(':');
        const step here{at, kv.key(), 0};
        if (node.child == none)
          write_any(kv.value(), out);
        else
          write(node.child, kv.value(), out, &here);
      }
    }
    out.push_back('}');
  }

  bool declared(const writer_node& node, std::string_view key) const {
    for (std::uint32_t i = node.first, end = node.first + node.count; i < end; ++i)
      if (p_.properties[i].name == key) return true;
    return false;
  }

  const writer_program& p_;
};

// ---- compiling ----

class compiler {
 public:
  compiler(const value& root, writer_program& p) : root_(root), p_(p) {}

  std::uint32_t node(const value& s, int depth = 0) {
    if (depth > 64) return add({});  // absurd nesting: written as is
    const object* o = s.if_object();
    if (!o) return add({});
    if (const auto* ref = o->if_contains("$ref")) return by_ref(*ref, depth);
    // anyOf / oneOf of one schema and null: that schema (null is always written as null).
    for (const char* key : {"anyOf", "oneOf"})
      if (const auto* list = o->if_contains(key)) {
        const value* other = nullable_branch(*list);
        return other ? node(*other, depth + 1) : add({});
      }
    for (const char* key : {"allOf", "if", "not", "patternProperties", "prefixItems", "$dynamicRef"})
      if (o->contains(key)) return add({});

    std::string_view type;
    if (const auto* t = o->if_contains("type")) {
      if (t->is_string()) {
        type = t->get_string();
      } else if (t->is_array()) {
        for (const auto& one : t->get_array()) {
          if (!one.is_string() || one.get_string() == "null") continue;
          if (!type.empty()) return add({});  // several types: as is
          type = one.get_string();
        }
      }
    } else if (o->contains("properties")) {
      type = "object";
    } else if (o->contains("items")) {
      type = "array";
    }
    if (type == "object") return object_node(*o, depth);
    if (type == "array") {
      const auto* items = o->if_contains("items");
      if (!items || !items->is_object()) return add({writer_node::kind::array});  // none, or a draft-07 tuple
      const std::uint32_t n = add({writer_node::kind::array});
      const std::uint32_t child = node(*items, depth + 1);
      p_.nodes[n].child = child;
      return n;
    }
    if (type == "string") return add({writer_node::kind::string});
    if (type == "integer") return add({writer_node::kind::integer});
    if (type == "number") return add({writer_node::kind::number});
    if (type == "boolean") return add({writer_node::kind::boolean});
    return add({});
  }

 private:
  std::uint32_t add(writer_node n) {
    p_.nodes.push_back(n);
    return static_cast<std::uint32_t>(p_.nodes.size() - 1);
  }

  static const value* nullable_branch(const value& list) {
    const array* a = list.if_array();
    if (!a || a->size() != 2) return nullptr;
    auto is_null = [](const value& s) {
      const object* o = s.if_object();
      return o && o->size() == 1 && o->contains("type") && o->at("type") == "null";
    };
    if (is_null((*a)[0])) return &(*a)[1];
    if (is_null((*a)[1])) return &(*a)[0];
    return nullptr;
  }

  std::uint32_t object_node(const object& o, int depth) {
    const auto* props = o.if_contains("properties");
    const value* extra = o.if_contains("additionalProperties");
    if (!extra) extra = o.if_contains("unevaluatedProperties");
    if ((!props || !props->is_object()) && !extra) return add({});  // free-form: as is
    const std::uint32_t n = add({writer_node::kind::object});
    std::vector<std::pair<std::string, const value*>> list;
    if (props && props->is_object())
      for (const auto& kv : props->get_object()) list.emplace_back(std::string(kv.key()), &kv.value());
    // Properties are compiled first and then laid out in one range, since compiling a child
    // adds properties of its own.
    std::vector<writer_property> mine;
    for (auto& [name, s] : list) {
      writer_property wp;
      wp.key = "";
      write_string(name, wp.key);
      wp.key.push_back(':');
      wp.name = std::move(name);
      wp.node = node(*s, depth + 1);
      mine.push_back(std::move(wp));
    }
    p_.nodes[n].first = static_cast<std::uint32_t>(p_.properties.size());
    p_.nodes[n].count = static_cast<std::uint32_t>(mine.size());
    for (auto& wp : mine) p_.properties.push_back(std::move(wp));
    if (extra && !(extra->is_bool() && !extra->get_bool())) {
      p_.nodes[n].keep_extras = true;
      if (extra->is_object() && !extra->get_object().empty()) {
        const std::uint32_t child = node(*extra, depth + 1);
        p_.nodes[n].child = child;
      }
    }
    return n;
  }

  // A $ref into this document ("#", "#/$defs/user", "#/definitions/x"), compiled once per
  // target so that recursive schemas become cycles; any other $ref is written as is.
  std::uint32_t by_ref(const value& ref, int depth) {
    if (!ref.is_string() || !ref.get_string().starts_with("#")) return add({});
    const std::string target(ref.get_string());
    if (auto it = refs_.find(target); it != refs_.end()) return it->second;
    const value* s = resolve(target);
    if (!s) return add({});
    // A placeholder first, so a ref back to this target finds it; filled in once compiled.
    const std::uint32_t slot = add({});
    refs_.emplace(target, slot);
    const std::uint32_t compiled = node(*s, depth + 1);
    p_.nodes[slot] = p_.nodes[compiled];
    return slot;
  }

  const value* resolve(std::string_view target) const {
    auto fragment = percent_decode(target.substr(1));
    if (!fragment) return nullptr;
    const value* at = &root_;
    std::string_view rest = *fragment;
    if (rest.empty()) return at;
    if (rest.front() != '/') return nullptr;  // an anchor name: not followed
    while (!rest.empty()) {
      rest.remove_prefix(1);
      const auto slash = rest.find('/');
      auto token = pointer_unescape(rest.substr(0, slash));
      if (!token) return nullptr;
      rest = slash == std::string_view::npos ? std::string_view() : rest.substr(slash);
      if (const auto* o = at->if_object()) {
        at = o->if_contains(*token);
      } else if (const auto* a = at->if_array()) {
        std::size_t i = 0;
        auto r = std::from_chars(token->data(), token->data() + token->size(), i);
        at = r.ec == std::errc() && r.ptr == token->data() + token->size() && i < a->size() ? &(*a)[i] : nullptr;
      } else {
        at = nullptr;
      }
      if (!at) return nullptr;
    }
    return at;
  }

  const value& root_;
  writer_program& p_;
  std::map<std::string, std::uint32_t> refs_;
};

}  // namespace
}  // namespace detail

void serializer::write(const boost::json::value& v, std::string& out) const {
  if (!program_) {
    detail::write_any(v, out);
    return;
  }
  const std::size_t start = out.size();
  out.reserve(start + program_->last_size.load(std::memory_order_relaxed));
  detail::writer(*program_).write(0, v, out, nullptr);
  program_->last_size.store(out.size() - start, std::memory_order_relaxed);
}

serializer compile_serializer(const boost::json::value& schema) {
  auto p = std::make_shared<detail::writer_program>();
  p->nodes.reserve(16);
  detail::compiler c(schema, *p);
  c.node(schema);  // the root is node 0
  serializer s;
  s.program_ = std::move(p);
  return s;
}

}  // namespace strata::schema
