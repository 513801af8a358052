#include <strata/auth/session.hpp>
#include <strata/auth/session_strategy.hpp>

#include <stdexcept>

namespace strata::auth {
namespace {

class session_strategy_impl final : public strategy {
public:
  explicit session_strategy_impl(session_strategy_options o) : o_(std::move(o)) {}
  std::string_view name() const override { return o_.name; }

  task<attempt> authenticate(http::request& req) override {
    session_state* s = find_session(req);
    if (!s) throw std::logic_error("auth::session_strategy needs auth::session() on the route's scope");
    if (!s->user()) co_return attempt::pass();
    principal who = *s->user();
    if (o_.load_user) {
      auto current = co_await o_.load_user(std::move(who));
      if (!current) {
        s->destroy();
        co_return attempt::failure("The session's user no longer exists.");
      }
      who = std::move(*current);
    }
    who.strategy = o_.name;
    co_return attempt::success(std::move(who));
  }

  boost::json::object security_scheme() const override {
    return {{"type", "apiKey"}, {"in", "cookie"}, {"name", o_.cookie_name}};
  }

private:
  session_strategy_options o_;
};

}  // namespace

std::shared_ptr<strategy> session_strategy(session_strategy_options options) {
  return std::make_shared<session_strategy_impl>(std::move(options));
}

}  // namespace strata::auth
