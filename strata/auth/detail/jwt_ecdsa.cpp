// Minimal DER for ECDSA signatures: two positive INTEGERs in a SEQUENCE.
#include <strata/auth/detail/jwt_ecdsa.hpp>

#include <cstring>

namespace strata::auth::jwt::detail {

namespace {

// One INTEGER: leading zeros dropped, a zero byte added when the top bit is set (DER integers are
// signed), at least one byte.
std::size_t put_integer(const unsigned char* n, std::size_t size, unsigned char* out) {
  while (size > 1 && n[0] == 0) ++n, --size;
  const bool pad = (n[0] & 0x80) != 0;
  out[0] = 0x02;
  out[1] = static_cast<unsigned char>(size + pad);
  if (pad) out[2] = 0;
  std::memcpy(out + 2 + pad, n, size);
  return 2 + pad + size;
}

// Reads one INTEGER at der[*at]; its magnitude (sign byte dropped) into out, left-padded to half.
bool get_integer(const unsigned char* der, std::size_t size, std::size_t* at, unsigned char* out, std::size_t half) {
  if (*at + 2 > size || der[*at] != 0x02) return false;
  std::size_t len = der[*at + 1];
  if (len == 0 || len > 0x7F || *at + 2 + len > size) return false;
  const unsigned char* n = der + *at + 2;
  if (n[0] & 0x80) return false;  // negative
  *at += 2 + len;
  while (len > 0 && n[0] == 0) ++n, --len;
  if (len > half) return false;
  std::memset(out, 0, half - len);
  std::memcpy(out + half - len, n, len);
  return true;
}

}  // namespace

std::size_t ecdsa_raw_to_der(const unsigned char* raw, std::size_t half, unsigned char* der) {
  unsigned char body[ecdsa_der_max];
  std::size_t n = put_integer(raw, half, body);
  n += put_integer(raw + half, half, body + n);
  std::size_t at = 0;
  der[at++] = 0x30;
  if (n > 0x7F) der[at++] = 0x81;
  der[at++] = static_cast<unsigned char>(n);
  std::memcpy(der + at, body, n);
  return at + n;
}

bool ecdsa_der_to_raw(const unsigned char* der, std::size_t der_size, unsigned char* raw, std::size_t half) {
  if (der_size < 2 || der[0] != 0x30) return false;
  std::size_t at = 2, len = der[1];
  if (len == 0x81) {
    if (der_size < 3) return false;
    len = der[2];
    at = 3;
  } else if (len > 0x7F) {
    return false;
  }
  if (at + len != der_size) return false;
  return get_integer(der, der_size, &at, raw, half) && get_integer(der, der_size, &at, raw + half, half) &&
         at == der_size;
}

}  // namespace strata::auth::jwt::detail
