// memory_session_store: sessions in this process's memory, bounded: past max_sessions the least
// recently used one is dropped (its user is logged out). For development, tests and single
// instances; several instances need a shared store (SQL or Redis).
#pragma once
#include <strata/auth/session_store.hpp>

#include <functional>
#include <list>
#include <memory>
#include <mutex>
#include <string>
#include <unordered_map>
#include <unordered_set>

namespace strata::auth {

struct memory_session_store_options {
  std::size_t max_sessions = 100000;
  std::function<std::int64_t()> clock;  // unix ms; default the system clock
};

class memory_session_store final : public session_store {
public:
  explicit memory_session_store(memory_session_store_options options = {});

  task<std::optional<stored_session>> load(std::string key) override;
  task<void> save(std::string key, stored_session session, std::chrono::milliseconds ttl) override;
  task<bool> update(std::string key, stored_session session, std::chrono::milliseconds ttl) override;
  task<void> destroy(std::string key, std::string user_id) override;
  task<std::size_t> destroy_user(std::string user_id) override;

  std::size_t size() const;

private:
  struct entry {
    stored_session session;
    std::int64_t drop_at_ms;  // the store's own clock
    std::list<std::string>::iterator order;
  };
  void erase_locked(std::unordered_map<std::string, entry>::iterator it);

  memory_session_store_options options_;
  mutable std::mutex mutex_;
  std::unordered_map<std::string, entry> entries_;
  std::list<std::string> lru_;  // front: most recently used
  std::unordered_map<std::string, std::unordered_set<std::string>> by_user_;
};

}  // namespace strata::auth
