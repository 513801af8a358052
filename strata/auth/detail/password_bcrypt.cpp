// bcrypt through libcrypt (libxcrypt): crypt_rn and crypt_gensalt_rn, which keep their state in
// the caller's buffer and so are safe on several pool threads at once (crypt() is not).
#include <strata/auth/detail/password_bcrypt.hpp>

#include <crypt.h>
#include <openssl/crypto.h>
#include <openssl/rand.h>

#include <memory>
#include <stdexcept>

namespace strata::auth::detail {
namespace {

constexpr std::string_view bcrypt_alphabet = "./ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";

// crypt_rn runs the hash; nullopt when libcrypt refuses the setting.
std::optional<std::string> run_crypt(std::string_view password, std::string_view setting) {
  // About 32 KiB: on the heap rather than a pool thread's stack. Zeroed, as crypt_rn requires.
  auto data = std::make_unique<crypt_data>();
  const std::string phrase(password), salt(setting);
  const char* out = crypt_rn(phrase.c_str(), salt.c_str(), data.get(), sizeof(crypt_data));
  std::optional<std::string> result;
  if (out && out[0] != '*') result = std::string(out);
  OPENSSL_cleanse(data.get(), sizeof(crypt_data));
  return result;
}

}  // namespace

std::optional<int> parse_bcrypt(std::string_view text) {
  // "$2b$" cost "$" 22 salt + 31 hash characters: 60 in all.
  if (text.size() != 60 || text.substr(0, 2) != "$2" || text[3] != '$' || text[6] != '$') return std::nullopt;
  if (text[2] != 'a' && text[2] != 'b' && text[2] != 'y') return std::nullopt;
  if (text[4] < '0' || text[4] > '3' || text[5] < '0' || text[5] > '9') return std::nullopt;
  const int cost = (text[4] - '0') * 10 + (text[5] - '0');
  if (cost < 4 || cost > 31) return std::nullopt;
  if (text.find_first_not_of(bcrypt_alphabet, 7) != std::string_view::npos) return std::nullopt;
  return cost;
}

std::string bcrypt_hash(std::string_view password, int cost) {
  if (cost < 4 || cost > 31) throw std::invalid_argument("bcrypt: the cost must be 4..31");
  unsigned char random[16];
  if (RAND_bytes(random, sizeof random) != 1) throw std::runtime_error("password: the random generator failed");
  char setting[CRYPT_GENSALT_OUTPUT_SIZE];
  if (!crypt_gensalt_rn("$2b$", static_cast<unsigned long>(cost), reinterpret_cast<const char*>(random), sizeof random,
                        setting, sizeof setting))
    throw std::runtime_error("bcrypt: libcrypt cannot make a $2b$ salt");
  auto out = run_crypt(password, setting);
  if (!out) throw std::runtime_error("bcrypt: libcrypt refused to hash");
  return *out;
}

password_check bcrypt_verify(std::string_view password, std::string_view stored, int cost,
                             const password_params& current) {
  // No password with a NUL was hashed by bcrypt here; through the C interface it would compare
  // as its prefix, so it is simply wrong.
  if (password.find('\0') != std::string_view::npos) return password_check::wrong;
  // The 60-character result embeds the setting; comparing it whole compares the 31 hash chars.
  auto out = run_crypt(password, stored);
  if (!out) return password_check::malformed;
  if (out->size() != stored.size() || CRYPTO_memcmp(out->data(), stored.data(), stored.size()) != 0)
    return password_check::wrong;
  const bool current_cost = current.algorithm == password_algorithm::bcrypt && cost == current.bcrypt_cost;
  return current_cost ? password_check::ok : password_check::needs_rehash;
}

}  // namespace strata::auth::detail
