// rbac: roles that grant permissions, with inheritance (an editor is also a reader). Permissions
// are strings like "article:delete"; a grant of "article:*" covers every "article:..." and "*"
// covers all. A principal's own scopes count as direct grants.
#pragma once
#include <strata/auth/principal.hpp>

#include <map>
#include <string>
#include <string_view>
#include <vector>

namespace strata::auth {

class rbac {
public:
  // Defines (or redefines) a role: its own permissions and the roles it inherits from.
  rbac& role(std::string name, std::vector<std::string> permissions, std::vector<std::string> inherits = {});

  // True when one of the principal's roles, or one of its scopes, grants the permission.
  bool allows(const principal& who, std::string_view permission) const;
  bool role_allows(std::string_view role, std::string_view permission) const;
  // Every permission a role grants, its inherited ones included (for docs and /me endpoints).
  std::vector<std::string> permissions_of(std::string_view role) const;

private:
  struct role_def {
    std::vector<std::string> permissions;
    std::vector<std::string> inherits;
  };
  std::map<std::string, role_def, std::less<>> roles_;
};

// True when `grant` covers `permission`: equal, "*", or a "prefix:*" wildcard.
bool grant_covers(std::string_view grant, std::string_view permission);

}  // namespace strata::auth
