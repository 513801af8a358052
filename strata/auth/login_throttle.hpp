// login_throttle: brute force on a login route, slowed down with strata::ratelimit. Failed logins
// (responses >= 400) are counted per client address and username, and per client address alone;
// successful ones are given back. Past a limit the route answers 429 problem+json with
// Retry-After before any password is checked.
//
//   auto login = srv.group("/auth");
//   login.use(auth::login_throttle({.max = 10, .window = std::chrono::minutes(15)}));
//   login.post("/login", handler);  // the handler authenticates: auth::authenticate(req, {"local"})
//
// The per-username count runs in pre_parsing, when the body has been read; use the throttle on
// the login's scope before authentication() there, or authenticate in the handler, so a refusal
// by a strategy is still counted. Several instances share counts through a ratelimit::redis_store.
#pragma once
#include <strata/http/middleware.hpp>
#include <strata/ratelimit/algorithm.hpp>
#include <strata/ratelimit/keys.hpp>
#include <strata/ratelimit/store.hpp>

#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>

namespace strata::auth {

struct login_throttle_options {
  // Failed logins per client address and username within `window`. The username is trimmed and
  // lowercased, so "Alice " and "alice" share a count.
  std::int64_t max = 10;
  std::chrono::milliseconds window = std::chrono::minutes(15);
  // Default: a ratelimit::memory_store of its own.
  std::shared_ptr<ratelimit::store> store;
  // Names the client; default ratelimit::by_ip() (give it trusted_proxies behind a proxy).
  ratelimit::key_fn key;
  // Failed logins per client address whatever the username (one address trying many users);
  // 0: no such limit. Refused before the body is read.
  std::int64_t max_per_ip = 100;
  std::chrono::milliseconds ip_window = std::chrono::hours(1);
  // Where the username is: this field of an application/x-www-form-urlencoded or JSON body, the
  // JSON one at `json_pointer` ("" for the top level), as auth::local reads it.
  std::string username_field = "username";
  std::string json_pointer;
  // Sliding windows: a fixed window would allow 2 * max failures across a window boundary.
  ratelimit::algorithm algorithm = ratelimit::algorithm::sliding_window;
  std::string name = "login";           // the limiters are "<name>_ip" and "<name>_user"
  std::function<std::int64_t()> clock;  // unix ms; injectable for tests
};

http::plugin_fn login_throttle(login_throttle_options options = {});

}  // namespace strata::auth
