// RBAC: wildcards, inheritance (with a cycle), scopes as direct grants.
#include <strata/auth/rbac.hpp>

#include <gtest/gtest.h>

namespace strata::auth {
namespace {

TEST(rbac, wildcards_cover_prefixes_only_at_a_colon) {
  EXPECT_TRUE(grant_covers("*", "anything"));
  EXPECT_TRUE(grant_covers("article:*", "article:delete"));
  EXPECT_FALSE(grant_covers("article:*", "articles:delete"));
  EXPECT_FALSE(grant_covers("article:read", "article:write"));
  EXPECT_FALSE(grant_covers("article*", "article:read"));
}

TEST(rbac, inheritance_is_transitive_and_survives_cycles) {
  rbac p;
  p.role("reader", {"doc:read"}, {"admin"});  // a cycle: admin -> editor -> reader -> admin
  p.role("editor", {"doc:write"}, {"reader"});
  p.role("admin", {"user:*"}, {"editor"});
  EXPECT_TRUE(p.role_allows("admin", "doc:read"));
  EXPECT_TRUE(p.role_allows("editor", "doc:read"));
  EXPECT_TRUE(p.role_allows("reader", "user:ban"));  // through the cycle
  EXPECT_FALSE(p.role_allows("nobody", "doc:read"));
  EXPECT_EQ(p.permissions_of("editor").size(), 3u);
}

TEST(rbac, principal_grants_are_roles_and_scopes) {
  rbac p;
  p.role("user", {"article:read"});
  principal who{.id = "u", .roles = {"user"}, .scopes = {"billing:view"}};
  EXPECT_TRUE(p.allows(who, "article:read"));
  EXPECT_TRUE(p.allows(who, "billing:view"));
  EXPECT_FALSE(p.allows(who, "article:write"));
}

}  // namespace
}  // namespace strata::auth
