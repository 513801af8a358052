// strategy: one way of authenticating a request (Passport's Strategy). A strategy looks for its
// kind of credentials; it passes when there are none, fails when they are wrong, and succeeds
// with a principal. Route requirements name strategies; the first that succeeds wins.
#pragma once
#include <strata/auth/principal.hpp>
#include <strata/core/task.hpp>

#include <boost/json/object.hpp>

#include <optional>
#include <string>
#include <string_view>

namespace strata::http {
class request;
}

namespace strata::auth {

struct attempt {
  enum class outcome { pass, failure, success };
  outcome result = outcome::pass;
  std::optional<principal> who;  // set on success
  std::string reason;            // on failure: why, for the 401 detail and the challenge

  static attempt pass() { return {}; }
  static attempt failure(std::string why) { return {outcome::failure, std::nullopt, std::move(why)}; }
  static attempt success(principal p) { return {outcome::success, std::move(p), {}}; }
};

class strategy {
public:
  virtual ~strategy() = default;
  // The name routes require it by; also its OpenAPI security scheme's name.
  virtual std::string_view name() const = 0;
  virtual task<attempt> authenticate(http::request& req) = 0;
  // The WWW-Authenticate challenge a 401 carries for this strategy ("" for none); `failure` is
  // empty when no credentials came, else the reason they were refused.
  virtual std::string challenge(std::string_view failure) const {
    (void)failure;
    return {};
  }
  // The OpenAPI 3.1 Security Scheme Object documenting it; empty when it has none.
  virtual boost::json::object security_scheme() const { return {}; }
};

}  // namespace strata::auth
