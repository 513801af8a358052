// client_request: what strata::http::client sends. A plain aggregate, so a request reads like
// fetch()'s init object, with helpers for the bodies auth and webhooks need:
//
//   http::client_request req{.method = "POST", .url = "https://idp.example/oauth/token"};
//   req.form({{"grant_type", "client_credentials"}, {"scope", "read"}}).basic_auth(id, secret);
//   auto res = co_await http::fetch(std::move(req));  // named first: see client.hpp
#pragma once
#include <boost/json/value.hpp>
#include <chrono>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace strata::http {

struct client_request {
  std::string method = "GET";
  std::string url;  // http:// or https://; a user:password@ in it becomes Basic auth
  std::vector<std::pair<std::string, std::string>> headers;
  std::string body;
  // This request's total time (connect, send, redirects, whole body); client_options' otherwise.
  std::optional<std::chrono::milliseconds> timeout;

  // Sets a header, replacing any of the same name (case-insensitive).
  client_request& header(std::string_view name, std::string_view value);
  // The first header of that name (case-insensitive), or nullopt.
  std::optional<std::string_view> header(std::string_view name) const;
  bool remove_header(std::string_view name);

  // Body as JSON, Content-Type: application/json.
  client_request& json(const boost::json::value& body);
  // Body as application/x-www-form-urlencoded (OAuth token endpoints), in the order given.
  client_request& form(const std::vector<std::pair<std::string, std::string>>& fields);
  // Authorization: Basic base64(user ":" password). OAuth client credentials (RFC 6749 2.3.1)
  // are form-encoded first; pass them through form_encode_component() yourself for that.
  client_request& basic_auth(std::string_view user, std::string_view password);
  // Authorization: Bearer token.
  client_request& bearer(std::string_view token);
};

// application/x-www-form-urlencoded, as browsers and Node's URLSearchParams write it: space as
// '+', everything but ALPHA / DIGIT / "*-._" percent-encoded.
std::string form_encode(const std::vector<std::pair<std::string, std::string>>& fields);
std::string form_encode_component(std::string_view text);

}  // namespace strata::http
