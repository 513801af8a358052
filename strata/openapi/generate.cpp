// Routes -> OpenAPI 3.1. Each route's schema is Fastify's shape ({"params", "querystring",
// "headers", "body", "response": {"200": ...}}): the object schemas of params, query and headers
// become parameter lists, the body a JSON request body, and each response status a response.
#include <strata/openapi/openapi.hpp>

#include <boost/json/array.hpp>

#include <any>
#include <cctype>
#include <map>
#include <set>
#include <string_view>

namespace strata::openapi {

namespace {

using boost::json::array;
using boost::json::object;
using boost::json::value;

// The methods an OpenAPI path item can hold; other methods (PROPFIND...) are left out.
bool documented_method(std::string_view m) {
  static const std::set<std::string_view> methods{"GET", "PUT", "POST", "DELETE", "OPTIONS", "HEAD", "PATCH", "TRACE"};
  return methods.contains(m);
}

std::string lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

// getUsersById for GET /users/:id; a clash gets a number.
std::string operation_id(std::string_view method, std::string_view pattern, std::set<std::string>& taken) {
  std::string id = lower(method);
  std::size_t i = 0;
  while (i < pattern.size()) {
    while (i < pattern.size() && pattern[i] == '/') ++i;
    std::size_t end = pattern.find('/', i);
    if (end == std::string_view::npos) end = pattern.size();
    std::string_view segment = pattern.substr(i, end - i);
    i = end;
    if (segment.empty()) continue;
    bool param = false;
    if (segment.front() == ':') {
      segment.remove_prefix(1);
      param = true;
    } else if (segment == "*") {
      segment = "wildcard";
      param = true;
    }
    if (param) id += "By";
    bool upper = true;
    for (char c : segment) {
      if (!std::isalnum(static_cast<unsigned char>(c))) {
        upper = true;
        continue;
      }
      id += upper ? static_cast<char>(std::toupper(static_cast<unsigned char>(c))) : c;
      upper = false;
    }
  }
  std::string unique = id;
  for (int n = 2; taken.contains(unique); ++n) unique = id + std::to_string(n);
  taken.insert(unique);
  return unique;
}

// The reason phrase a response needs as its description when the schema gives none.
std::string_view reason(std::string_view status) {
  static const std::pair<std::string_view, std::string_view> known[] = {
      {"200", "OK"},           {"201", "Created"},         {"202", "Accepted"},
      {"204", "No Content"},   {"301", "Moved Permanently"}, {"302", "Found"},
      {"304", "Not Modified"}, {"400", "Bad Request"},     {"401", "Unauthorized"},
      {"403", "Forbidden"},    {"404", "Not Found"},       {"409", "Conflict"},
      {"422", "Unprocessable Content"}, {"429", "Too Many Requests"}, {"500", "Internal Server Error"},
      {"503", "Service Unavailable"},   {"2XX", "Success"}, {"4XX", "Client error"}, {"5XX", "Server error"},
      {"default", "Response"}};
  for (const auto& [code, text] : known)
    if (code == status) return text;
  return "Response";
}

// Fastify writes ranges as "2xx"; OpenAPI as "2XX".
std::string status_key(std::string_view key) {
  std::string out(key);
  if (out.size() == 3 && out[1] == 'x' && out[2] == 'x') out[1] = out[2] = 'X';
  return out;
}

// The "properties" of an object schema, or nullptr.
const object* properties_of(const value* schema) {
  if (!schema || !schema->is_object()) return nullptr;
  const value* props = schema->as_object().if_contains("properties");
  return props ? props->if_object() : nullptr;
}

// One parameter per property of an object schema.
void add_parameters(array& out, const value* schema, std::string_view in, std::set<std::string>& seen) {
  const object* props = properties_of(schema);
  if (!props) return;
  std::set<std::string_view> required;
  if (const auto* req = schema->as_object().if_contains("required"); req && req->is_array())
    for (const auto& r : req->as_array())
      if (r.is_string()) required.insert(r.as_string());
  for (const auto& [name, prop] : *props) {
    if (!seen.insert(std::string(in) + ":" + std::string(name)).second) continue;
    object p{{"name", name}, {"in", in}, {"required", in == "path" || required.contains(name)}, {"schema", prop}};
    if (const auto* d = prop.is_object() ? prop.as_object().if_contains("description") : nullptr) p["description"] = *d;
    out.push_back(std::move(p));
  }
}

// The parameter names of a route pattern, in order; the wildcard is "wildcard".
std::vector<std::string> path_names(std::string_view pattern) {
  std::vector<std::string> names;
  for (std::size_t i = 0; i < pattern.size(); ++i) {
    if (i != 0 && pattern[i - 1] != '/') continue;
    if (pattern[i] == ':') {
      std::size_t end = pattern.find('/', i);
      if (end == std::string_view::npos) end = pattern.size();
      names.emplace_back(pattern.substr(i + 1, end - i - 1));
    } else if (pattern[i] == '*') {
      names.emplace_back("wildcard");
    }
  }
  return names;
}

// ---- $defs into components ----
// A part schema that carries $defs (schema::of<T>() makes {"$ref": "#/$defs/user", "$defs": ...})
// has them moved into components.schemas, and its "#/$defs/X" refs pointed there. A name another
// route already gave a different schema is numbered (user2), so two types never share one.

constexpr std::string_view defs_prefix = "#/$defs/";
constexpr std::string_view components_prefix = "#/components/schemas/";

void rewrite_refs(value& v, const std::map<std::string, std::string>& names) {
  if (auto* a = v.if_array()) {
    for (auto& item : *a) rewrite_refs(item, names);
  } else if (auto* o = v.if_object()) {
    for (auto& [k, x] : *o) {
      if (k == "$ref" && x.is_string() && x.get_string().starts_with(defs_prefix)) {
        const std::string name(std::string_view(x.get_string()).substr(defs_prefix.size()));
        if (auto it = names.find(name); it != names.end()) x = std::string(components_prefix) + it->second;
      } else {
        rewrite_refs(x, names);
      }
    }
  }
}

value hoist_defs(const value& part, object& schemas) {
  const object* o = part.if_object();
  const value* defs = o ? o->if_contains("$defs") : nullptr;
  if (!defs || !defs->is_object() || o->contains("$id")) return part;
  std::map<std::string, std::string> names;
  std::set<std::string> taken;
  for (const auto& [name, d] : defs->get_object()) names[std::string(name)] = std::string(name);
  for (const auto& [name, d] : names) taken.insert(d);
  // Renaming one definition changes those that refer to it: repeat until nothing clashes.
  for (int round = 0; round < 16; ++round) {
    bool changed = false;
    for (const auto& [name, d] : defs->get_object()) {
      value mine = d;
      rewrite_refs(mine, names);
      std::string& target = names[std::string(name)];
      const value* existing = schemas.if_contains(target);
      if (!existing || *existing == mine) continue;
      // The first numbered name that is free, or already holds this very schema (another route
      // of the same type met the clash first).
      std::string fresh;
      for (int n = 2;; ++n) {
        fresh = std::string(name) + std::to_string(n);
        const value* held = schemas.if_contains(fresh);
        if (held ? *held == mine : !taken.contains(fresh)) break;
      }
      taken.insert(fresh);
      target = fresh;
      changed = true;
    }
    if (!changed) break;
  }
  for (const auto& [name, d] : defs->get_object()) {
    value mine = d;
    rewrite_refs(mine, names);
    const std::string& target = names[std::string(name)];
    if (!schemas.contains(target)) schemas[target] = std::move(mine);
  }
  value out = part;
  out.as_object().erase("$defs");
  rewrite_refs(out, names);
  return out;
}

// Parameters are listed from an object schema's properties: a root $ref to one of the part's own
// $defs is replaced by that definition first.
value parameters_schema(const value* part) {
  if (!part || !part->is_object()) return part ? *part : value();
  const object& o = part->get_object();
  const value* ref = o.if_contains("$ref");
  const value* defs = o.if_contains("$defs");
  if (!ref || !ref->is_string() || !ref->get_string().starts_with(defs_prefix) || !defs || !defs->is_object())
    return *part;
  const value* target = defs->get_object().if_contains(std::string_view(ref->get_string()).substr(defs_prefix.size()));
  if (!target || !target->is_object()) return *part;
  object out = target->get_object();
  out["$defs"] = *defs;
  return out;
}

object problem_schema() {
  return object{{"type", "object"},
                {"description", "An RFC 9457 problem detail"},
                {"properties", object{{"type", object{{"type", "string"}}},
                                      {"title", object{{"type", "string"}}},
                                      {"status", object{{"type", "integer"}}},
                                      {"detail", object{{"type", "string"}}},
                                      {"instance", object{{"type", "string"}}}}},
                {"required", array{"title", "status"}}};
}

// ---- security from the routes' auth requirements ----
// The auth layer decorates scopes with the OpenAPI schemes of its strategies and group guards
// with their requirement; a route's own requirement comes first in the docs.

constexpr std::string_view schemes_decoration = "strata.openapi.security_schemes";

const object* visible_schemes(const http::route& r) {
  const std::any* any = r.decoration(schemes_decoration);
  return any ? std::any_cast<object>(any) : nullptr;
}

// Alternatives, as OpenAPI wants them: [{"jwt": []}, {"api_key": []}], and {} when optional.
array security_of(const http::route& r) {
  const http::auth_requirement* need = r.options.auth ? &*r.options.auth : nullptr;
  if (!need)
    if (const std::any* any = r.decoration(http::auth_requirement_decoration))
      need = std::any_cast<http::auth_requirement>(any);
  const object* schemes = visible_schemes(r);
  if (!need || !schemes) return {};
  std::vector<std::string> names = need->strategies;
  if (names.empty())
    for (const auto& [name, scheme] : *schemes) names.emplace_back(name);
  array alternatives;
  for (const auto& name : names)
    if (schemes->contains(name)) alternatives.push_back(object{{name, array{}}});
  if (need->optional && !alternatives.empty()) alternatives.push_back(object{});
  return alternatives;
}

object operation(const http::route& r, const info& about, std::set<std::string>& ids, std::set<std::string>& tags,
                 object& components) {
  const auto& o = r.options;
  // The route's part schemas with their $defs moved into the components.
  object schema;
  for (const auto& [key, part] : o.schema) {
    if (key == "response" && part.is_object()) {
      object responses;
      for (const auto& [status, s] : part.get_object()) responses[status] = hoist_defs(s, components);
      schema[key] = std::move(responses);
    } else if (key == "params" || key == "querystring" || key == "query" || key == "headers") {
      schema[key] = hoist_defs(parameters_schema(&part), components);
    } else {
      schema[key] = hoist_defs(part, components);
    }
  }
  object op;
  if (!o.tags.empty()) {
    array t;
    for (const auto& tag : o.tags) {
      t.push_back(value(tag));
      tags.insert(tag);
    }
    op["tags"] = std::move(t);
  }
  if (!o.summary.empty()) op["summary"] = o.summary;
  if (!o.description.empty()) op["description"] = o.description;
  op["operationId"] = o.operation_id.empty() ? operation_id(r.method_text, r.pattern, ids) : o.operation_id;
  if (o.deprecated) op["deprecated"] = true;

  // Path parameters: every one in the pattern, typed by the params schema where it names them
  // (a name the pattern lacks is left out: OpenAPI refuses it).
  const std::vector<std::string> names = path_names(r.pattern);
  array kept;
  std::set<std::string> seen;
  const object* typed = properties_of(schema.if_contains("params"));
  for (const auto& name : names) {
    seen.insert("path:" + name);
    object p{{"name", name}, {"in", "path"}, {"required", true}, {"schema", object{{"type", "string"}}}};
    if (const value* s = typed ? typed->if_contains(name) : nullptr) {
      p["schema"] = *s;
      if (s->is_object())
        if (const auto* d = s->as_object().if_contains("description")) p["description"] = *d;
    }
    kept.push_back(std::move(p));
  }
  add_parameters(kept, schema.if_contains("querystring"), "query", seen);
  add_parameters(kept, schema.if_contains("query"), "query", seen);
  add_parameters(kept, schema.if_contains("headers"), "header", seen);
  if (!kept.empty()) op["parameters"] = std::move(kept);

  if (const auto* body = schema.if_contains("body")) {
    op["requestBody"] = object{{"required", true}, {"content", object{{"application/json", object{{"schema", *body}}}}}};
  }

  object responses;
  if (const auto* declared = schema.if_contains("response"); declared && declared->is_object()) {
    for (const auto& [status, s] : declared->as_object()) {
      const std::string key = status_key(status);
      object response{{"description", std::string(reason(key))}};
      if (s.is_object() && s.as_object().contains("description") && s.as_object().at("description").is_string())
        response["description"] = s.as_object().at("description");
      if (key != "204" && key != "304") response["content"] = object{{"application/json", object{{"schema", s}}}};
      responses[key] = std::move(response);
    }
  }
  if (responses.empty()) responses["200"] = object{{"description", "OK"}};
  if (about.problem_responses && !responses.contains("default")) {
    responses["default"] = object{
        {"description", "An error, as RFC 9457 problem details"},
        {"content", object{{"application/problem+json", object{{"schema", object{{"$ref", "#/components/schemas/Problem"}}}}}}}};
  }
  if (auto security = security_of(r); !security.empty()) {
    const object problem{{"application/problem+json", object{{"schema", object{{"$ref", "#/components/schemas/Problem"}}}}}};
    if (!responses.contains("401") && about.problem_responses)
      responses["401"] = object{{"description", "Unauthorized"}, {"content", problem}};
    op["security"] = std::move(security);
  }
  op["responses"] = std::move(responses);
  return op;
}

}  // namespace

std::string openapi_path(std::string_view pattern) {
  std::string out;
  for (std::size_t i = 0; i < pattern.size(); ++i) {
    const bool segment_start = i == 0 || pattern[i - 1] == '/';
    if (segment_start && pattern[i] == ':') {
      std::size_t end = pattern.find('/', i);
      if (end == std::string_view::npos) end = pattern.size();
      out += "{" + std::string(pattern.substr(i + 1, end - i - 1)) + "}";
      i = end - 1;
    } else if (segment_start && pattern[i] == '*') {
      out += "{wildcard}";
    } else {
      out += pattern[i];
    }
  }
  return out.empty() ? "/" : out;
}

object generate(const http::router& routes, const info& about) {
  object doc;
  doc["openapi"] = "3.1.0";
  object inf{{"title", about.title}, {"version", about.version}};
  if (!about.description.empty()) inf["description"] = about.description;
  doc["info"] = std::move(inf);
  if (!about.servers.empty()) {
    array servers;
    for (const auto& url : about.servers) servers.push_back(object{{"url", url}});
    doc["servers"] = std::move(servers);
  }

  // The service's own components first, so schemas from the routes never take their names.
  object schemas = about.schemas;
  if (about.problem_responses && !schemas.contains("Problem")) schemas["Problem"] = problem_schema();
  object paths;
  object security_schemes = about.security_schemes;  // the service's own, then the strategies'
  std::set<std::string> ids, tags;
  for (const auto& r : routes.routes()) {
    if (r->options.hidden || !documented_method(r->method_text)) continue;
    value& item = paths[openapi_path(r->pattern)];
    if (!item.is_object()) item = object{};
    item.as_object()[lower(r->method_text)] = operation(*r, about, ids, tags, schemas);
    if (const object* found = visible_schemes(*r))
      for (const auto& [name, scheme] : *found)
        if (!security_schemes.contains(name)) security_schemes[name] = scheme;
  }
  doc["paths"] = std::move(paths);

  object components;
  if (!schemas.empty()) components["schemas"] = std::move(schemas);
  if (!security_schemes.empty()) components["securitySchemes"] = std::move(security_schemes);
  if (!components.empty()) doc["components"] = std::move(components);
  if (!about.security.empty()) doc["security"] = about.security;
  if (!tags.empty()) {
    array t;
    for (const auto& name : tags) t.push_back(object{{"name", name}});
    doc["tags"] = std::move(t);
  }
  return doc;
}

}  // namespace strata::openapi
