#include <strata/auth/memory_session_store.hpp>

#include <chrono>

namespace strata::auth {

memory_session_store::memory_session_store(memory_session_store_options options) : options_(std::move(options)) {
  if (options_.max_sessions == 0) options_.max_sessions = 1;
  if (!options_.clock)
    options_.clock = [] {
      return std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::system_clock::now().time_since_epoch())
          .count();
    };
}

void memory_session_store::erase_locked(std::unordered_map<std::string, entry>::iterator it) {
  const auto& user = it->second.session.user_id;
  if (!user.empty()) {
    auto u = by_user_.find(user);
    if (u != by_user_.end()) {
      u->second.erase(it->first);
      if (u->second.empty()) by_user_.erase(u);
    }
  }
  lru_.erase(it->second.order);
  entries_.erase(it);
}

task<std::optional<stored_session>> memory_session_store::load(std::string key) {
  std::lock_guard lock(mutex_);
  auto it = entries_.find(key);
  if (it == entries_.end()) co_return std::nullopt;
  if (it->second.drop_at_ms <= options_.clock()) {
    erase_locked(it);
    co_return std::nullopt;
  }
  lru_.splice(lru_.begin(), lru_, it->second.order);
  co_return it->second.session;
}

task<void> memory_session_store::save(std::string key, stored_session session, std::chrono::milliseconds ttl) {
  std::lock_guard lock(mutex_);
  if (auto it = entries_.find(key); it != entries_.end()) erase_locked(it);
  while (entries_.size() >= options_.max_sessions) erase_locked(entries_.find(lru_.back()));
  lru_.push_front(key);
  if (!session.user_id.empty()) by_user_[session.user_id].insert(key);
  const auto drop_at = options_.clock() + ttl.count();
  entries_.emplace(std::move(key), entry{std::move(session), drop_at, lru_.begin()});
  co_return;
}

task<bool> memory_session_store::update(std::string key, stored_session session, std::chrono::milliseconds ttl) {
  std::lock_guard lock(mutex_);
  auto it = entries_.find(key);
  const auto now = options_.clock();
  if (it == entries_.end() || it->second.drop_at_ms <= now) co_return false;
  // A key's user never changes, so its index entry stands.
  it->second.session = std::move(session);
  it->second.drop_at_ms = now + ttl.count();
  lru_.splice(lru_.begin(), lru_, it->second.order);
  co_return true;
}

task<void> memory_session_store::destroy(std::string key, std::string) {
  std::lock_guard lock(mutex_);
  if (auto it = entries_.find(key); it != entries_.end()) erase_locked(it);
  co_return;
}

task<std::size_t> memory_session_store::destroy_user(std::string user_id) {
  std::lock_guard lock(mutex_);
  auto u = by_user_.find(user_id);
  if (u == by_user_.end()) co_return 0;
  const auto keys = std::move(u->second);
  by_user_.erase(u);
  std::size_t n = 0;
  for (const auto& k : keys)
    if (auto it = entries_.find(k); it != entries_.end()) {
      lru_.erase(it->second.order);
      entries_.erase(it);
      ++n;
    }
  co_return n;
}

std::size_t memory_session_store::size() const {
  std::lock_guard lock(mutex_);
  return entries_.size();
}

}  // namespace strata::auth
