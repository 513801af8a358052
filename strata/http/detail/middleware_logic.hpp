// The decisions behind the cors, security_headers and request_id plugins, apart from request
// objects so they can be tested without a server. The plugins in cors.cpp, security_headers.cpp
// and request_id.cpp are thin hooks around these.
#pragma once
#include <strata/http/middleware.hpp>
#include <strata/http/response.hpp>

#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace strata::http::detail {

// cors_options digested once when the plugin is applied: header values pre-joined.
struct cors_policy {
  explicit cors_policy(const cors_options& options);
  bool any_origin = false;  // "*" among the origins
  bool credentials = false;
  std::vector<std::string> origins;
  std::string methods;          // "GET,HEAD,PUT"
  std::string allowed_headers;  // empty: reflect Access-Control-Request-Headers
  std::string exposed_headers;  // empty: not sent
  std::string max_age;          // empty: not sent
};

// What the CORS hooks read from a request.
struct cors_request {
  bool is_options = false;
  std::optional<std::string_view> origin;
  std::optional<std::string_view> request_method;   // Access-Control-Request-Method
  std::optional<std::string_view> request_headers;  // Access-Control-Request-Headers
};

// OPTIONS with Origin and Access-Control-Request-Method (Fetch standard, "CORS-preflight request").
bool is_preflight(const cors_request& req);
// The Access-Control-Allow-Origin value for this request, or nullopt when the origin is not allowed
// (or absent while the answer has to name it).
std::optional<std::string_view> allowed_origin(const cors_policy& policy, std::optional<std::string_view> origin);
// For on_request: answers a preflight from an allowed origin with 204 and the Allow-* headers and
// returns true; anything else is left alone (false).
bool answer_preflight(const cors_policy& policy, const cors_request& req, response& res);
// For on_send: the headers of an actual (non-preflight) response.
void add_cors_headers(const cors_policy& policy, const cors_request& req, response& res);

// The headers security_headers() sets, in helmet's order; empty options leave theirs out.
std::vector<std::pair<std::string, std::string>> security_header_list(const security_headers_options& options);
// Sets each header the response does not have yet, and removes X-Powered-By.
void apply_security_headers(const std::vector<std::pair<std::string, std::string>>& headers, response& res);

// 1 to 128 visible ASCII characters: safe to log and to echo in a header.
bool is_valid_request_id(std::string_view id);
// 16 random bytes as 32 lowercase hex digits, from a per-thread generator.
std::string generate_request_id();

}  // namespace strata::http::detail
