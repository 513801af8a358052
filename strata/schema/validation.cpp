// The validation plugin: per route, the schemas of its four request parts compiled once, then a
// pre_validation hook that builds each part as JSON, checks it and keeps the result on the request.
#include <strata/http/error.hpp>
#include <strata/schema/serializer.hpp>
#include <strata/schema/typed.hpp>
#include <strata/schema/validation.hpp>

#include <boost/json/array.hpp>
#include <boost/json/object.hpp>

#include <array>
#include <cctype>
#include <cstdlib>
#include <memory>
#include <optional>
#include <shared_mutex>
#include <stdexcept>
#include <string_view>
#include <unordered_map>

namespace strata::schema {

namespace {

using boost::json::array;
using boost::json::object;
using boost::json::value;

enum part : std::size_t { part_params, part_query, part_headers, part_body, part_count };
constexpr std::array<std::string_view, part_count> part_names{"params", "query", "headers", "body"};
constexpr std::string_view locals_key = "strata.schema.checked";

// The route's `response` schemas as one payload writer: the status's own schema, else its range
// ("2XX"), else "default"; no schema for the status leaves the payload to boost::json::serialize.
class response_writers final : public http::detail::payload_writer {
 public:
  void add(std::string_view status, serializer s) {
    int code = -1;  // "default"
    if (status.size() == 3 && std::isdigit(static_cast<unsigned char>(status[0]))) {
      const bool range = (status[1] == 'x' || status[1] == 'X') && (status[2] == 'x' || status[2] == 'X');
      code = range ? status[0] - '0' : std::atoi(std::string(status).c_str());
    }
    by_status_.emplace_back(code, std::move(s));
  }
  bool empty() const { return by_status_.empty(); }
  bool write(int status, const value& payload, std::string& out) const override {
    const serializer* range = nullptr;
    const serializer* fallback = nullptr;
    for (const auto& [code, s] : by_status_) {
      if (code == status) {
        s.write(payload, out);
        return true;
      }
      if (code == status / 100) range = &s;
      if (code == -1) fallback = &s;
    }
    if (const serializer* s = range ? range : fallback) {
      s->write(payload, out);
      return true;
    }
    return false;
  }

 private:
  std::vector<std::pair<int, serializer>> by_status_;
};

struct route_validators {
  std::array<std::optional<validator>, part_count> parts;
  response_writers responses;
  std::string broken;  // why a schema could not be compiled
};

// What the hook leaves on the request for params(), query(), headers() and body().
struct checked {
  std::array<value, part_count> values;
};

const value* part_schema(const object& schema, part p) {
  switch (p) {
    case part_params:
      return schema.if_contains("params");
    case part_query:
      if (const auto* q = schema.if_contains("querystring")) return q;
      return schema.if_contains("query");
    case part_headers:
      return schema.if_contains("headers");
    default:
      return schema.if_contains("body");
  }
}

std::string lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

// Header names are case-insensitive: the schema's property names are matched in lower case.
value lowercase_properties(const value& schema) {
  value out = schema;
  if (auto* o = out.if_object())
    if (auto* props = o->if_contains("properties"); props && props->is_object()) {
      object lowered;
      for (const auto& [k, v] : props->as_object()) lowered[lower(k)] = v;
      *props = std::move(lowered);
      if (auto* req = o->if_contains("required"); req && req->is_array())
        for (auto& name : req->as_array())
          if (name.is_string()) name = lower(name.as_string());
    }
  return out;
}

class route_cache {
 public:
  explicit route_cache(validation_options o) : options_(std::move(o)) {}

  std::shared_ptr<const route_validators> of(const http::route& r) {
    {
      std::shared_lock lock(mutex_);
      if (auto it = routes_.find(&r); it != routes_.end()) return it->second;
    }
    auto made = std::make_shared<route_validators>(compile_route(r));
    std::unique_lock lock(mutex_);
    return routes_.emplace(&r, std::move(made)).first->second;
  }

  const validation_options& options() const { return options_; }

 private:
  route_validators compile_route(const http::route& r) const {
    route_validators out;
    for (std::size_t p = 0; p < part_count; ++p) {
      const value* s = part_schema(r.options.schema, static_cast<part>(p));
      if (!s) continue;
      schema::options o = options_.compile;
      o.coerce_types = options_.coerce && p != part_body;
      o.use_defaults = options_.use_defaults;
      try {
        out.parts[p] = compile(p == part_headers ? lowercase_properties(*s) : *s, o);
      } catch (const schema_error& e) {
        out.broken = std::string(part_names[p]) + " schema of " + r.method_text + " " + r.pattern + ": " + e.what();
      }
    }
    if (options_.serialize_responses)
      if (const value* responses = r.options.schema.if_contains("response"); responses && responses->is_object())
        for (const auto& [status, s] : responses->get_object()) out.responses.add(status, compile_serializer(s));
    return out;
  }

  validation_options options_;
  std::shared_mutex mutex_;
  std::unordered_map<const http::route*, std::shared_ptr<const route_validators>> routes_;
};

value part_value(http::request& req, part p) {
  switch (p) {
    case part_params: {
      object o;
      for (const auto& param : req.params()) o[param.name] = req.param(param.name);
      return o;
    }
    case part_query: {
      // A name given more than once is an array, as Node's query parsers make it.
      object o;
      for (const auto& [name, v] : req.query_params()) {
        value& slot = o[name];
        if (slot.is_null()) slot = v;
        else if (slot.is_array()) slot.as_array().push_back(value(v));
        else slot = array{slot, value(v)};
      }
      return o;
    }
    case part_headers: {
      object o;
      for (const auto& h : req.headers()) {
        const std::string name = lower(h.name);
        if (!o.contains(name)) o[name] = h.value;
      }
      return o;
    }
    default:
      return req.json();  // not JSON: http_error 400 from the parser
  }
}

const value& part_of(http::request& req, part p) {
  static const value none;
  const checked* c = req.get<checked>(locals_key);
  return c ? c->values[p] : none;
}

}  // namespace

std::function<void(http::scope&)> validation(validation_options options) {
  auto cache = std::make_shared<route_cache>(std::move(options));
  return [cache](http::scope& s) {
    s.pre_validation([cache](http::request& req, http::response& res) {
      const http::route* r = req.matched_route();
      if (!r || r->options.schema.empty()) return;
      const auto validators = cache->of(*r);
      // A server bug, not the client's: on_error answers 500 (and logs why).
      if (!validators->broken.empty()) throw std::runtime_error(validators->broken);
      // Entries are never removed from the cache, so the writer outlives the request.
      if (!validators->responses.empty()) res.set_payload_writer(&validators->responses);
      checked c;
      array errors;
      for (std::size_t p = 0; p < part_count; ++p) {
        if (!validators->parts[p]) continue;
        c.values[p] = part_value(req, static_cast<part>(p));
        for (auto& e : validators->parts[p]->validate(c.values[p]).errors)
          errors.push_back(object{{"instancePath", "/" + std::string(part_names[p]) + e.instance_path},
                                  {"schemaPath", std::move(e.schema_path)},
                                  {"keyword", std::move(e.keyword)},
                                  {"message", std::move(e.message)}});
      }
      if (!errors.empty()) {
        res.problem(400, "Bad Request", "the request does not match the route's schema", {{"errors", std::move(errors)}});
        return;
      }
      req.set(locals_key, std::move(c));
    });
  };
}

namespace detail {

const value& typed_part(http::request& req, request_part which, const validator& fallback, value& scratch) {
  const auto p = static_cast<part>(which);
  if (const checked* c = req.get<checked>(locals_key); c && !c->values[p].is_null()) return c->values[p];
  scratch = part_value(req, p);
  auto errors = fallback.validate(scratch).errors;
  if (!errors.empty()) {
    array list;
    for (auto& e : errors)
      list.push_back(object{{"instancePath", "/" + std::string(part_names[p]) + e.instance_path},
                            {"schemaPath", std::move(e.schema_path)},
                            {"keyword", std::move(e.keyword)},
                            {"message", std::move(e.message)}});
    throw http::http_error(400, "Bad Request", "the request does not match the route's schema",
                           {{"errors", std::move(list)}});
  }
  return scratch;
}

void refuse_conversion(const conversion_error& e, request_part which) {
  const std::string path = "/" + std::string(part_names[static_cast<part>(which)]) + e.pointer();
  throw http::http_error(400, "Bad Request", "the request does not match the route's schema",
                         {{"errors", array{object{{"instancePath", path}, {"message", e.message()}}}}});
}

}  // namespace detail

const value& params(http::request& req) { return part_of(req, part_params); }
const value& query(http::request& req) { return part_of(req, part_query); }
const value& headers(http::request& req) { return part_of(req, part_headers); }
const value& body(http::request& req) { return part_of(req, part_body); }

}  // namespace strata::schema
