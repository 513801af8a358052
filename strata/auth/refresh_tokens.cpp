// Refresh tokens: random tokens, their hashes, the clock and the policy; the stores make the
// state changes atomic (see refresh_tokens.hpp).
#include <strata/auth/detail/base64.hpp>
#include <strata/auth/refresh_tokens.hpp>

#include <openssl/rand.h>
#include <openssl/sha.h>

#include <algorithm>
#include <chrono>
#include <stdexcept>

namespace strata::auth {
namespace {

constexpr std::size_t token_bytes = 32;  // 256 bits
constexpr std::size_t token_chars = 43;  // their unpadded base64url

std::string random_text(std::size_t bytes) {
  std::string raw(bytes, '\0');
  if (RAND_bytes(reinterpret_cast<unsigned char*>(raw.data()), static_cast<int>(bytes)) != 1)
    throw std::runtime_error("refresh_tokens: the random generator failed");
  return detail::base64url_encode(raw);
}

// Anything else was never issued here: refused without a trip to the store.
bool well_formed(std::string_view token) {
  if (token.size() != token_chars) return false;
  for (char c : token)
    if (!((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_'))
      return false;
  return true;
}

std::int64_t system_ms() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::system_clock::now().time_since_epoch())
      .count();
}

}  // namespace

std::string_view to_string(refresh_status s) {
  switch (s) {
    case refresh_status::ok:
      return "ok";
    case refresh_status::invalid:
      return "invalid";
    case refresh_status::expired:
      return "expired";
    case refresh_status::revoked:
      return "revoked";
    case refresh_status::reused:
      return "reused";
  }
  return "";
}

refresh_tokens::refresh_tokens(std::shared_ptr<refresh_store> store, refresh_token_options options)
    : store_(std::move(store)), options_(std::move(options)) {
  if (!store_) throw std::invalid_argument("refresh_tokens: no store");
  if (options_.absolute_lifetime.count() <= 0 || options_.idle_timeout.count() <= 0)
    throw std::invalid_argument("refresh_tokens: lifetimes must be positive");
  if (!options_.clock) options_.clock = system_ms;
}

std::string refresh_tokens::hash(std::string_view token) {
  unsigned char digest[SHA256_DIGEST_LENGTH];
  SHA256(reinterpret_cast<const unsigned char*>(token.data()), token.size(), digest);
  static const char* hex = "0123456789abcdef";
  std::string out;
  out.reserve(2 * sizeof digest);
  for (unsigned char c : digest) {
    out += hex[c >> 4];
    out += hex[c & 15];
  }
  return out;
}

task<issued_refresh_token> refresh_tokens::issue(std::string user_id, std::string meta) {
  if (user_id.empty()) throw std::invalid_argument("refresh_tokens: issue() needs a user id");
  const auto now = options_.clock();
  refresh_family f;
  f.id = random_text(16);
  f.user_id = std::move(user_id);
  f.meta = std::move(meta);
  f.created_ms = now;
  f.expires_ms = now + options_.absolute_lifetime.count();
  issued_refresh_token out;
  out.token = random_text(token_bytes);
  out.family = f.id;
  out.expires_ms = std::min(f.expires_ms, now + options_.idle_timeout.count());
  co_await store_->create(std::move(f), hash(out.token), out.expires_ms);
  co_return out;
}

task<refresh_rotation> refresh_tokens::rotate(std::string token) {
  refresh_rotation out;
  if (!well_formed(token)) co_return out;
  auto next = random_text(token_bytes);
  auto step = co_await store_->rotate(hash(token), hash(next), options_.clock(), options_.idle_timeout.count());
  out.status = step.status;
  out.user_id = std::move(step.family.user_id);
  out.family = std::move(step.family.id);
  out.meta = std::move(step.family.meta);
  if (step.status == refresh_status::ok) {
    out.token = std::move(next);
    out.expires_ms = step.token_expires_ms;
  }
  co_return out;
}

task<bool> refresh_tokens::revoke(std::string token) {
  if (!well_formed(token)) co_return false;
  co_return co_await store_->revoke(hash(token), options_.clock());
}

task<std::size_t> refresh_tokens::revoke_all(std::string user_id) {
  co_return co_await store_->revoke_user(std::move(user_id), options_.clock());
}

task<std::size_t> refresh_tokens::purge() {
  co_return co_await store_->purge(options_.clock());
}

}  // namespace strata::auth
