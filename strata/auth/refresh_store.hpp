// refresh_store: where refresh-token families live (memory, SQL, Redis). The store makes each
// state change in one atomic step, so two requests presenting one token can never both rotate it;
// refresh_tokens (refresh_tokens.hpp) adds the tokens, their hashing and the clock.
#pragma once
#include <strata/core/task.hpp>

#include <cstddef>
#include <cstdint>
#include <string>

namespace strata::auth {

enum class refresh_status : std::uint8_t {
  ok,       // rotated: a new token in the same family
  invalid,  // no such token (never issued, malformed, or purged)
  expired,  // the token sat unused past the idle timeout, or the family reached its absolute end
  revoked,  // the family was revoked (logout, logout everywhere, an earlier reuse)
  reused,   // the token had been rotated already: presumed stolen, the whole family is now revoked
};
std::string_view to_string(refresh_status s);

// One login's chain of tokens (a device, a browser).
struct refresh_family {
  std::string id;
  std::string user_id;
  std::string meta;             // what the application keeps with it (device, user agent)
  std::int64_t created_ms = 0;  // unix ms
  std::int64_t expires_ms = 0;  // the absolute end, whatever the rotations
};

// What a rotation found; family is set for every status but invalid.
struct refresh_step {
  refresh_status status = refresh_status::invalid;
  refresh_family family;
  std::int64_t token_expires_ms = 0;  // the new token's end (ok only)
};

// Tokens are known to stores only by their SHA-256 (hex), never as presented. Arguments by value:
// a coroutine must not keep views of its caller's temporaries.
class refresh_store {
 public:
  virtual ~refresh_store() = default;
  // Records a new family with its first token.
  virtual task<void> create(refresh_family family, std::string token_hash, std::int64_t token_expires_ms) = 0;
  // One atomic step. An unused, unexpired token of a live family is marked used and `new_hash`
  // joins the family, ending at min(now + idle, the family's end). A token used before is reuse:
  // the family is revoked. Checks, in order: unknown, family past its end, reused, revoked, token
  // past its idle end.
  virtual task<refresh_step> rotate(std::string old_hash, std::string new_hash, std::int64_t now_ms,
                                    std::int64_t idle_ms) = 0;
  // Revokes the token's family; false when the token is unknown or its family was revoked already.
  virtual task<bool> revoke(std::string token_hash, std::int64_t now_ms) = 0;
  // Revokes every live family of the user; how many.
  virtual task<std::size_t> revoke_user(std::string user_id, std::int64_t now_ms) = 0;
  // Removes the families past their absolute end and their tokens; how many families. Revoked
  // families stay until then, so their stolen tokens still read as reused, not unknown.
  virtual task<std::size_t> purge(std::int64_t now_ms) = 0;
};

}  // namespace strata::auth
