// The cors plugin: Access-Control-* headers as the npm `cors` package sends them, with preflights
// answered in on_request.
#include <strata/http/detail/middleware_logic.hpp>
#include <strata/http/detail/vary.hpp>
#include <strata/http/middleware.hpp>

#include <algorithm>

namespace strata::http {

namespace detail {

namespace {

std::string join(const std::vector<std::string>& items) {
  std::string out;
  for (const auto& item : items) {
    if (!out.empty()) out += ',';
    out += item;
  }
  return out;
}

// Whether the answer depends on the Origin header, so caches must key on it.
bool varies_by_origin(const cors_policy& policy) { return !policy.any_origin || policy.credentials; }

// Access-Control-Allow-Origin, -Allow-Credentials and Vary: Origin; false when the origin is not
// allowed (then only Vary is set, since another origin would have been answered differently).
bool add_origin_headers(const cors_policy& policy, std::optional<std::string_view> origin, response& res) {
  if (varies_by_origin(policy)) add_vary(res, "Origin");
  auto allowed = allowed_origin(policy, origin);
  if (!allowed) return false;
  res.set("Access-Control-Allow-Origin", *allowed);
  if (policy.credentials) res.set("Access-Control-Allow-Credentials", "true");
  return true;
}

}  // namespace

cors_policy::cors_policy(const cors_options& options)
    : any_origin(std::find(options.origins.begin(), options.origins.end(), "*") != options.origins.end()),
      credentials(options.credentials),
      origins(options.origins),
      methods(join(options.methods)),
      allowed_headers(join(options.allowed_headers)),
      exposed_headers(join(options.exposed_headers)),
      max_age(options.max_age.count() > 0 ? std::to_string(options.max_age.count()) : std::string()) {}

bool is_preflight(const cors_request& req) { return req.is_options && req.origin && req.request_method; }

std::optional<std::string_view> allowed_origin(const cors_policy& policy, std::optional<std::string_view> origin) {
  // Browsers refuse "*" on credentialed requests, so with credentials the origin is reflected.
  if (policy.any_origin && !policy.credentials) return std::string_view("*");
  if (!origin || origin->empty()) return std::nullopt;
  if (policy.any_origin) return origin;
  for (const auto& o : policy.origins)
    if (o == *origin) return origin;  // exact, as the `cors` package compares
  return std::nullopt;
}

bool answer_preflight(const cors_policy& policy, const cors_request& req, response& res) {
  if (!is_preflight(req) || !allowed_origin(policy, req.origin)) return false;
  add_origin_headers(policy, req.origin, res);
  res.set("Access-Control-Allow-Methods", policy.methods);
  if (!policy.allowed_headers.empty()) {
    res.set("Access-Control-Allow-Headers", policy.allowed_headers);
  } else {
    add_vary(res, "Access-Control-Request-Headers");
    if (req.request_headers && !req.request_headers->empty())
      res.set("Access-Control-Allow-Headers", *req.request_headers);
  }
  if (!policy.max_age.empty()) res.set("Access-Control-Max-Age", policy.max_age);
  // No Content-Length: RFC 9110 8.6 forbids it on a 204, which has no body by definition.
  res.body().clear();
  res.no_content();
  return true;
}

void add_cors_headers(const cors_policy& policy, const cors_request& req, response& res) {
  if (!add_origin_headers(policy, req.origin, res)) return;
  if (!policy.exposed_headers.empty()) res.set("Access-Control-Expose-Headers", policy.exposed_headers);
}

}  // namespace detail

namespace {

detail::cors_request cors_view(const request& req) {
  return {req.method() == method::options, req.header("Origin"), req.header("Access-Control-Request-Method"),
          req.header("Access-Control-Request-Headers")};
}

// Marks a request whose preflight this plugin answered, so on_send leaves that response alone.
constexpr std::string_view answered_key = "cors.preflight";

}  // namespace

plugin_fn cors(cors_options options) {
  auto policy = std::make_shared<const detail::cors_policy>(options);
  return [policy](scope& s) {
    s.on_request([policy](request& req, response& res) {
      if (detail::answer_preflight(*policy, cors_view(req), res)) req.set(answered_key, true);
    });
    s.on_send([policy](request& req, response& res) {
      if (req.get<bool>(answered_key)) return;
      detail::add_cors_headers(*policy, cors_view(req), res);
    });
  };
}

}  // namespace strata::http
