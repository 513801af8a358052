// password: storing and checking user passwords. New hashes are argon2id (OWASP's default cost)
// as PHC strings, which carry their own parameters, so the cost can rise later; bcrypt hashes from
// Node services ($2a$/$2b$/$2y$) verify too, and verification says when a hash should be replaced.
//
//   auto h = co_await auth::hash_password(pw);                 // "$argon2id$v=19$m=19456,t=2,p=1$..."
//   if (!h) return res.problem(422, "Unprocessable Content", std::string(to_string(h.error)));
//   switch (co_await auth::verify_password(pw, stored)) {
//     case password_check::needs_rehash: store((co_await auth::hash_password(pw)).hash); [[fallthrough]];
//     case password_check::ok: ...logged in...
//     default: ...401...
//   }
//
// Hashing takes tens of milliseconds of CPU on purpose, so the co_await forms run on the blocking
// pool (strata::offload) and the loop keeps serving; the _sync forms are for CLIs and tools.
#pragma once
#include <strata/core/task.hpp>

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

namespace strata::auth {

// Longer passwords are refused before any hashing: an attacker must not be able to make the
// server hash megabytes per request (the Django 2013 "hash DoS").
inline constexpr std::size_t max_password_bytes = 1024;

enum class password_algorithm : std::uint8_t { argon2id, bcrypt };

struct argon2_params {
  std::uint32_t memory_kib = 19456;  // m: 19 MiB, OWASP's first argon2id configuration
  std::uint32_t iterations = 2;      // t
  std::uint32_t parallelism = 1;     // p (lanes; computed on one thread of the blocking pool)
  std::uint32_t salt_bytes = 16;
  std::uint32_t hash_bytes = 32;
  friend bool operator==(const argon2_params&, const argon2_params&) = default;
};

// What new hashes are made with, and so what verification calls current.
struct password_params {
  password_algorithm algorithm = password_algorithm::argon2id;
  argon2_params argon2;
  // bcrypt's log2 rounds (4..31) when algorithm is bcrypt: 10 is bcryptjs' default and OWASP's
  // minimum. bcrypt reads only the first 72 bytes of a password; hashing refuses longer ones.
  int bcrypt_cost = 10;
};

enum class password_error : std::uint8_t {
  none,
  too_long,      // over max_password_bytes (bcrypt: over 72 bytes, which it would silently cut)
  contains_nul,  // bcrypt only: the C interface ends the password at the first NUL
};
// A sentence for the error, fit for a 422 detail.
std::string_view to_string(password_error e);

struct hashed_password {
  std::string hash;  // the PHC (argon2id) or modular crypt (bcrypt) string; empty on error
  password_error error = password_error::none;
  explicit operator bool() const { return error == password_error::none; }
};

enum class password_check : std::uint8_t {
  ok,            // the password matches and the hash is current
  needs_rehash,  // the password matches; hash it again with current params and store that
  wrong,         // it does not match (also: a password over max_password_bytes)
  malformed,     // the stored string is no hash this can read (or its costs are absurd): a data error
};
inline bool matched(password_check c) {
  return c == password_check::ok || c == password_check::needs_rehash;
}
std::string_view to_string(password_check c);

// On the blocking pool. Throws std::invalid_argument for params outside what the algorithm
// allows (a programming error), std::bad_alloc when the memory cost cannot be had.
task<hashed_password> hash_password(std::string password, password_params params = {});
task<password_check> verify_password(std::string password, std::string stored, password_params current = {});

// The same on the calling thread: for CLIs, tools and tests, never on a loop thread.
hashed_password hash_password_sync(std::string_view password, const password_params& params = {});
password_check verify_password_sync(std::string_view password, std::string_view stored,
                                    const password_params& current = {});

// True when `stored` was made with another algorithm or other costs than `current` (or cannot
// be read at all); no hashing, so it is cheap.
bool needs_rehash(std::string_view stored, const password_params& current = {});

}  // namespace strata::auth
