// redis_refresh_store: refresh-token families in Redis, shared by every instance on one server.
// A family is a hash under PREFIX "f:" id, a token a hash under PREFIX "t:" sha256, a user's
// families a set under PREFIX "u:" user; each step is one Lua script, so a rotation is atomic.
// Keys expire with their family's absolute end, so purge() has nothing to do.
#pragma once
#include <strata/auth/refresh_store.hpp>
#include <strata/redis/client.hpp>

#include <string>

namespace strata::auth {

struct redis_refresh_store_options {
  std::string prefix = "strata:refresh:";
};

// Calls come from coroutines on a loop (the Redis client's rule); errors are redis::error (503
// when the server is unreachable). The scripts touch keys they do not declare (a token's family
// is known only once the token is read): one Redis, not a cluster.
class redis_refresh_store final : public refresh_store {
 public:
  explicit redis_refresh_store(redis::client client, redis_refresh_store_options options = {});

  task<void> create(refresh_family family, std::string token_hash, std::int64_t token_expires_ms) override;
  task<refresh_step> rotate(std::string old_hash, std::string new_hash, std::int64_t now_ms,
                            std::int64_t idle_ms) override;
  task<bool> revoke(std::string token_hash, std::int64_t now_ms) override;
  task<std::size_t> revoke_user(std::string user_id, std::int64_t now_ms) override;
  // Redis expires the keys by itself: always 0.
  task<std::size_t> purge(std::int64_t now_ms) override;

 private:
  std::string key(std::string_view kind, std::string_view id) const {
    return options_.prefix + std::string(kind) + std::string(id);
  }
  redis::client client_;
  redis_refresh_store_options options_;
};

}  // namespace strata::auth
