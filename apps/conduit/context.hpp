// What every Conduit route needs: the database, the cache, the token key. Built once in main and
// shared (read-only) by all loops.
#pragma once
#include "settings.hpp"

#include <strata/auth/jwk.hpp>
#include <strata/cache/cache.hpp>
#include <strata/sql/database.hpp>

#include <chrono>
#include <memory>

namespace conduit {

struct context {
  strata::sql::database db;
  std::shared_ptr<strata::cache::cache> cache;
  strata::auth::jwt::key token_key;  // HS256 secret that signs and verifies user tokens
  std::chrono::seconds token_ttl{};
  std::chrono::seconds cache_ttl{};
};

}  // namespace conduit
