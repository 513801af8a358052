// The security_headers plugin: helmet v7's default response headers, added in on_send without
// overriding what a handler set itself.
#include <strata/http/detail/middleware_logic.hpp>
#include <strata/http/middleware.hpp>

#include <memory>

namespace strata::http {

namespace detail {

std::vector<std::pair<std::string, std::string>> security_header_list(const security_headers_options& o) {
  std::vector<std::pair<std::string, std::string>> list;
  auto add = [&](std::string name, std::string value) {
    if (!value.empty()) list.emplace_back(std::move(name), std::move(value));
  };
  add("Content-Security-Policy", o.content_security_policy);
  add("Cross-Origin-Opener-Policy", o.cross_origin_opener_policy);
  add("Cross-Origin-Resource-Policy", o.cross_origin_resource_policy);
  add("Origin-Agent-Cluster", "?1");
  add("Referrer-Policy", o.referrer_policy);
  if (o.hsts_max_age.count() > 0)
    add("Strict-Transport-Security", "max-age=" + std::to_string(o.hsts_max_age.count()) +
                                         (o.hsts_include_subdomains ? "; includeSubDomains" : ""));
  add("X-Content-Type-Options", "nosniff");
  add("X-DNS-Prefetch-Control", "off");
  add("X-Download-Options", "noopen");
  add("X-Frame-Options", o.frame_options);
  add("X-Permitted-Cross-Domain-Policies", "none");
  add("X-XSS-Protection", "0");  // helmet: the old XSS auditor caused more harm than it prevented
  return list;
}

void apply_security_headers(const std::vector<std::pair<std::string, std::string>>& headers, response& res) {
  for (const auto& [name, value] : headers)
    if (!res.header(name)) res.append(name, value);  // absent, so append is set without a second scan
  res.remove("X-Powered-By");
}

}  // namespace detail

plugin_fn security_headers(security_headers_options options) {
  auto headers = std::make_shared<const std::vector<std::pair<std::string, std::string>>>(
      detail::security_header_list(options));
  return [headers](scope& s) {
    s.on_send([headers](request&, response& res) { detail::apply_security_headers(*headers, res); });
  };
}

}  // namespace strata::http
