// The PostgreSQL driver: the parsed URL and pool options, connections made on the caller's loop,
// and the BEGIN statement for transaction options.
#include <strata/sql/detail/driver.hpp>
#include <strata/sql/postgres/detail/connection.hpp>

namespace strata::sql {

namespace postgres::detail {
namespace {

class pg_driver final : public sql::detail::driver {
 public:
  pg_driver(std::string_view url, const pool_options& options) : info_(url), options_(options) {}

  dialect kind() const override { return dialect::postgres; }

  task<std::unique_ptr<sql::detail::connection>> connect() override {
    co_return co_await pg_connection::open(info_, options_);
  }

  bool multiplexed() const override { return true; }

  std::string begin_statement(const transaction_options& options) const override {
    std::string s = "BEGIN";
    switch (options.level) {
      case isolation::default_level:
        break;
      case isolation::read_committed:
        s += " ISOLATION LEVEL READ COMMITTED";
        break;
      case isolation::repeatable_read:
        s += " ISOLATION LEVEL REPEATABLE READ";
        break;
      case isolation::serializable:
        s += " ISOLATION LEVEL SERIALIZABLE";
        break;
    }
    if (options.read_only) s += " READ ONLY";
    return s;
  }

 private:
  conninfo info_;  // parsed once: a bad URL fails here, at database::open
  pool_options options_;
};

}  // namespace
}  // namespace postgres::detail

namespace detail {
std::unique_ptr<driver> make_postgres_driver(std::string_view url, const pool_options& options) {
  return std::make_unique<postgres::detail::pg_driver>(url, options);
}
}  // namespace detail

}  // namespace strata::sql
