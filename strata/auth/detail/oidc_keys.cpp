// Fetching and caching an OIDC provider's JWKS.
#include <strata/auth/detail/oidc_keys.hpp>

#include <algorithm>
#include <stdexcept>

namespace strata::auth::detail {

task<std::shared_ptr<const jwt::key_set>> oidc_jwks_source::keys(std::string_view kid_hint) {
  const std::string kid(kid_hint);  // the hint's storage may not outlive the first suspension
  std::shared_ptr<const jwt::key_set> cached;
  {
    std::lock_guard lock(mutex_);
    cached = keys_;
    if (cached) {
      bool known = kid.empty() || std::any_of(cached->keys().begin(), cached->keys().end(),
                                              [&](const jwt::key& k) { return k.kid() == kid; });
      // An unknown kid comes from an unverified token: refetch for it only now and then.
      if (known || std::chrono::steady_clock::now() - fetched_ < min_refresh_) co_return cached;
    }
    fetched_ = std::chrono::steady_clock::now();
  }
  try {
    auto res = co_await client_.get(uri_);
    res.ensure_ok();
    auto fresh = std::make_shared<const jwt::key_set>(jwt::key_set::from_jwks(res.body));
    std::lock_guard lock(mutex_);
    keys_ = fresh;
    co_return fresh;
  } catch (const std::exception& e) {
    if (cached) co_return cached;  // keep verifying with what we had
    throw std::runtime_error(std::string("the provider's JWKS could not be fetched: ") + e.what());
  }
}

}  // namespace strata::auth::detail
