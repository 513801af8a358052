// login_throttle: two failed-only rate limiters on the login scope (see login_throttle.hpp).
#include <strata/auth/login_throttle.hpp>
#include <strata/http/request.hpp>
#include <strata/ratelimit/memory_store.hpp>
#include <strata/ratelimit/middleware.hpp>

#include <boost/json/value.hpp>

#include <cctype>
#include <stdexcept>

namespace strata::auth {
namespace {

bool iequals_prefix(std::string_view text, std::string_view prefix) {
  if (text.size() < prefix.size()) return false;
  for (std::size_t i = 0; i < prefix.size(); ++i)
    if (std::tolower(static_cast<unsigned char>(text[i])) != std::tolower(static_cast<unsigned char>(prefix[i])))
      return false;
  return true;
}

std::string normalized(std::string_view name) {
  while (!name.empty() && std::isspace(static_cast<unsigned char>(name.front()))) name.remove_prefix(1);
  while (!name.empty() && std::isspace(static_cast<unsigned char>(name.back()))) name.remove_suffix(1);
  std::string out(name);
  for (auto& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

// The username the body names, as auth::local reads it; "" when there is none.
std::string username(http::request& req, const std::string& field, const std::string& pointer) {
  const auto type = req.header("Content-Type").value_or("");
  if (iequals_prefix(type, "application/x-www-form-urlencoded")) {
    for (auto& [k, v] : http::parse_urlencoded(req.body()))
      if (k == field) return normalized(v);
    return {};
  }
  if (req.body().empty()) return {};
  try {
    const auto& body = req.json();
    boost::system::error_code ec;
    const auto* fields = pointer.empty() ? &body : body.find_pointer(pointer, ec);
    if (!fields || !fields->is_object()) return {};
    if (const auto* u = fields->get_object().if_contains(field); u && u->is_string())
      return normalized(u->get_string());
  } catch (const std::exception&) {
    // Not JSON: counted under the empty username; the route answers 400 on its own.
  }
  return {};
}

}  // namespace

http::plugin_fn login_throttle(login_throttle_options o) {
  if (o.max <= 0 || o.max_per_ip < 0) throw std::invalid_argument("login_throttle: max must be > 0, max_per_ip >= 0");
  if (!o.store) o.store = std::make_shared<ratelimit::memory_store>();
  if (!o.key) o.key = ratelimit::by_ip();

  auto common = [&](std::string name, std::int64_t points, std::chrono::milliseconds window) {
    ratelimit::rate_limit_options r;
    r.name = std::move(name);
    r.limits = {ratelimit::limit{points, window, o.algorithm}};
    r.store = o.store;
    r.count = ratelimit::count_mode::failed_only;  // a successful login gives its point back
    r.clock = o.clock;
    return r;
  };

  // Per address: in on_request, so an address past its limit is refused before its body is
  // read. It runs first, so an attempt it refuses is not counted against the username; an
  // attempt the username limit refuses does count against the address, so an address that keeps
  // hammering a locked username uses up its own quota too.
  http::plugin_fn per_ip;
  if (o.max_per_ip > 0) {
    auto r = common(o.name + "_ip", o.max_per_ip, o.ip_window);
    r.key = o.key;
    r.stage = http::hook_kind::on_request;
    per_ip = ratelimit::rate_limit(std::move(r));
  }
  auto r = common(o.name + "_user", o.max, o.window);
  r.key = ratelimit::combine({o.key, [field = o.username_field, pointer = o.json_pointer](http::request& req) {
                                return "login:" + username(req, field, pointer);
                              }});
  r.stage = http::hook_kind::pre_parsing;
  auto per_user = ratelimit::rate_limit(std::move(r));

  return [per_ip = std::move(per_ip), per_user = std::move(per_user)](http::scope& s) {
    if (per_ip) per_ip(s);
    per_user(s);
  };
}

}  // namespace strata::auth
