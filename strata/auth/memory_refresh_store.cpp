// Refresh-token families in process memory (see memory_refresh_store.hpp).
#include <strata/auth/memory_refresh_store.hpp>

#include <algorithm>

namespace strata::auth {

task<void> memory_refresh_store::create(refresh_family family, std::string token_hash, std::int64_t token_expires_ms) {
  std::lock_guard lock(mutex_);
  by_user_[family.user_id].insert(family.id);
  tokens_[std::move(token_hash)] = token_state{family.id, token_expires_ms, false};
  const auto id = family.id;
  families_[id] = family_state{std::move(family), false};
  co_return;
}

refresh_step memory_refresh_store::rotate_now(const std::string& old_hash, const std::string& new_hash,
                                              std::int64_t now_ms, std::int64_t idle_ms) {
  std::lock_guard lock(mutex_);
  refresh_step step;
  auto t = tokens_.find(old_hash);
  if (t == tokens_.end()) return step;
  auto f = families_.find(t->second.family);
  if (f == families_.end()) return step;
  step.family = f->second.family;
  if (f->second.family.expires_ms <= now_ms) {
    step.status = refresh_status::expired;
  } else if (t->second.used) {
    f->second.revoked = true;
    step.status = refresh_status::reused;
  } else if (f->second.revoked) {
    step.status = refresh_status::revoked;
  } else if (t->second.expires_ms <= now_ms) {
    step.status = refresh_status::expired;
  } else {
    t->second.used = true;
    step.token_expires_ms = std::min(now_ms + idle_ms, f->second.family.expires_ms);
    tokens_[new_hash] = token_state{f->first, step.token_expires_ms, false};
    step.status = refresh_status::ok;
  }
  return step;
}

task<refresh_step> memory_refresh_store::rotate(std::string old_hash, std::string new_hash, std::int64_t now_ms,
                                                std::int64_t idle_ms) {
  co_return rotate_now(old_hash, new_hash, now_ms, idle_ms);
}

task<bool> memory_refresh_store::revoke(std::string token_hash, std::int64_t) {
  std::lock_guard lock(mutex_);
  auto t = tokens_.find(token_hash);
  if (t == tokens_.end()) co_return false;
  auto f = families_.find(t->second.family);
  if (f == families_.end() || f->second.revoked) co_return false;
  f->second.revoked = true;
  co_return true;
}

task<std::size_t> memory_refresh_store::revoke_user(std::string user_id, std::int64_t now_ms) {
  std::lock_guard lock(mutex_);
  std::size_t n = 0;
  auto u = by_user_.find(user_id);
  if (u == by_user_.end()) co_return 0;
  for (const auto& id : u->second) {
    auto f = families_.find(id);
    if (f == families_.end() || f->second.revoked || f->second.family.expires_ms <= now_ms) continue;
    f->second.revoked = true;
    ++n;
  }
  co_return n;
}

task<std::size_t> memory_refresh_store::purge(std::int64_t now_ms) {
  std::lock_guard lock(mutex_);
  std::size_t n = 0;
  for (auto t = tokens_.begin(); t != tokens_.end();) {
    auto f = families_.find(t->second.family);
    if (f == families_.end() || f->second.family.expires_ms <= now_ms)
      t = tokens_.erase(t);
    else
      ++t;
  }
  for (auto f = families_.begin(); f != families_.end();) {
    if (f->second.family.expires_ms > now_ms) {
      ++f;
      continue;
    }
    auto u = by_user_.find(f->second.family.user_id);
    if (u != by_user_.end()) {
      u->second.erase(f->first);
      if (u->second.empty()) by_user_.erase(u);
    }
    f = families_.erase(f);
    ++n;
  }
  co_return n;
}

std::size_t memory_refresh_store::families() const {
  std::lock_guard lock(mutex_);
  return families_.size();
}

std::size_t memory_refresh_store::tokens() const {
  std::lock_guard lock(mutex_);
  return tokens_.size();
}

}  // namespace strata::auth
