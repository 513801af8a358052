// session_state: the request-side view of a session; every change only marks it for on_send.
#include <strata/auth/detail/session_manager.hpp>

#include <algorithm>
#include <utility>

namespace strata::auth {

session_state::session_state(const detail::session_manager& manager) : manager_(&manager) {
  rec_.created_ms = rec_.touched_ms = manager.now();
}

const std::string& session_state::id() {
  if (rec_.id.empty()) rec_.id = detail::session_manager::new_id();
  return rec_.id;
}

const boost::json::value* session_state::get(std::string_view key) const { return rec_.data.if_contains(key); }

void session_state::set(std::string_view key, boost::json::value value) {
  if (st_.destroyed) regenerate();  // a value after logout (a flash message) starts a new session
  rec_.data[key] = std::move(value);
  st_.changed = true;
}

bool session_state::erase(std::string_view key) {
  if (rec_.data.erase(key) == 0) return false;
  st_.changed = true;
  return true;
}

void session_state::clear() {
  if (rec_.data.empty()) return;
  rec_.data.clear();
  st_.changed = true;
}

void session_state::regenerate() {
  if (!st_.loaded_key.empty()) {
    st_.old_key = std::exchange(st_.loaded_key, {});
    st_.old_user = std::exchange(st_.loaded_user, {});
  }
  rec_.id = detail::session_manager::new_id();
  rec_.created_ms = rec_.touched_ms = manager_->now();
  rec_.csrf.clear();  // a token seen before the change must not serve after it
  st_.changed = true;
  st_.destroyed = false;
  st_.is_new = true;
}

void session_state::destroy() {
  st_.destroyed = true;
  rec_.data.clear();
  rec_.who.reset();
  rec_.csrf.clear();
}

std::int64_t session_state::expires_ms() const {
  const auto& o = manager_->options();
  const auto idle = rec_.touched_ms + std::chrono::duration_cast<std::chrono::milliseconds>(o.idle_timeout).count();
  const auto absolute =
      rec_.created_ms + std::chrono::duration_cast<std::chrono::milliseconds>(o.absolute_timeout).count();
  return std::min(idle, absolute);
}

}  // namespace strata::auth
