// The JSON-building half of schemas from described types: leaf schemas, a struct's object schema,
// and the root with the $defs of every struct reached (or those structs written in place).
#include <cctype>
#include <cstdint>
#include <limits>
#include <map>
#include <set>
#include <stdexcept>
#include <strata/schema/detail/described.hpp>

namespace strata::schema::detail {

namespace {

using boost::json::array;
using boost::json::object;
using boost::json::value;

constexpr std::string_view defs_prefix = "#/$defs/";

// Replaces each {"$ref": "#/$defs/X"} by X's schema, unless X is being written already (a
// recursive struct keeps its $ref, and its definition stays in $defs).
void inline_refs(value& v, const std::map<std::string, const described_info*>& by_name, std::set<std::string>& open,
                 std::set<std::string>& kept) {
  if (auto* a = v.if_array()) {
    for (auto& item : *a) inline_refs(item, by_name, open, kept);
    return;
  }
  auto* o = v.if_object();
  if (!o) return;
  if (const auto* ref = o->if_contains("$ref"); ref && ref->is_string() && ref->get_string().starts_with(defs_prefix)) {
    const std::string name(std::string_view(ref->get_string()).substr(defs_prefix.size()));
    auto it = by_name.find(name);
    if (it == by_name.end()) return;
    if (open.contains(name)) {
      kept.insert(name);
      return;
    }
    value expanded = it->second->schema;
    open.insert(name);
    inline_refs(expanded, by_name, open, kept);
    open.erase(name);
    object merged = std::move(expanded.as_object());
    for (const auto& [k, x] : *o)
      if (k != "$ref") merged[k] = x;  // the member's own refinements (description...) win
    v = std::move(merged);
    return;
  }
  for (auto& [k, x] : *o) inline_refs(x, by_name, open, kept);
}

}  // namespace

std::string camel_case(std::string_view name) {
  std::string out;
  out.reserve(name.size());
  bool upper = false;
  for (char c : name) {
    if (c == '_' && !out.empty()) {
      upper = true;
      continue;
    }
    out += upper ? static_cast<char>(std::toupper(static_cast<unsigned char>(c))) : c;
    upper = false;
  }
  return out;
}

s::type integer_schema(bool is_signed, int bits) {
  s::type t = s::integer();
  // 64-bit bounds are what JSON numbers and the format name say; smaller ones are written out, so
  // a uint8 member refuses 256 before any conversion.
  if (bits >= 64) {
    if (!is_signed)
      t.min(0);
    else
      return s::type(s::type::kind::integer, {{"type", "integer"}, {"format", "int64"}});
    return t;
  }
  const std::int64_t lo = is_signed ? -(std::int64_t{1} << (bits - 1)) : 0;
  const std::int64_t hi = is_signed ? (std::int64_t{1} << (bits - 1)) - 1 : (std::int64_t{1} << bits) - 1;
  boost::json::object o{{"type", "integer"}};
  if (bits == 32 && is_signed) o["format"] = "int32";
  o["minimum"] = lo;
  o["maximum"] = hi;
  return s::type(s::type::kind::integer, std::move(o));
}

s::type number_schema(int bits) {
  return s::type(s::type::kind::number, {{"type", "number"}, {"format", bits <= 32 ? "float" : "double"}});
}

s::type time_schema(bool date_only) {
  return s::string().format(date_only ? "date" : "date-time");
}

s::type enum_schema(const std::vector<std::string_view>& names) {
  array list;
  for (auto n : names) list.emplace_back(n);
  return s::type(s::type::kind::string, {{"type", "string"}, {"enum", std::move(list)}});
}

s::type map_schema(const s::type& values) {
  return s::type(s::type::kind::object, {{"type", "object"}, {"additionalProperties", values.json()}});
}

s::type ref_schema(std::string_view component) {
  return s::type(s::type::kind::any, {{"$ref", std::string(defs_prefix) + std::string(component)}});
}

described_info finish(std::string name, std::vector<std::pair<std::string, s::type>> properties,
                      const s::type& object_refinement, std::vector<info_fn> uses) {
  described_info out;
  out.name = std::move(name);
  std::set<std::string_view> seen;
  for (const auto& [json_name, t] : properties) {
    if (!seen.insert(json_name).second)
      throw std::logic_error("schema: " + out.name + " has two members named \"" + json_name + "\" in JSON");
    out.properties.push_back(json_name);
  }
  out.schema = s::object(properties).json();
  // Object-level refinements (description, strict, examples) on top of the generated object.
  for (const auto& [k, v] : object_refinement.json()) out.schema[k] = v;
  out.uses = std::move(uses);
  return out;
}

value assemble(const object& root, const std::vector<info_fn>& uses, bool inline_structs) {
  // Every struct reachable from the root, each once, by component name.
  std::map<std::string, const described_info*> by_name;
  std::vector<info_fn> work(uses.begin(), uses.end());
  std::set<info_fn> done;
  std::map<std::string, info_fn> owner;
  while (!work.empty()) {
    info_fn f = work.back();
    work.pop_back();
    if (!done.insert(f).second) continue;
    const described_info& i = f();
    if (auto [it, fresh] = owner.emplace(i.name, f); !fresh && it->second != f)
      throw std::logic_error("schema: two different types have the component name \"" + i.name +
                             "\"; give one a schema_name");
    by_name[i.name] = &i;
    work.insert(work.end(), i.uses.begin(), i.uses.end());
  }
  value out = root;
  if (by_name.empty()) return out;
  object defs;
  if (inline_structs) {
    std::set<std::string> open, kept;
    inline_refs(out, by_name, open, kept);
    // A recursive struct keeps its definition, itself inlined but for the recursive refs.
    for (std::size_t n = 0; n != kept.size();) {
      n = kept.size();
      for (const auto& name : std::set<std::string>(kept)) {
        if (defs.contains(name)) continue;
        value d = by_name.at(name)->schema;
        std::set<std::string> self{name};
        inline_refs(d, by_name, self, kept);
        defs[name] = std::move(d);
      }
    }
  } else {
    for (const auto& [name, i] : by_name) defs[name] = i->schema;
  }
  if (!defs.empty()) out.as_object()["$defs"] = std::move(defs);
  return out;
}

}  // namespace strata::schema::detail
