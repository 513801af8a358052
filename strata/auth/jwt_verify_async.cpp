// Verifying with keys from a key_source: the header first (for the kid the source is asked
// about), then as with a key set.
#include <strata/auth/detail/jwt_token.hpp>
#include <strata/auth/jwks.hpp>

#include <exception>

namespace strata::auth::jwt {

task<verify_result> verify(std::string_view token, key_source& source, const verify_options& options) {
  detail::parsed_token t;
  // A token refused on its face costs the source nothing (no fetch for a garbage kid).
  if (auto r = detail::parse_token(token, options, t); r.code != error::none)
    co_return verify_result{std::nullopt, r.code, std::move(r.message)};
  std::shared_ptr<const key_set> keys;
  std::string failure;
  try {
    keys = co_await source.keys(t.kid);
  } catch (const std::exception& e) {
    failure = e.what();
  }
  if (!keys) co_return verify_result{std::nullopt, error::keys_unavailable,
                                     "no keys to verify with" + (failure.empty() ? std::string() : ": " + failure)};
  co_return detail::verify_with_set(t, *keys, options);
}

}  // namespace strata::auth::jwt
