// Where a client request goes: the URL taken apart into what the connection needs (host, port,
// TLS), what the request line needs (origin-form target, Host), and the pool key of its origin.
#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace strata::http::detail {

struct request_target {
  bool tls = false;
  std::string host;         // to resolve or connect to; an IPv6 address without brackets
  bool host_is_ip = false;  // no DNS, no SNI; the certificate must name the address
  std::uint16_t port = 0;
  std::string host_header;  // "host" or "host:port" (default ports left out), IPv6 in brackets
  std::string target;       // path and query, "/" at least; the fragment is never sent
  std::string origin;       // "https://host:port": idle connections are pooled by this
  std::optional<std::pair<std::string, std::string>> credentials;  // decoded user:password@
};

// Throws client_error (usage) for a URL that is not absolute http(s) with a host.
request_target parse_target(std::string_view method, std::string_view url);

// A Location header resolved against the URL that sent it; nullopt when it is not a URL.
std::optional<std::string> resolve_location(std::string_view base, std::string_view location);

}  // namespace strata::http::detail
