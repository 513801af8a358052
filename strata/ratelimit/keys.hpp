// keys: what a limit counts per. A key function names the client (or route) of a request; the
// middleware adds the limiter's name and the limit to it. Keys carry their kind ("ip:", "key:",
// "user:", "route:") so an API key can never collide with an address or a user id.
#pragma once
#include <strata/ratelimit/client_ip.hpp>

#include <functional>
#include <string>
#include <vector>

namespace strata::http {
class request;
}

namespace strata::ratelimit {

// Not const: a key may come from what earlier hooks stored on the request (req.get<T>(...)).
using key_fn = std::function<std::string(http::request&)>;

struct ip_key_options {
  // Proxies whose X-Forwarded-For entries are believed ("10.0.0.0/8", "127.0.0.1"); empty: the
  // header is ignored and the peer address is the key.
  std::vector<std::string> trusted_proxies;
  // IPv6 clients are keyed by this prefix: one host usually holds a whole /64, and would
  // otherwise get a fresh quota per address.
  unsigned ipv6_prefix = 64;
};
// By client address: "ip:203.0.113.7", "ip:2001:db8:1:2::/64".
key_fn by_ip(ip_key_options options = {});

// By API key header ("key:<value>"); requests without the header fall back to `fallback`.
key_fn by_header(std::string header_name, key_fn fallback = by_ip());

// By user id, from a function of the request (the user an auth hook put there); an empty id
// falls back to `fallback`, so anonymous requests are still limited.
key_fn by_user(std::function<std::string(http::request&)> user_id, key_fn fallback = by_ip());

// By route: "route:GET /users/:id" (the pattern, so /users/1 and /users/2 share a count).
key_fn by_route();

// Several parts in one key: by_ip() and by_route() together count per client per route.
key_fn combine(std::vector<key_fn> parts);

// A key as stored: values longer than 128 bytes (API keys, user ids) are replaced by their
// SHA-256, so a client cannot make the store hold kilobytes per key.
std::string bounded_key(std::string key);

}  // namespace strata::ratelimit
