// ECDSA signatures between JWS's form, R||S as two fixed-size big-endian numbers (RFC 7518
// §3.4), and the DER SEQUENCE { INTEGER r, INTEGER s } OpenSSL reads and writes. By hand, on the
// caller's buffers: no BIGNUMs, no allocation.
#pragma once
#include <cstddef>

namespace strata::auth::jwt::detail {

// Enough for P-521: 2 * (2 + 1 + 66) numbers in a SEQUENCE with a two-byte length.
inline constexpr std::size_t ecdsa_der_max = 3 + 2 * (2 + 1 + 66);

// R||S (2 * `half` bytes) as DER into `der` (ecdsa_der_max bytes); the DER size.
std::size_t ecdsa_raw_to_der(const unsigned char* raw, std::size_t half, unsigned char* der);

// DER into R||S, each number left-padded to `half` bytes; false when the DER is not a well-formed
// signature or a number does not fit.
bool ecdsa_der_to_raw(const unsigned char* der, std::size_t der_size, unsigned char* raw, std::size_t half);

}  // namespace strata::auth::jwt::detail
