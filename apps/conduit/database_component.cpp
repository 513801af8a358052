#include "database_component.hpp"

#include <strata/core/block_on.hpp>
#include <strata/sql/migrate.hpp>

namespace conduit {

void database_component::start() {
  const auto dir = migrations_ / (db_.kind() == strata::sql::dialect::postgres ? "postgres" : "sqlite");
  strata::sql::migrator migrator(db_, dir);
  auto applied = strata::block_on([&] { return migrator.up(); });
  log_->info("migrations applied", {{"count", static_cast<std::int64_t>(applied.size())}, {"folder", dir.string()}});
}

strata::health_check database_component::health() {
  return [db = db_]() mutable -> strata::task<strata::health_result> {
    co_await db.query("SELECT 1");
    co_return strata::health_result{true, ""};
  };
}

}  // namespace conduit
