// OpenAPI -> Postman collection v2.1 (the format newman runs).
#include <strata/openapi/postman.hpp>

#include <boost/json/array.hpp>
#include <boost/json/serialize.hpp>

#include <cctype>
#include <map>
#include <string_view>

namespace strata::openapi {

namespace {

using boost::json::array;
using boost::json::object;
using boost::json::value;

std::string text_of(const value& v) {
  if (v.is_string()) return std::string(v.as_string());
  if (v.is_null()) return "";
  return boost::json::serialize(v);
}

std::string upper(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return out;
}

// Path and query as Postman splits them: "/users/{id}" -> [":id"-style segments] and variables.
object url_of(std::string_view path, const array& parameters, const object& components) {
  array segments, variables, query;
  std::string raw = "{{baseUrl}}";
  std::size_t i = 0;
  while (i < path.size()) {
    while (i < path.size() && path[i] == '/') ++i;
    std::size_t end = path.find('/', i);
    if (end == std::string_view::npos) end = path.size();
    std::string_view segment = path.substr(i, end - i);
    i = end;
    if (segment.empty()) continue;
    std::string s(segment);
    if (segment.size() > 2 && segment.front() == '{' && segment.back() == '}') s = ":" + s.substr(1, s.size() - 2);
    raw += "/" + s;
    segments.push_back(value(s));
  }
  std::string query_text;
  for (const auto& p : parameters) {
    if (!p.is_object()) continue;
    const object& po = p.as_object();
    const auto* in = po.if_contains("in");
    const auto* name = po.if_contains("name");
    if (!in || !name || !name->is_string()) continue;
    const value* schema = po.if_contains("schema");
    const std::string example = text_of(schema ? example_of(*schema, components) : value("x"));
    if (*in == "path") {
      variables.push_back(object{{"key", *name}, {"value", example.empty() ? "x" : example}});
    } else if (*in == "query") {
      const bool required = po.contains("required") && po.at("required") == true;
      object q{{"key", *name}, {"value", example}};
      if (!required) q["disabled"] = true;  // shown in Postman, not sent by newman
      if (required) query_text += std::string(query_text.empty() ? "?" : "&") + std::string(name->as_string()) + "=" + example;
      query.push_back(std::move(q));
    }
  }
  object url{{"raw", raw + query_text}, {"host", array{"{{baseUrl}}"}}, {"path", std::move(segments)}};
  if (!variables.empty()) url["variable"] = std::move(variables);
  if (!query.empty()) url["query"] = std::move(query);
  return url;
}

// The status a request's test expects: the first documented 2xx code, else any success.
std::string status_test(const object& op) {
  if (const auto* responses = op.if_contains("responses"); responses && responses->is_object())
    for (const auto& [code, r] : responses->as_object())
      if (code.size() == 3 && code[0] == '2' && std::isdigit(static_cast<unsigned char>(code[1])))
        return "pm.test(\"status is " + std::string(code) + "\", function () { pm.response.to.have.status(" +
               std::string(code) + "); });";
  return "pm.test(\"status is a success\", function () { pm.response.to.be.success; });";
}

object request_item(std::string_view path, std::string_view method, const object& op, const object& components) {
  array parameters;
  if (const auto* p = op.if_contains("parameters"); p && p->is_array()) parameters = p->as_array();
  object request{{"method", upper(method)}, {"url", url_of(path, parameters, components)}};
  array headers;
  for (const auto& p : parameters) {
    const object& po = p.as_object();
    if (po.at("in") != "header" || !(po.contains("required") && po.at("required") == true)) continue;
    const value* schema = po.if_contains("schema");
    headers.push_back(object{{"key", po.at("name")}, {"value", text_of(schema ? example_of(*schema, components) : value("x"))}});
  }
  if (const auto* body = op.if_contains("requestBody"); body && body->is_object()) {
    const value* schema = nullptr;
    if (const auto* content = body->as_object().if_contains("content"); content && content->is_object())
      if (const auto* json = content->as_object().if_contains("application/json"); json && json->is_object())
        schema = json->as_object().if_contains("schema");
    headers.push_back(object{{"key", "Content-Type"}, {"value", "application/json"}});
    request["body"] = object{{"mode", "raw"},
                             {"raw", boost::json::serialize(schema ? example_of(*schema, components) : value(object{}))},
                             {"options", object{{"raw", object{{"language", "json"}}}}}};
  }
  if (!headers.empty()) request["header"] = std::move(headers);
  if (const auto* d = op.if_contains("description")) request["description"] = *d;

  std::string name = upper(method) + " " + std::string(path);
  if (const auto* s = op.if_contains("summary"); s && s->is_string() && !s->as_string().empty()) name = s->as_string();
  return object{{"name", name},
                {"request", std::move(request)},
                {"event", array{object{{"listen", "test"},
                                       {"script", object{{"type", "text/javascript"}, {"exec", array{value(status_test(op))}}}}}}}};
}

}  // namespace

object to_postman(const object& openapi, const postman_options& options) {
  object components;
  if (const auto* c = openapi.if_contains("components"); c && c->is_object())
    if (const auto* s = c->as_object().if_contains("schemas"); s && s->is_object()) components = s->as_object();

  // Folders by first tag, in the order tags first appear; untagged requests at the top level.
  std::vector<std::string> order;
  std::map<std::string, array> folders;
  array top;
  if (const auto* paths = openapi.if_contains("paths"); paths && paths->is_object()) {
    for (const auto& [path, item] : paths->as_object()) {
      if (!item.is_object()) continue;
      for (const auto& [method, op] : item.as_object()) {
        if (!op.is_object()) continue;
        object entry = request_item(path, method, op.as_object(), components);
        const auto* tags = op.as_object().if_contains("tags");
        if (tags && tags->is_array() && !tags->as_array().empty() && tags->as_array()[0].is_string()) {
          std::string tag(tags->as_array()[0].as_string());
          if (!folders.contains(tag)) order.push_back(tag);
          folders[tag].push_back(std::move(entry));
        } else {
          top.push_back(std::move(entry));
        }
      }
    }
  }
  array items;
  for (const auto& tag : order) items.push_back(object{{"name", tag}, {"item", std::move(folders[tag])}});
  for (auto& entry : top) items.push_back(std::move(entry));

  std::string name = options.name;
  if (name.empty())
    if (const auto* info = openapi.if_contains("info"); info && info->is_object())
      if (const auto* title = info->as_object().if_contains("title"); title && title->is_string()) name = title->as_string();
  object collection{
      {"info", object{{"name", name.empty() ? "API" : name},
                      {"schema", "https://schema.getpostman.com/json/collection/v2.1.0/collection.json"}}},
      {"item", std::move(items)},
      {"variable", array{object{{"key", "baseUrl"}, {"value", options.base_url}},
                         object{{"key", "token"}, {"value", options.token}}}}};
  // Bearer auth with {{token}} when the service declares security schemes or a token is given.
  bool secured = !options.token.empty();
  if (const auto* c = openapi.if_contains("components"); c && c->is_object())
    secured = secured || c->as_object().contains("securitySchemes");
  if (secured)
    collection["auth"] = object{{"type", "bearer"},
                                {"bearer", array{object{{"key", "token"}, {"value", "{{token}}"}, {"type", "string"}}}}};
  return collection;
}

}  // namespace strata::openapi
