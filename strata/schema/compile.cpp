// compile(): indexes the schema documents ($id, $anchor, $dynamicAnchor), then turns each schema
// object reached from the root into a node of checks. $ref targets are compiled once and shared,
// so recursive schemas become cycles in the node graph.
#include <algorithm>
#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>
#include <cmath>
#include <strata/schema/detail/cycles.hpp>
#include <strata/schema/detail/metaschemas.hpp>
#include <strata/schema/detail/program.hpp>
#include <strata/schema/detail/uri.hpp>
#include <strata/schema/validator.hpp>
#include <unordered_map>

namespace strata::schema::detail {

namespace {

using boost::json::object;
using boost::json::value;

// Where a schema value sits: its base URI, resource, dialect and JSON pointer in the resource.
struct location {
  std::string base;
  std::uint32_t resource = 0;
  draft dialect = draft::draft2020_12;
  bool validation = true;      // the validation vocabulary is on
  bool assert_format = false;  // the format-assertion vocabulary is on
  std::string path;
};

// Nesting bound of schema objects during indexing and compiling (the JSON may come from code,
// not from a parser with its own depth limit).
constexpr int max_schema_depth = 512;

std::optional<draft> known_dialect(std::string_view uri) {
  uri = strip_fragment(uri);
  if (uri == "http://json-schema.org/draft-07/schema" || uri == "http://json-schema.org/draft-06/schema" ||
      uri == "http://json-schema.org/draft-04/schema")
    return draft::draft7;
  if (uri == "https://json-schema.org/draft/2020-12/schema" || uri == "https://json-schema.org/draft/2019-09/schema")
    return draft::draft2020_12;
  return std::nullopt;
}

[[noreturn]] void fail(const std::string& where, const std::string& what) {
  throw schema_error("invalid schema at " + (where.empty() ? std::string("#") : "#" + where) + ": " + what);
}

// The base URI of a root schema without $id; its keyword locations read as "#/..." alone.
constexpr std::string_view root_uri = "urn:strata:schema:root";

std::string child_path(const std::string& path, std::string_view key) {
  return path + "/" + pointer_escape(key);
}

class compiler {
 public:
  compiler(program& p, const options& o) : p_(p), o_(o) {}

  std::uint32_t run(const value& schema) {
    p_.documents.push_back(schema);
    const value& root = p_.documents.back();
    std::string base(root_uri);
    add_document(root, base, o_.default_draft);
    auto root_node = compile_node(root, where_.at(&root), 0);
    link_dynamic_anchors();
    refuse_in_place_cycles(p_);
    return root_node;
  }

 private:
  program& p_;
  const options& o_;
  std::unordered_map<std::string, const value*> resources_;
  std::unordered_map<std::string, const value*> anchors_;
  std::unordered_map<const value*, location> where_;
  std::unordered_map<std::string, std::uint32_t> resource_ids_;
  std::unordered_map<const value*, std::uint32_t> compiled_;
  struct dynamic_anchor {
    std::uint32_t resource;
    std::string name;
    const value* schema;
  };
  std::vector<dynamic_anchor> dynamic_;
  bool uses_dynamic_ = false;

  std::uint32_t resource_id(const std::string& uri) {
    auto [it, added] = resource_ids_.try_emplace(uri, static_cast<std::uint32_t>(p_.resources.size()));
    if (added) p_.resources.push_back({uri, {}});
    return it->second;
  }

  // The dialect and vocabularies a $schema names: a known metaschema, or a custom one whose
  // $vocabulary says whether validation keywords apply.
  void read_dialect(const object& o, location& loc) {
    auto it = o.find("$schema");
    if (it == o.end() || !it->value().is_string()) return;
    std::string_view uri = it->value().get_string();
    if (auto d = known_dialect(uri)) {
      loc.dialect = *d;
      loc.validation = true;
      return;
    }
    const value* meta = find_document(std::string(strip_fragment(uri)));
    if (!meta || !meta->is_object()) return;
    const auto& mo = meta->get_object();
    if (auto s = mo.find("$schema"); s != mo.end() && s->value().is_string())
      if (auto d = known_dialect(s->value().get_string())) loc.dialect = *d;
    if (auto v = mo.find("$vocabulary"); v != mo.end() && v->value().is_object()) {
      const auto& vocab = v->value().get_object();
      loc.validation = vocab.contains("https://json-schema.org/draft/2020-12/vocab/validation");
      loc.assert_format = vocab.contains("https://json-schema.org/draft/2020-12/vocab/format-assertion");
    }
  }

  void add_document(const value& doc, const std::string& uri, draft dialect) {
    resources_.emplace(uri, &doc);
    location loc;
    loc.base = uri;
    loc.resource = resource_id(uri);
    loc.dialect = dialect;
    index(doc, loc, 0);
  }

  // A document by absolute URI (no fragment): indexed already, given in the options, built in,
  // or from the user's resolver. nullptr when none has it.
  const value* find_document(const std::string& uri) {
    if (auto it = resources_.find(uri); it != resources_.end()) return it->second;
    std::optional<value> found;
    if (auto it = o_.schemas.find(uri); it != o_.schemas.end()) {
      found = it->second;
    } else if (auto it2 = o_.schemas.find(uri + "#"); it2 != o_.schemas.end()) {
      found = it2->second;
    } else {
      for (const auto& b : builtin_schemas())
        if (b.uri == uri) found = boost::json::parse(b.text);
      if (!found && o_.resolve) found = o_.resolve(uri);
    }
    if (!found) return nullptr;
    p_.documents.push_back(std::move(*found));
    const value& doc = p_.documents.back();
    draft d = o_.default_draft;
    if (doc.is_object())
      if (auto s = doc.get_object().find("$schema"); s != doc.get_object().end() && s->value().is_string())
        if (auto k = known_dialect(s->value().get_string())) d = *k;
    add_document(doc, uri, d);
    return &doc;
  }

  // Records base URIs, resources and anchors of every subschema of `v`.
  void index(const value& v, location loc, int depth) {
    if (depth > max_schema_depth) fail(loc.path, "nested too deeply");
    if (!v.is_object()) {
      where_.emplace(&v, loc);
      return;
    }
    const auto& o = v.get_object();
    read_dialect(o, loc);
    const bool draft7 = loc.dialect == draft::draft7;
    // In draft-07 a $ref makes every sibling keyword ignored, $id included.
    if (auto id = o.find("$id"); id != o.end() && !(draft7 && o.contains("$ref"))) {
      if (!id->value().is_string()) fail(loc.path, "$id must be a string");
      std::string_view text = id->value().get_string();
      if (draft7 && text.starts_with("#")) {
        anchors_.emplace(std::string(strip_fragment(loc.base)) + std::string(text), &v);
      } else {
        std::string resolved = resolve_uri(loc.base, text);
        std::string frag(fragment_of(resolved));
        loc.base = std::string(strip_fragment(resolved));
        loc.resource = resource_id(loc.base);
        loc.path.clear();
        resources_.emplace(loc.base, &v);
        if (!frag.empty()) anchors_.emplace(loc.base + "#" + frag, &v);
      }
    }
    if (!draft7) {
      if (auto a = o.find("$anchor"); a != o.end() && a->value().is_string())
        anchors_.emplace(loc.base + "#" + std::string(a->value().get_string()), &v);
      if (auto a = o.find("$dynamicAnchor"); a != o.end() && a->value().is_string()) {
        std::string name(a->value().get_string());
        anchors_.emplace(loc.base + "#" + name, &v);
        dynamic_.push_back({loc.resource, name, &v});
      }
    }
    where_.emplace(&v, loc);
    auto sub = [&](const value& s, const std::string& path) {
      location l = loc;
      l.path = path;
      index(s, l, depth + 1);
    };
    for (const auto& kv : o) {
      std::string_view k = kv.key();
      const value& s = kv.value();
      const std::string path = child_path(loc.path, k);
      bool single = k == "additionalProperties" || k == "propertyNames" || k == "contains" || k == "not" || k == "if" ||
                    k == "then" || k == "else" || (draft7 ? k == "additionalItems" : false) ||
                    (!draft7 && (k == "unevaluatedItems" || k == "unevaluatedProperties" || k == "contentSchema"));
      bool list = k == "allOf" || k == "anyOf" || k == "oneOf" || (!draft7 && k == "prefixItems");
      bool map = k == "properties" || k == "patternProperties" || k == "definitions" ||
                 (!draft7 && (k == "$defs" || k == "dependentSchemas")) || k == "dependencies";
      if (k == "items") {
        if (s.is_array())
          list = true;
        else
          single = true;
      }
      if (single) {
        sub(s, path);
      } else if (list && s.is_array()) {
        for (std::size_t i = 0; i < s.get_array().size(); ++i) sub(s.get_array()[i], path + "/" + std::to_string(i));
      } else if (map && s.is_object()) {
        for (const auto& e : s.get_object())
          if (e.value().is_object() || e.value().is_bool()) sub(e.value(), child_path(path, e.key()));
      }
    }
  }

  // The location of a schema reached without indexing (inside an unknown keyword).
  location location_of(const value& v, const location& parent, std::string_view key) {
    if (auto it = where_.find(&v); it != where_.end()) return it->second;
    location l = parent;
    l.path = child_path(parent.path, key);
    where_.emplace(&v, l);
    return l;
  }

  // $ref: the schema a reference names, read against the referring schema's base URI.
  const value& resolve(std::string_view ref, const location& from, location& out, std::string* fragment = nullptr) {
    std::string target = resolve_uri(from.base, ref);
    std::string doc(strip_fragment(target));
    auto frag = percent_decode(fragment_of(target));
    if (!frag) fail(from.path, "malformed $ref '" + std::string(ref) + "'");
    const value* root = find_document(doc);
    if (!root) fail(from.path, "cannot resolve $ref '" + std::string(ref) + "' (no schema " + doc + ")");
    if (fragment) *fragment = *frag;
    if (frag->empty()) {
      out = where_.at(root);
      return *root;
    }
    if ((*frag)[0] != '/') {
      auto a = anchors_.find(doc + "#" + *frag);
      if (a == anchors_.end()) fail(from.path, "cannot resolve $ref '" + std::string(ref) + "' (no anchor)");
      out = where_.at(a->second);
      return *a->second;
    }
    const value* cur = root;
    location loc = where_.at(root);
    std::string_view rest(*frag);
    while (!rest.empty()) {
      rest.remove_prefix(1);
      auto slash = rest.find('/');
      auto token = pointer_unescape(rest.substr(0, slash));
      rest = slash == std::string_view::npos ? std::string_view{} : rest.substr(slash);
      if (!token) fail(from.path, "malformed JSON pointer in $ref '" + std::string(ref) + "'");
      const value* next = nullptr;
      if (cur->is_object()) {
        next = cur->get_object().if_contains(*token);
      } else if (cur->is_array()) {
        std::size_t i = 0;
        bool ok = !token->empty() && token->size() < 10 && (token->size() == 1 || (*token)[0] != '0');
        for (char c : *token) ok = ok && c >= '0' && c <= '9', i = i * 10 + static_cast<std::size_t>(c - '0');
        if (ok && i < cur->get_array().size()) next = &cur->get_array()[i];
      }
      if (!next) fail(from.path, "cannot resolve $ref '" + std::string(ref) + "' (no such location)");
      loc = location_of(*next, loc, *token);
      cur = next;
    }
    out = loc;
    return *cur;
  }

  std::uint32_t add_path(const location& loc, std::string_view keyword) {
    p_.paths.push_back((loc.base == root_uri ? std::string() : loc.base) + "#" + child_path(loc.path, keyword));
    p_.keywords.emplace_back(keyword);
    return static_cast<std::uint32_t>(p_.paths.size() - 1);
  }

  std::uint32_t sub(const value& v, const location& parent, std::string_view key, int depth) {
    return compile_node(v, location_of(v, parent, key), depth + 1);
  }

  std::uint32_t compile_node(const value& v, const location& loc, int depth) {
    if (auto it = compiled_.find(&v); it != compiled_.end()) return it->second;
    if (depth > max_schema_depth) fail(loc.path, "nested too deeply");
    const auto id = static_cast<std::uint32_t>(p_.nodes.size());
    p_.nodes.emplace_back();
    p_.nodes[id].resource = loc.resource;
    compiled_.emplace(&v, id);
    std::vector<check> cs;
    if (v.is_bool()) {
      if (!v.get_bool()) cs.push_back({.kind = op::fail, .path = add_path(loc, "false")});
    } else if (!v.is_object()) {
      fail(loc.path, "a schema must be an object or a boolean");
    } else {
      keywords(v.get_object(), loc, depth, cs, id);
    }
    p_.nodes[id].first = static_cast<std::uint32_t>(p_.checks.size());
    p_.nodes[id].count = static_cast<std::uint32_t>(cs.size());
    p_.checks.insert(p_.checks.end(), cs.begin(), cs.end());
    return id;
  }

  static std::uint64_t size_of(const value& v, const location& loc, std::string_view k) {
    if (v.is_uint64()) return v.get_uint64();
    if (v.is_int64() && v.get_int64() >= 0) return static_cast<std::uint64_t>(v.get_int64());
    if (v.is_double() && v.get_double() >= 0 && std::floor(v.get_double()) == v.get_double())
      return v.get_double() >= 1.8e19 ? UINT64_MAX : static_cast<std::uint64_t>(v.get_double());
    fail(loc.path, std::string(k) + " must be a non-negative integer");
  }

  static double number_of(const value& v, const location& loc, std::string_view k) {
    if (!v.is_number()) fail(loc.path, std::string(k) + " must be a number");
    return v.to_number<double>();
  }

  std::uint32_t node_list(const value& v, const location& loc, std::string_view k, int depth, bool allow_empty) {
    if (!v.is_array() || (!allow_empty && v.get_array().empty()))
      fail(loc.path, std::string(k) + " must be a non-empty array of schemas");
    std::vector<std::uint32_t> nodes;
    const auto& a = v.get_array();
    location at = loc;
    at.path = child_path(loc.path, k);
    for (std::size_t i = 0; i < a.size(); ++i) nodes.push_back(sub(a[i], at, std::to_string(i), depth));
    auto first = static_cast<std::uint32_t>(p_.node_lists.size());
    p_.node_lists.insert(p_.node_lists.end(), nodes.begin(), nodes.end());
    return first;
  }

  // properties, dependentSchemas: a name -> node range, sorted by name.
  std::pair<std::uint32_t, std::uint32_t> named_nodes(const value& v, const location& loc, std::string_view k,
                                                      int depth) {
    if (!v.is_object()) fail(loc.path, std::string(k) + " must be an object");
    std::vector<named_node> list;
    location at = loc;
    at.path = child_path(loc.path, k);
    for (const auto& e : v.get_object()) list.push_back({std::string(e.key()), sub(e.value(), at, e.key(), depth)});
    std::sort(list.begin(), list.end(), [](const auto& a, const auto& b) { return name_less(a.name, b.name); });
    auto first = static_cast<std::uint32_t>(p_.named.size());
    for (auto& n : list) p_.named.push_back(std::move(n));
    return {first, static_cast<std::uint32_t>(list.size())};
  }

  std::pair<std::uint32_t, std::uint32_t> string_list(const value& v, const location& loc, std::string_view k) {
    if (!v.is_array()) fail(loc.path, std::string(k) + " must be an array of strings");
    auto first = static_cast<std::uint32_t>(p_.strings.size());
    for (const auto& s : v.get_array()) {
      if (!s.is_string()) fail(loc.path, std::string(k) + " must be an array of strings");
      p_.strings.emplace_back(s.get_string());
    }
    return {first, static_cast<std::uint32_t>(v.get_array().size())};
  }

  std::shared_ptr<const regex> pattern(const value& v, const location& loc, std::string_view k) {
    if (!v.is_string()) fail(loc.path, std::string(k) + " must be a string");
    std::string error;
    auto re = regex::compile(v.get_string(), error);
    if (!re) fail(loc.path, "invalid regular expression '" + std::string(v.get_string()) + "': " + error);
    return re;
  }

  void keywords(const object& o, const location& loc, int depth, std::vector<check>& cs, std::uint32_t self) {
    const bool draft7 = loc.dialect == draft::draft7;
    auto path = [&](std::string_view k) { return add_path(loc, k); };
    auto find = [&](std::string_view k) -> const value* { return o.if_contains(k); };
    auto sub_of = [&](std::string_view k) { return sub(*find(k), loc, k, depth); };

    // draft-07: a $ref replaces the whole schema object.
    if (draft7) {
      if (const value* r = find("$ref")) {
        cs.push_back(ref_check(*r, loc, path("$ref"), depth));
        return;
      }
    }

    // Defaults first, then type (whose coercion the later checks must see).
    if (o_.use_defaults) {
      if (const value* props = find("properties"); props && props->is_object()) {
        auto first = static_cast<std::uint32_t>(p_.defaults.size());
        for (const auto& e : props->get_object())
          if (e.value().is_object())
            if (const value* d = e.value().get_object().if_contains("default"))
              p_.defaults.emplace_back(std::string(e.key()), d);
        p_.nodes[self].defaults_first = first;
        p_.nodes[self].defaults_count = static_cast<std::uint32_t>(p_.defaults.size()) - first;
      }
    }

    if (loc.validation) validation_keywords(o, loc, cs);
    // format is its own vocabulary: an annotation, or an assertion when asked for.
    if (const value* v = find("format"); v && (o_.assert_format || loc.assert_format)) {
      if (!v->is_string()) fail(loc.path, "format must be a string");
      auto f = format_of(v->get_string());
      if (f != format::unknown) cs.push_back({.kind = op::format, .fmt = f, .json = v, .path = path("format")});
    }

    // Applicators on objects.
    // With additionalProperties, one pass over the members does all three keywords.
    const bool additional = find("additionalProperties") != nullptr;
    std::uint32_t props_first = 0, props_count = 0, pats_first = 0, pats_count = 0;
    if (const value* v = find("properties")) {
      auto [f, n] = named_nodes(*v, loc, "properties", depth);
      props_first = f, props_count = n;
      if (!additional) cs.push_back({.kind = op::properties, .first = f, .count = n, .path = path("properties")});
    }
    if (const value* v = find("patternProperties")) {
      if (!v->is_object()) fail(loc.path, "patternProperties must be an object");
      std::vector<pattern_node> list;
      location at = loc;
      at.path = child_path(loc.path, "patternProperties");
      for (const auto& e : v->get_object())
        list.push_back({pattern(value(e.key()), loc, "patternProperties"), sub(e.value(), at, e.key(), depth)});
      pats_first = static_cast<std::uint32_t>(p_.patterns.size());
      pats_count = static_cast<std::uint32_t>(list.size());
      for (auto& l : list) p_.patterns.push_back(std::move(l));
      if (!additional)
        cs.push_back({.kind = op::pattern_properties,
                      .first = pats_first,
                      .count = pats_count,
                      .path = path("patternProperties")});
    }
    if (find("additionalProperties"))
      cs.push_back({.kind = op::additional_properties,
                    .node = sub_of("additionalProperties"),
                    .first = props_first,
                    .count = props_count,
                    .first2 = pats_first,
                    .count2 = pats_count,
                    .path = path("additionalProperties")});
    if (find("propertyNames"))
      cs.push_back({.kind = op::property_names, .node = sub_of("propertyNames"), .path = path("propertyNames")});
    if (!draft7) {
      if (const value* v = find("dependentSchemas")) {
        auto [f, n] = named_nodes(*v, loc, "dependentSchemas", depth);
        cs.push_back({.kind = op::dependent_schemas, .first = f, .count = n, .path = path("dependentSchemas")});
      }
    }
    // draft-07's dependencies, still honoured in 2020-12 schemas (it was split, not redefined).
    if (const value* v = find("dependencies")) {
      if (!v->is_object()) fail(loc.path, "dependencies must be an object");
      location at = loc;
      at.path = child_path(loc.path, "dependencies");
      std::vector<named_node> schemas;
      auto dep_first = static_cast<std::uint32_t>(p_.dependencies.size());
      for (const auto& e : v->get_object()) {
        if (e.value().is_array()) {
          auto [f, n] = string_list(e.value(), loc, "dependencies");
          p_.dependencies.push_back({std::string(e.key()), f, n});
        } else {
          schemas.push_back({std::string(e.key()), sub(e.value(), at, e.key(), depth)});
        }
      }
      auto dep_count = static_cast<std::uint32_t>(p_.dependencies.size()) - dep_first;
      if (dep_count)
        cs.push_back(
            {.kind = op::dependent_required, .first = dep_first, .count = dep_count, .path = path("dependencies")});
      if (!schemas.empty()) {
        auto f = static_cast<std::uint32_t>(p_.named.size());
        for (auto& n : schemas) p_.named.push_back(std::move(n));
        cs.push_back({.kind = op::dependent_schemas,
                      .first = f,
                      .count = static_cast<std::uint32_t>(schemas.size()),
                      .path = path("dependencies")});
      }
    }

    // Applicators on arrays.
    std::uint64_t prefix = 0;
    if (!draft7) {
      if (const value* v = find("prefixItems")) {
        auto f = node_list(*v, loc, "prefixItems", depth, false);
        prefix = v->get_array().size();
        cs.push_back({.kind = op::prefix_items,
                      .first = f,
                      .count = static_cast<std::uint32_t>(prefix),
                      .path = path("prefixItems")});
      }
      if (find("items")) cs.push_back({.kind = op::items, .node = sub_of("items"), .n = prefix, .path = path("items")});
    } else if (const value* v = find("items")) {
      if (v->is_array()) {
        auto f = node_list(*v, loc, "items", depth, true);
        prefix = v->get_array().size();
        cs.push_back(
            {.kind = op::prefix_items, .first = f, .count = static_cast<std::uint32_t>(prefix), .path = path("items")});
        if (find("additionalItems"))
          cs.push_back(
              {.kind = op::items, .node = sub_of("additionalItems"), .n = prefix, .path = path("additionalItems")});
      } else {
        cs.push_back({.kind = op::items, .node = sub_of("items"), .n = 0, .path = path("items")});
      }
    }
    if (find("contains")) {
      check c{.kind = op::contains, .node = sub_of("contains"), .n = 1, .path = path("contains")};
      if (!draft7 && loc.validation) {
        if (const value* m = find("minContains")) c.n = size_of(*m, loc, "minContains");
        if (const value* m = find("maxContains")) c.m = size_of(*m, loc, "maxContains"), c.has_max = true;
      }
      cs.push_back(c);
    }

    // In-place applicators.
    if (const value* v = find("allOf"))
      cs.push_back({.kind = op::all_of,
                    .first = node_list(*v, loc, "allOf", depth, false),
                    .count = static_cast<std::uint32_t>(v->is_array() ? v->get_array().size() : 0),
                    .path = path("allOf")});
    if (const value* v = find("anyOf"))
      cs.push_back({.kind = op::any_of,
                    .first = node_list(*v, loc, "anyOf", depth, false),
                    .count = static_cast<std::uint32_t>(v->is_array() ? v->get_array().size() : 0),
                    .path = path("anyOf")});
    if (const value* v = find("oneOf"))
      cs.push_back({.kind = op::one_of,
                    .first = node_list(*v, loc, "oneOf", depth, false),
                    .count = static_cast<std::uint32_t>(v->is_array() ? v->get_array().size() : 0),
                    .path = path("oneOf")});
    if (find("not")) cs.push_back({.kind = op::not_, .node = sub_of("not"), .path = path("not")});
    if (find("if")) {
      check c{.kind = op::if_, .node = sub_of("if"), .path = path("if")};
      if (find("then")) c.node2 = sub_of("then");
      if (find("else")) c.node3 = sub_of("else");
      cs.push_back(c);
    }
    if (const value* r = find("$ref")) cs.push_back(ref_check(*r, loc, path("$ref"), depth));
    if (!draft7) {
      if (const value* r = find("$dynamicRef")) cs.push_back(dynamic_ref_check(*r, loc, path("$dynamicRef"), depth));
      // Last: they read what every other keyword of this object evaluated.
      if (find("unevaluatedProperties")) {
        p_.nodes[self].tracks = true;
        cs.push_back({.kind = op::unevaluated_properties,
                      .node = sub_of("unevaluatedProperties"),
                      .path = path("unevaluatedProperties")});
      }
      if (find("unevaluatedItems")) {
        p_.nodes[self].tracks = true;
        cs.push_back(
            {.kind = op::unevaluated_items, .node = sub_of("unevaluatedItems"), .path = path("unevaluatedItems")});
      }
    }
  }

  void validation_keywords(const object& o, const location& loc, std::vector<check>& cs) {
    const bool draft7 = loc.dialect == draft::draft7;
    auto path = [&](std::string_view k) { return add_path(loc, k); };
    auto find = [&](std::string_view k) -> const value* { return o.if_contains(k); };
    if (const value* v = find("type")) {
      std::uint8_t bits = 0;
      auto add = [&](const value& t) {
        if (!t.is_string()) fail(loc.path, "type must be a string or an array of strings");
        std::string_view n = t.get_string();
        if (n == "null")
          bits |= t_null;
        else if (n == "boolean")
          bits |= t_boolean;
        else if (n == "object")
          bits |= t_object;
        else if (n == "array")
          bits |= t_array;
        else if (n == "number")
          bits |= t_number;
        else if (n == "string")
          bits |= t_string;
        else if (n == "integer")
          bits |= t_integer;
        else
          fail(loc.path, "unknown type '" + std::string(n) + "'");
      };
      if (v->is_array()) {
        for (const auto& t : v->get_array()) add(t);
      } else {
        add(*v);
      }
      cs.push_back({.kind = op::type, .types = bits, .path = path("type")});
    }
    if (const value* v = find("const")) cs.push_back({.kind = op::const_, .json = v, .path = path("const")});
    if (const value* v = find("enum")) {
      if (!v->is_array()) fail(loc.path, "enum must be an array");
      cs.push_back({.kind = op::enum_, .json = v, .path = path("enum")});
    }
    if (const value* v = find("multipleOf")) {
      double d = number_of(*v, loc, "multipleOf");
      if (!(d > 0)) fail(loc.path, "multipleOf must be greater than 0");
      cs.push_back({.kind = op::multiple_of, .number = d, .json = v, .path = path("multipleOf")});
    }
    auto bound = [&](std::string_view k, op kind) {
      if (const value* v = find(k))
        cs.push_back({.kind = kind, .number = number_of(*v, loc, k), .json = v, .path = path(k)});
    };
    bound("maximum", op::maximum);
    bound("minimum", op::minimum);
    if (draft7 && find("exclusiveMaximum") && find("exclusiveMaximum")->is_bool()) {
      fail(loc.path, "exclusiveMaximum must be a number (draft-04's boolean form is not supported)");
    }
    bound("exclusiveMaximum", op::exclusive_maximum);
    bound("exclusiveMinimum", op::exclusive_minimum);
    auto size = [&](std::string_view k, op kind) {
      if (const value* v = find(k)) cs.push_back({.kind = kind, .n = size_of(*v, loc, k), .path = path(k)});
    };
    size("maxLength", op::max_length);
    size("minLength", op::min_length);
    size("maxItems", op::max_items);
    size("minItems", op::min_items);
    size("maxProperties", op::max_properties);
    size("minProperties", op::min_properties);
    if (const value* v = find("pattern")) {
      p_.patterns.push_back({pattern(*v, loc, "pattern"), no_node});
      cs.push_back({.kind = op::pattern,
                    .first = static_cast<std::uint32_t>(p_.patterns.size() - 1),
                    .json = v,
                    .path = path("pattern")});
    }
    if (const value* v = find("uniqueItems")) {
      if (!v->is_bool()) fail(loc.path, "uniqueItems must be a boolean");
      if (v->get_bool()) cs.push_back({.kind = op::unique_items, .path = path("uniqueItems")});
    }
    if (const value* v = find("required")) {
      auto [f, n] = string_list(*v, loc, "required");
      if (n) cs.push_back({.kind = op::required, .first = f, .count = n, .path = path("required")});
    }
    if (!draft7) {
      if (const value* v = find("dependentRequired")) {
        if (!v->is_object()) fail(loc.path, "dependentRequired must be an object");
        auto first = static_cast<std::uint32_t>(p_.dependencies.size());
        for (const auto& e : v->get_object()) {
          auto [f, n] = string_list(e.value(), loc, "dependentRequired");
          p_.dependencies.push_back({std::string(e.key()), f, n});
        }
        cs.push_back({.kind = op::dependent_required,
                      .first = first,
                      .count = static_cast<std::uint32_t>(v->get_object().size()),
                      .path = path("dependentRequired")});
      }
    }
  }

  check ref_check(const value& r, const location& loc, std::uint32_t path, int depth) {
    if (!r.is_string()) fail(loc.path, "$ref must be a string");
    location target_loc;
    const value& target = resolve(r.get_string(), loc, target_loc);
    return {.kind = op::ref, .node = compile_node(target, target_loc, depth + 1), .path = path};
  }

  // $dynamicRef: a plain $ref unless its target carries a $dynamicAnchor of the fragment's name;
  // then the outermost resource in the dynamic scope with that anchor wins at run time.
  check dynamic_ref_check(const value& r, const location& loc, std::uint32_t path, int depth) {
    if (!r.is_string()) fail(loc.path, "$dynamicRef must be a string");
    location target_loc;
    std::string fragment;
    const value& target = resolve(r.get_string(), loc, target_loc, &fragment);
    check c{.kind = op::ref, .node = compile_node(target, target_loc, depth + 1), .path = path};
    if (!fragment.empty() && fragment[0] != '/' && target.is_object()) {
      const value* a = target.get_object().if_contains("$dynamicAnchor");
      if (a && a->is_string() && a->get_string() == fragment) {
        c.kind = op::dynamic_ref;
        c.first = static_cast<std::uint32_t>(p_.strings.size());
        p_.strings.push_back(fragment);
        uses_dynamic_ = true;
        p_.dynamic_scope = true;
      }
    }
    return c;
  }

  // Compiles every $dynamicAnchor of the indexed resources, so a $dynamicRef can jump to any of
  // them. Compiling may index further documents, hence the loop.
  void link_dynamic_anchors() {
    if (!uses_dynamic_) return;
    for (std::size_t i = 0; i < dynamic_.size(); ++i) {
      auto d = dynamic_[i];
      auto n = compile_node(*d.schema, where_.at(d.schema), 0);
      p_.resources[d.resource].dynamic_anchors.push_back({d.name, n});
    }
  }
};

}  // namespace

}  // namespace strata::schema::detail

namespace strata::schema {

validator compile(const boost::json::value& schema, options opts) {
  auto p = std::make_shared<detail::program>();
  p->paths.emplace_back("");  // index 0: errors that belong to no keyword (depth limit)
  p->keywords.emplace_back("");
  detail::compiler c(*p, opts);
  p->root = c.run(schema);
  detail::find_leaves(*p);
  p->opts = std::move(opts);
  p->opts.schemas.clear();
  p->opts.resolve = nullptr;
  validator v;
  v.program_ = std::move(p);
  return v;
}

}  // namespace strata::schema
