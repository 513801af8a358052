// redis_session_store: sessions in Redis, shared by every instance on one server. A session is a
// string under PREFIX "s:" key, SET with PX so Redis drops it when it expires; a user's sessions
// are a set under PREFIX "u:" user (kept as long as its longest-lived member), so logging a user
// out everywhere is one script.
#pragma once
#include <strata/auth/session_store.hpp>
#include <strata/redis/client.hpp>

#include <string>

namespace strata::auth {

struct redis_session_store_options {
  std::string prefix = "strata:session:";
};

// Calls come from coroutines on a loop (the Redis client's rule); errors are redis::error (503
// when the server is unreachable). The scripts touch keys they do not declare: one Redis, not a
// cluster.
class redis_session_store final : public session_store {
public:
  explicit redis_session_store(redis::client client, redis_session_store_options options = {});

  task<std::optional<stored_session>> load(std::string key) override;
  task<void> save(std::string key, stored_session session, std::chrono::milliseconds ttl) override;
  task<bool> update(std::string key, stored_session session, std::chrono::milliseconds ttl) override;
  task<void> destroy(std::string key, std::string user_id) override;
  task<std::size_t> destroy_user(std::string user_id) override;

private:
  task<bool> write(std::string key, stored_session session, std::chrono::milliseconds ttl, bool only_existing);
  std::string session_key(std::string_view key) const { return options_.prefix + "s:" + std::string(key); }
  std::string user_key(std::string_view user) const { return options_.prefix + "u:" + std::string(user); }
  redis::client client_;
  redis_session_store_options options_;
};

}  // namespace strata::auth
