// remote_jwks: an identity provider's JWKS URL (its jwks_uri) as a jwt::key_source, the role of
// jose's createRemoteJWKSet and jwks-rsa:
//
//   auto keys = std::make_shared<jwt::remote_jwks>(jwt::remote_jwks_options{.url = jwks_uri});
//   auto r = co_await jwt::verify(token, *keys, {.issuers = {issuer}, .audiences = {"api"}});
//
// The set is fetched at first use and kept for the answer's Cache-Control max-age (minus its
// Age), held within [min_ttl, max_ttl]. A token naming a kid the set lacks (the provider rotated
// its keys) triggers a refetch, but at most one per `cooldown`: the kid comes from a token nobody
// has verified yet, so an attacker chooses it. When a refresh fails the previous set is served
// (up to max_stale past its expiry) and no new attempt is made for `failure_backoff`. Concurrent
// callers, on any loop, share one fetch; each is resumed on its own loop.
//
// One object serves every loop. Its fetch runs on the loop of the caller that started it, with
// its own http::client (or one passed in). Failures are http::client_error (502/504): the
// provider is an upstream.
#pragma once
#include <chrono>
#include <cstdint>
#include <memory>
#include <strata/auth/jwks.hpp>
#include <strata/core/task.hpp>
#include <strata/http/client.hpp>
#include <string>
#include <string_view>

namespace strata::auth::jwt {

struct remote_jwks_options {
  std::string url;              // https://id.example/.well-known/jwks.json
  http::client_options client;  // timeouts, a test CA (ca_pem / ca_file); used when no client is given
  std::chrono::milliseconds min_ttl{std::chrono::minutes(1)};          // max-age below this counts as this
  std::chrono::milliseconds max_ttl{std::chrono::hours(24)};           // and above this as this
  std::chrono::milliseconds default_ttl{std::chrono::minutes(10)};     // no max-age in the answer
  std::chrono::milliseconds cooldown{std::chrono::seconds(30)};        // between refetches for unknown kids
  std::chrono::milliseconds failure_backoff{std::chrono::seconds(5)};  // no new attempt sooner after a failure
  std::chrono::milliseconds max_stale{
      std::chrono::hours(24)};  // an expired set is served this long while refreshes fail
  std::size_t max_keys = 100;   // a larger set is refused
};

class remote_jwks final : public key_source {
 public:
  explicit remote_jwks(remote_jwks_options options);
  remote_jwks(http::client client, remote_jwks_options options);
  ~remote_jwks() override;
  remote_jwks(const remote_jwks&) = delete;
  remote_jwks& operator=(const remote_jwks&) = delete;

  task<std::shared_ptr<const key_set>> keys(std::string_view kid_hint) override;
  // Fetches now, cache or not (a start-up check of the URL). Throws http::client_error.
  task<std::shared_ptr<const key_set>> refresh();

  std::shared_ptr<const key_set> cached() const;  // null before the first successful fetch

  struct statistics {
    std::uint64_t fetches = 0;   // started
    std::uint64_t failures = 0;  // of those, failed
  };
  statistics stats() const;

  struct state;

 private:
  std::shared_ptr<state> state_;
};

}  // namespace strata::auth::jwt
