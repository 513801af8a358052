// principal: who a request acts for, once a strategy has authenticated it (Passport's req.user).
#pragma once
#include <boost/json/object.hpp>

#include <string>
#include <string_view>
#include <vector>

namespace strata::http {
class request;
}

namespace strata::auth {

struct principal {
  std::string id;                   // the subject: a user id, a client id, an API key's owner
  std::string strategy;             // the strategy that authenticated it ("jwt", "session", ...)
  std::vector<std::string> roles;   // for RBAC (auth::rbac) and route requirements
  std::vector<std::string> scopes;  // permissions granted directly (OAuth scopes, a key's grants)
  boost::json::object claims;       // what the strategy knows: token claims, user fields

  bool has_role(std::string_view role) const;
  bool has_scope(std::string_view scope) const;
};

// The request's principal, or nullptr while it is anonymous.
const principal* user(http::request& req);
// The request's principal; throws 401 (http_error) while it is anonymous.
const principal& require_user(http::request& req);
// Sets the request's principal (strategies and login handlers call it).
void set_user(http::request& req, principal who);

}  // namespace strata::auth
