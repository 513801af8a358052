#include <strata/auth/rbac.hpp>

#include <set>

namespace strata::auth {

bool grant_covers(std::string_view grant, std::string_view permission) {
  if (grant == "*" || grant == permission) return true;
  if (grant.size() >= 2 && grant.ends_with(":*")) {
    auto prefix = grant.substr(0, grant.size() - 1);  // keeps the ':'
    return permission.starts_with(prefix);
  }
  return false;
}

rbac& rbac::role(std::string name, std::vector<std::string> permissions, std::vector<std::string> inherits) {
  roles_[std::move(name)] = role_def{std::move(permissions), std::move(inherits)};
  return *this;
}

std::vector<std::string> rbac::permissions_of(std::string_view role) const {
  std::vector<std::string> out;
  std::set<std::string, std::less<>> seen;  // roles visited: inheritance cycles end here
  std::vector<std::string_view> todo{role};
  while (!todo.empty()) {
    auto name = todo.back();
    todo.pop_back();
    if (!seen.insert(std::string(name)).second) continue;
    auto it = roles_.find(name);
    if (it == roles_.end()) continue;
    out.insert(out.end(), it->second.permissions.begin(), it->second.permissions.end());
    for (const auto& parent : it->second.inherits) todo.push_back(parent);
  }
  return out;
}

bool rbac::role_allows(std::string_view role, std::string_view permission) const {
  for (const auto& grant : permissions_of(role))
    if (grant_covers(grant, permission)) return true;
  return false;
}

bool rbac::allows(const principal& who, std::string_view permission) const {
  for (const auto& scope : who.scopes)
    if (grant_covers(scope, permission)) return true;
  for (const auto& role : who.roles)
    if (role_allows(role, permission)) return true;
  return false;
}

}  // namespace strata::auth
