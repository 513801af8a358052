// How long a fetched JWKS is kept: the answer's Cache-Control max-age less its Age (RFC 9111
// 4.2.1, 4.2.3), no-store and no-cache as zero, held within the options' bounds.
#pragma once
#include <chrono>
#include <strata/auth/remote_jwks.hpp>
#include <strata/http/client_response.hpp>

namespace strata::auth::detail {

std::chrono::milliseconds jwks_ttl(const http::client_response& answer, const jwt::remote_jwks_options& options);

}  // namespace strata::auth::detail
