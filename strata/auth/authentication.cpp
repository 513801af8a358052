#include <strata/auth/authentication.hpp>
#include <strata/http/error.hpp>

#include <boost/json/object.hpp>

#include <algorithm>
#include <stdexcept>
#include <utility>

namespace strata::auth {
namespace {

constexpr std::string_view registry_decoration = "strata.auth";
constexpr std::string_view schemes_decoration = "strata.openapi.security_schemes";
constexpr std::string_view registry_key = "strata.auth.registry";  // on the request, for can()

struct registry {
  std::vector<std::shared_ptr<strategy>> strategies;
  std::vector<std::string> defaults;
  std::shared_ptr<const rbac> policy;

  strategy* find(std::string_view name) const {
    for (const auto& s : strategies)
      if (s->name() == name) return s.get();
    return nullptr;
  }
};
using registry_ptr = std::shared_ptr<const registry>;

bool contains(const std::vector<std::string>& names, std::string_view name) {
  return std::find(names.begin(), names.end(), name) != names.end();
}

std::vector<std::string> candidates(const registry& reg, const std::vector<std::string>& named) {
  if (!named.empty()) return named;
  if (!reg.defaults.empty()) return reg.defaults;
  std::vector<std::string> all;
  for (const auto& s : reg.strategies) all.emplace_back(s->name());
  return all;
}

// Why a request was refused, and what each strategy asks for.
struct refusal {
  std::string detail = "Authentication is required.";
  std::vector<std::string> challenges;
};

// Tries the strategies in order; the principal, or the refusal when none succeeded (`failed` says
// whether some strategy saw credentials and refused them).
task<const principal*> run(http::request& req, const registry& reg, const std::vector<std::string>& names,
                           refusal& why, bool& failed) {
  failed = false;
  std::vector<std::pair<strategy*, std::string>> tried;
  for (const auto& name : names) {
    strategy* s = reg.find(name);
    if (!s) throw std::logic_error("auth: no strategy named '" + name + "' is registered");
    attempt a = co_await s->authenticate(req);
    if (a.result == attempt::outcome::success) {
      if (a.who->strategy.empty()) a.who->strategy = name;
      set_user(req, std::move(*a.who));
      co_return user(req);
    }
    if (a.result == attempt::outcome::failure && !failed) {
      failed = true;
      why.detail = a.reason;
    }
    tried.emplace_back(s, std::move(a.reason));
  }
  for (const auto& [s, reason] : tried)
    if (auto c = s->challenge(reason); !c.empty()) why.challenges.push_back(std::move(c));
  co_return nullptr;
}

void refuse(http::response& res, const refusal& why) {
  for (const auto& c : why.challenges) res.append("WWW-Authenticate", c);
  res.problem(401, "Unauthorized", why.detail);
}

bool permitted(const registry& reg, const principal& who, std::string_view permission) {
  return reg.policy ? reg.policy->allows(who, permission) : who.has_scope(permission);
}

// Checks one requirement; false when it answered the request (401/403).
task<bool> enforce(http::request& req, http::response& res, const registry& reg, const requirement& need) {
  req.set(registry_key, &reg);
  auto names = candidates(reg, need.strategies);
  const principal* who = user(req);
  // A principal from another strategy (an outer guard's) does not meet a narrower requirement.
  if (who && !contains(names, who->strategy)) who = nullptr;
  if (!who) {
    refusal why;
    bool failed = false;
    who = co_await run(req, reg, names, why, failed);
    if (!who) {
      if (need.optional && !failed) co_return true;
      refuse(res, why);
      co_return false;
    }
  }
  if (!need.roles.empty() &&
      std::none_of(need.roles.begin(), need.roles.end(), [&](const auto& r) { return who->has_role(r); })) {
    res.problem(403, "Forbidden", "This needs one of the roles the route requires.");
    co_return false;
  }
  for (const auto& p : need.permissions)
    if (!permitted(reg, *who, p)) {
      res.problem(403, "Forbidden", "This needs the permission '" + p + "'.");
      co_return false;
    }
  co_return true;
}

const registry* registry_of(http::request& req) {
  auto** reg = req.get<const registry*>(registry_key);
  if (reg) return *reg;
  const auto* route = req.matched_route();
  const auto* any = route ? route->decoration(registry_decoration) : nullptr;
  const auto* ptr = any ? std::any_cast<registry_ptr>(any) : nullptr;
  return ptr ? ptr->get() : nullptr;
}

}  // namespace

http::plugin_fn authentication(auth_options options) {
  auto reg = std::make_shared<registry>();
  reg->strategies = std::move(options.strategies);
  reg->defaults = std::move(options.defaults);
  reg->policy = std::move(options.policy);
  for (const auto& name : reg->defaults)
    if (!reg->find(name)) throw std::invalid_argument("auth: default strategy '" + name + "' is not registered");
  return [reg = registry_ptr(reg)](http::scope& s) {
    boost::json::object schemes;
    if (const auto* outer = s.decoration<boost::json::object>(schemes_decoration)) schemes = *outer;
    for (const auto& st : reg->strategies)
      if (auto scheme = st->security_scheme(); !scheme.empty()) schemes[st->name()] = std::move(scheme);
    s.decorate(schemes_decoration, std::move(schemes));
    s.decorate(registry_decoration, reg);
    s.pre_parsing([reg](http::request& req, http::response& res) -> task<void> {
      const auto* route = req.matched_route();
      req.set(registry_key, reg.get());
      if (!route || !route->options.auth) co_return;
      co_await enforce(req, res, *reg, *route->options.auth);
    });
  };
}

http::plugin_fn guard(requirement need) {
  return [need = std::move(need)](http::scope& s) {
    const auto* reg = s.decoration<registry_ptr>(registry_decoration);
    if (!reg) throw std::logic_error("auth::guard needs auth::authentication() on this scope or an outer one");
    s.decorate(http::auth_requirement_decoration, need);
    s.pre_parsing([need, reg = *reg](http::request& req, http::response& res) -> task<void> {
      co_await enforce(req, res, *reg, need);
    });
  };
}

task<const principal*> authenticate(http::request& req, std::vector<std::string> strategies) {
  const registry* reg = registry_of(req);
  if (!reg) throw std::logic_error("auth::authenticate needs auth::authentication() on the route's scope");
  refusal why;
  bool failed = false;
  const principal* who = co_await run(req, *reg, candidates(*reg, strategies), why, failed);
  if (!who && failed) throw http::http_error(401, "Unauthorized", why.detail);
  co_return who;
}

bool can(http::request& req, std::string_view permission) {
  const principal* who = user(req);
  const registry* reg = registry_of(req);
  if (!who) return false;
  return reg ? permitted(*reg, *who, permission) : who->has_scope(permission);
}

void authorize(http::request& req, std::string_view permission) {
  if (!user(req)) throw http::http_error(401, "Unauthorized", "Authentication is required.");
  if (!can(req, permission)) throw http::http_error(403, "Forbidden", "This needs the permission '" + std::string(permission) + "'.");
}

}  // namespace strata::auth
