// Middleware as plugins: srv.use(cors({...})), srv.use(security_headers()), srv.use(request_id()).
// Each registers hooks on the scope it is applied to.
#pragma once
#include <strata/http/router.hpp>

#include <chrono>
#include <functional>
#include <string>
#include <vector>

namespace strata::http {

using plugin_fn = std::function<void(scope&)>;

struct cors_options {
  std::vector<std::string> origins = {"*"};  // exact origins, or "*"
  std::vector<std::string> methods = {"GET", "HEAD", "PUT", "PATCH", "POST", "DELETE"};
  std::vector<std::string> allowed_headers;  // empty: reflect Access-Control-Request-Headers
  std::vector<std::string> exposed_headers;
  bool credentials = false;                  // with "*" the request's origin is reflected instead
  std::chrono::seconds max_age{0};           // preflight cache; 0: header not sent
};
// The `cors` package's behaviour: preflights (OPTIONS with Access-Control-Request-Method) are
// answered 204 by an on_request hook; other responses get the headers in on_send.
plugin_fn cors(cors_options options = {});

struct security_headers_options {
  std::string content_security_policy =
      "default-src 'self';base-uri 'self';font-src 'self' https: data:;form-action 'self';"
      "frame-ancestors 'self';img-src 'self' data:;object-src 'none';script-src 'self';"
      "script-src-attr 'none';style-src 'self' https: 'unsafe-inline';upgrade-insecure-requests";
  std::chrono::seconds hsts_max_age{15552000};  // 0: no Strict-Transport-Security
  bool hsts_include_subdomains = true;
  std::string frame_options = "SAMEORIGIN";
  std::string referrer_policy = "no-referrer";
  std::string cross_origin_opener_policy = "same-origin";
  std::string cross_origin_resource_policy = "same-origin";
};
// helmet's defaults: CSP, HSTS, X-Content-Type-Options, X-Frame-Options, Referrer-Policy,
// Cross-Origin-*-Policy, X-DNS-Prefetch-Control, X-Download-Options, Origin-Agent-Cluster,
// X-Permitted-Cross-Domain-Policies, X-XSS-Protection: 0; removes X-Powered-By.
plugin_fn security_headers(security_headers_options options = {});

struct request_id_options {
  std::string header = "X-Request-Id";
  bool trust_incoming = true;       // honour a well-formed incoming id (<= 128 visible chars)
  bool echo = true;                 // set the header on the response
};
// Gives each request an id (incoming, or generated: 16 random bytes as 32 hex digits) in req.id().
plugin_fn request_id(request_id_options options = {});

}  // namespace strata::http
