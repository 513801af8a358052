// static_keys: a fixed key set behind the key_source interface.
#include <strata/auth/jwks.hpp>

namespace strata::auth::jwt {

task<std::shared_ptr<const key_set>> static_keys::keys(std::string_view) { co_return keys_; }

}  // namespace strata::auth::jwt
