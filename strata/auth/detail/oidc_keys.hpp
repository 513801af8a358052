// The provider's jwks_uri as a key_source for ID tokens: fetched on first use, refetched when a
// token names a kid it does not hold (a key rotation), at most once per `min_refresh`.
#pragma once
#include <strata/auth/jwks.hpp>
#include <strata/http/client.hpp>

#include <chrono>
#include <memory>
#include <mutex>
#include <string>

namespace strata::auth::detail {

class oidc_jwks_source final : public jwt::key_source {
public:
  oidc_jwks_source(http::client client, std::string uri, std::chrono::seconds min_refresh = std::chrono::seconds(30))
      : client_(std::move(client)), uri_(std::move(uri)), min_refresh_(min_refresh) {}
  task<std::shared_ptr<const jwt::key_set>> keys(std::string_view kid_hint) override;

private:
  http::client client_;
  std::string uri_;
  std::chrono::seconds min_refresh_;
  std::mutex mutex_;  // the source is shared by every loop
  std::shared_ptr<const jwt::key_set> keys_;
  std::chrono::steady_clock::time_point fetched_{};
};

}  // namespace strata::auth::detail
