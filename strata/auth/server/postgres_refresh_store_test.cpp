// The refresh-token suite on PostgreSQL: DATABASE_URL, tables under a prefix of the test's own,
// dropped afterwards. Skips, saying so, without DATABASE_URL. This file defines the suite's tests
// for auth_server_test (refresh_store_test_cases.hpp); the Redis file only instantiates them.
#include <strata/auth/refresh_store_test_cases.hpp>
#include <strata/auth/sql_refresh_store.hpp>

#include <cstdlib>
#include <random>

namespace strata::auth::testing {
namespace {

std::string random_suffix() {
  std::random_device rd;
  std::string s;
  for (int i = 0; i < 8; ++i) s += "0123456789abcdef"[rd() % 16];
  return s;
}

store_under_test postgres(std::string& why_not) {
  const char* url = std::getenv("DATABASE_URL");
  if (!url || !*url) {
    why_not =
        "DATABASE_URL is not set: start PostgreSQL with `eval \"$(scripts/services env)\"` "
        "(scripts/services start postgres) to run the PostgreSQL refresh-token tests";
    return {};
  }
  auto db = sql::database::open(url);
  const auto prefix = "strata_refresh_t" + random_suffix();
  auto store = std::make_shared<sql_refresh_store>(db, sql_refresh_store_options{.prefix = prefix});
  run(store->create_table());
  return {store, [db, prefix]() mutable {
            run(db.script("DROP TABLE IF EXISTS " + prefix + "_tokens; DROP TABLE IF EXISTS " + prefix + "_families"));
            db.close();
          }};
}

INSTANTIATE_TEST_SUITE_P(postgres, refresh_store_suite, ::testing::Values(refresh_store_case{"postgres", postgres}),
                         case_name);

}  // namespace
}  // namespace strata::auth::testing
