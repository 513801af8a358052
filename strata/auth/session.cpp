// session(): the plugin's hooks, and login/logout on top of the request's session.
#include <strata/auth/detail/session_manager.hpp>
#include <strata/http/error.hpp>

#include <stdexcept>

namespace strata::auth {

using manager_ptr = std::shared_ptr<const detail::session_manager>;
using session_ptr = std::shared_ptr<session_state>;

http::plugin_fn session(session_options options) {
  auto manager = std::make_shared<const detail::session_manager>(std::move(options));
  return [manager](http::scope& s) {
    s.decorate(detail::session_decoration, manager_ptr(manager));
    s.on_request([manager](http::request& req, http::response&) -> task<void> {
      auto st = co_await manager->load(req);
      req.set(detail::session_local, std::move(st));
    });
    s.on_send([manager](http::request& req, http::response& res) -> task<void> {
      auto* st = req.get<session_ptr>(detail::session_local);
      if (st && *st) co_await manager->commit(req, res, **st);
    });
  };
}

session_state* find_session(http::request& req) {
  auto* st = req.get<session_ptr>(detail::session_local);
  return st ? st->get() : nullptr;
}

session_state& session_of(http::request& req) {
  if (auto* s = find_session(req)) return *s;
  throw std::logic_error("auth::session_of needs auth::session() on the route's scope");
}

void login(http::request& req, http::response&, principal who) {
  auto& s = session_of(req);
  s.regenerate();
  session_state::access::set_user(s, who);
  set_user(req, std::move(who));
}

void logout(http::request& req, http::response&) { session_of(req).destroy(); }

task<std::size_t> logout_everywhere(session_store& store, std::string user_id) {
  co_return co_await store.destroy_user(std::move(user_id));
}

task<std::size_t> logout_everywhere(http::request& req, http::response& res) {
  auto& s = session_of(req);
  const auto& manager = session_state::access::manager(s);
  if (!manager.server_side())
    throw std::logic_error("auth::logout_everywhere: cookie-only sessions cannot be revoked; give session() a store");
  const principal* who = s.user();
  if (!who) throw http::http_error(401, "Unauthorized", "Authentication is required.");
  std::string id = who->id;
  s.destroy();
  co_return co_await manager.options().store->destroy_user(std::move(id));
}

}  // namespace strata::auth
