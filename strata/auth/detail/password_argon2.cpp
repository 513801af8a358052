// argon2 PHC strings and hashing through libargon2 (see password_argon2.hpp).
#include <strata/auth/detail/base64.hpp>
#include <strata/auth/detail/password_argon2.hpp>

#include <argon2.h>
#include <openssl/crypto.h>
#include <openssl/rand.h>

#include <charconv>
#include <new>
#include <stdexcept>
#include <vector>

namespace strata::auth::detail {
namespace {

// What a hash may cost. Hashing refuses parameters outside these (a programming error);
// verification calls a stored string outside them malformed rather than allocate 4 GiB or loop
// for minutes because a row was corrupted or planted.
constexpr std::uint32_t max_memory_kib = 1u << 20;  // 1 GiB
constexpr std::uint32_t max_iterations = 1024;
constexpr std::uint32_t max_parallelism = 255;
constexpr std::size_t min_salt = 8, max_salt = 64;  // 8: libargon2's minimum
constexpr std::size_t min_hash = 16, max_hash = 128;

bool costs_ok(std::uint32_t m, std::uint32_t t, std::uint32_t p) {
  return p >= 1 && p <= max_parallelism && t >= 1 && t <= max_iterations && m >= 8 * p && m <= max_memory_kib;
}

// "name=<decimal>" at the front of `text`, consumed; no sign, no leading zero, fits 32 bits.
std::optional<std::uint32_t> take_number(std::string_view& text, std::string_view name) {
  if (text.substr(0, name.size()) != name || text.size() <= name.size() || text[name.size()] != '=')
    return std::nullopt;
  text.remove_prefix(name.size() + 1);
  std::size_t n = 0;
  while (n < text.size() && text[n] >= '0' && text[n] <= '9') ++n;
  if (n == 0 || n > 10 || (n > 1 && text[0] == '0')) return std::nullopt;
  std::uint64_t v = 0;
  std::from_chars(text.data(), text.data() + n, v);
  if (v > 0xFFFFFFFFu) return std::nullopt;
  text.remove_prefix(n);
  return static_cast<std::uint32_t>(v);
}

bool take(std::string_view& text, std::string_view literal) {
  if (text.substr(0, literal.size()) != literal) return false;
  text.remove_prefix(literal.size());
  return true;
}

// PHC's base64: the standard alphabet, never padded.
std::optional<std::string> phc_decode(std::string_view text) {
  if (text.find('=') != std::string_view::npos) return std::nullopt;
  return base64_decode(text);
}
std::string phc_encode(std::string_view bytes) {
  std::string s = base64_encode(bytes);
  while (!s.empty() && s.back() == '=') s.pop_back();
  return s;
}

std::string random_bytes(std::size_t n) {
  std::string s(n, '\0');
  if (RAND_bytes(reinterpret_cast<unsigned char*>(s.data()), static_cast<int>(n)) != 1)
    throw std::runtime_error("password: the random generator failed");
  return s;
}

const char* variant_name(argon2_variant v) {
  switch (v) {
    case argon2_variant::d:
      return "argon2d";
    case argon2_variant::i:
      return "argon2i";
    case argon2_variant::id:
      return "argon2id";
  }
  return "argon2id";
}

}  // namespace

std::optional<argon2_phc> parse_argon2(std::string_view text) {
  argon2_phc h;
  if (take(text, "$argon2id$"))
    h.variant = argon2_variant::id;
  else if (take(text, "$argon2i$"))
    h.variant = argon2_variant::i;
  else if (take(text, "$argon2d$"))
    h.variant = argon2_variant::d;
  else
    return std::nullopt;
  if (text.substr(0, 2) == "v=") {
    auto v = take_number(text, "v");
    if (!v || (*v != ARGON2_VERSION_10 && *v != ARGON2_VERSION_13) || !take(text, "$")) return std::nullopt;
    h.version = *v;
  } else {
    h.version = ARGON2_VERSION_10;
  }
  auto m = take_number(text, "m");
  if (!m || !take(text, ",")) return std::nullopt;
  auto t = take_number(text, "t");
  if (!t || !take(text, ",")) return std::nullopt;
  auto p = take_number(text, "p");
  if (!p || !take(text, "$")) return std::nullopt;
  if (!costs_ok(*m, *t, *p)) return std::nullopt;
  h.memory_kib = *m;
  h.iterations = *t;
  h.parallelism = *p;
  const auto dollar = text.find('$');
  if (dollar == std::string_view::npos) return std::nullopt;
  auto salt = phc_decode(text.substr(0, dollar));
  auto hash = phc_decode(text.substr(dollar + 1));
  if (!salt || !hash || salt->size() < min_salt || salt->size() > max_salt || hash->size() < min_hash ||
      hash->size() > max_hash)
    return std::nullopt;
  h.salt = std::move(*salt);
  h.hash = std::move(*hash);
  return h;
}

std::string format_argon2(const argon2_phc& h) {
  std::string s = "$";
  s += variant_name(h.variant);
  if (h.version != ARGON2_VERSION_10) s += "$v=" + std::to_string(h.version);
  s += "$m=" + std::to_string(h.memory_kib) + ",t=" + std::to_string(h.iterations) +
       ",p=" + std::to_string(h.parallelism);
  s += "$" + phc_encode(h.salt) + "$" + phc_encode(h.hash);
  return s;
}

std::string argon2_raw(argon2_variant v, std::uint32_t version, std::string_view password, std::string_view salt,
                       std::uint32_t memory_kib, std::uint32_t iterations, std::uint32_t parallelism,
                       std::size_t hash_bytes, std::string_view secret, std::string_view ad) {
  // argon2_context takes mutable pointers (for its clear-password flag, not used here): copies.
  std::vector<std::uint8_t> pwd(password.begin(), password.end()), slt(salt.begin(), salt.end()),
      key(secret.begin(), secret.end()), data(ad.begin(), ad.end());
  std::string out(hash_bytes, '\0');
  argon2_context ctx{};
  ctx.out = reinterpret_cast<std::uint8_t*>(out.data());
  ctx.outlen = static_cast<std::uint32_t>(hash_bytes);
  ctx.pwd = pwd.data();
  ctx.pwdlen = static_cast<std::uint32_t>(pwd.size());
  ctx.salt = slt.data();
  ctx.saltlen = static_cast<std::uint32_t>(slt.size());
  ctx.secret = key.empty() ? nullptr : key.data();
  ctx.secretlen = static_cast<std::uint32_t>(key.size());
  ctx.ad = data.empty() ? nullptr : data.data();
  ctx.adlen = static_cast<std::uint32_t>(data.size());
  ctx.t_cost = iterations;
  ctx.m_cost = memory_kib;
  ctx.lanes = parallelism;
  // One thread per hash whatever the lanes: the blocking pool's size is the bound on the CPU
  // that hashing takes, and libargon2 would otherwise start `p` threads of its own per call.
  ctx.threads = 1;
  ctx.version = version;
  ctx.flags = ARGON2_DEFAULT_FLAGS;
  const int rc = argon2_ctx(&ctx, static_cast<argon2_type>(v));
  if (!pwd.empty()) OPENSSL_cleanse(pwd.data(), pwd.size());
  if (rc == ARGON2_MEMORY_ALLOCATION_ERROR) throw std::bad_alloc();
  if (rc != ARGON2_OK) throw std::runtime_error(std::string("argon2: ") + argon2_error_message(rc));
  return out;
}

void validate(const argon2_params& p) {
  if (!costs_ok(p.memory_kib, p.iterations, p.parallelism))
    throw std::invalid_argument(
        "argon2: memory_kib must be 8*parallelism..1048576, iterations 1..1024, "
        "parallelism 1..255");
  if (p.salt_bytes < min_salt || p.salt_bytes > max_salt || p.hash_bytes < min_hash || p.hash_bytes > max_hash)
    throw std::invalid_argument("argon2: salt_bytes must be 8..64 and hash_bytes 16..128");
}

std::string argon2id_hash(std::string_view password, const argon2_params& p) {
  validate(p);
  argon2_phc h;
  h.variant = argon2_variant::id;
  h.version = ARGON2_VERSION_13;
  h.memory_kib = p.memory_kib;
  h.iterations = p.iterations;
  h.parallelism = p.parallelism;
  h.salt = random_bytes(p.salt_bytes);
  h.hash = argon2_raw(h.variant, h.version, password, h.salt, p.memory_kib, p.iterations, p.parallelism, p.hash_bytes);
  return format_argon2(h);
}

bool argon2_current(const argon2_phc& stored, const password_params& current) {
  const auto& c = current.argon2;
  return current.algorithm == password_algorithm::argon2id && stored.variant == argon2_variant::id &&
         stored.version == ARGON2_VERSION_13 && stored.memory_kib == c.memory_kib &&
         stored.iterations == c.iterations && stored.parallelism == c.parallelism &&
         stored.hash.size() == c.hash_bytes && stored.salt.size() >= c.salt_bytes;
}

password_check argon2_verify(std::string_view password, const argon2_phc& stored, const password_params& current) {
  const std::string tag = argon2_raw(stored.variant, stored.version, password, stored.salt, stored.memory_kib,
                                     stored.iterations, stored.parallelism, stored.hash.size());
  // Constant time: how much of the tag matched must not show in how long the answer took.
  if (CRYPTO_memcmp(tag.data(), stored.hash.data(), tag.size()) != 0) return password_check::wrong;
  return argon2_current(stored, current) ? password_check::ok : password_check::needs_rehash;
}

}  // namespace strata::auth::detail
