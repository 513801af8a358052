// client_response: what strata::http::client received. Like fetch()'s Response, a non-2xx status
// is an answer, not an error; ensure_ok() turns it into one when the caller wants that.
#pragma once
#include <boost/json/value.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace strata::http {

struct client_response {
  int status = 0;
  std::string reason;
  std::vector<std::pair<std::string, std::string>> headers;  // as received, in order
  std::string body;        // decoded when it came gzip/deflate/br encoded (and the client decodes)
  std::string url;         // the URL that answered: the last one after redirects
  unsigned redirects = 0;  // how many were followed
  std::string method;      // of the request that got this answer (GET after a 303)

  bool ok() const noexcept { return status >= 200 && status < 300; }
  // The first header of that name (case-insensitive), or nullopt.
  std::optional<std::string_view> header(std::string_view name) const;
  // Every value of that name, in order (Set-Cookie, Link, WWW-Authenticate).
  std::vector<std::string_view> header_values(std::string_view name) const;
  // The body parsed as JSON; client_error (protocol, 502) when it is not JSON.
  boost::json::value json() const;
  // Throws client_error (status, 502) unless ok(), with a short excerpt of the body.
  const client_response& ensure_ok() const;
};

}  // namespace strata::http
