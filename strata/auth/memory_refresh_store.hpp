// memory_refresh_store: refresh-token families in this process (one instance, tests, tools). One
// mutex: every operation is a few map lookups, and rotations are rare next to requests.
#pragma once
#include <strata/auth/refresh_store.hpp>

#include <mutex>
#include <set>
#include <unordered_map>

namespace strata::auth {

class memory_refresh_store final : public refresh_store {
 public:
  task<void> create(refresh_family family, std::string token_hash, std::int64_t token_expires_ms) override;
  task<refresh_step> rotate(std::string old_hash, std::string new_hash, std::int64_t now_ms,
                            std::int64_t idle_ms) override;
  task<bool> revoke(std::string token_hash, std::int64_t now_ms) override;
  task<std::size_t> revoke_user(std::string user_id, std::int64_t now_ms) override;
  task<std::size_t> purge(std::int64_t now_ms) override;

  // The synchronous steps behind the coroutines (memory never waits).
  refresh_step rotate_now(const std::string& old_hash, const std::string& new_hash, std::int64_t now_ms,
                          std::int64_t idle_ms);
  std::size_t families() const;
  std::size_t tokens() const;

 private:
  struct family_state {
    refresh_family family;
    bool revoked = false;
  };
  struct token_state {
    std::string family;
    std::int64_t expires_ms = 0;
    bool used = false;
  };
  mutable std::mutex mutex_;
  std::unordered_map<std::string, family_state> families_;
  std::unordered_map<std::string, token_state> tokens_;
  std::unordered_map<std::string, std::set<std::string>> by_user_;  // user -> family ids
};

}  // namespace strata::auth
