// Running one statement on an SQLite connection, on the connection's own thread: prepare (or find
// in the cache), bind $N parameters by number, step, copy the rows into a result.
#pragma once
#include <strata/sql/result.hpp>
#include <strata/sql/sqlite/statement_cache.hpp>
#include <strata/sql/value.hpp>

struct sqlite3;

namespace strata::sql::sqlite {

// Throws sql::error. Text holding several statements ("CREATE ...; CREATE ...") runs them all
// uncached and returns the last one's result.
result execute(sqlite3* db, statement_cache& cache, const statement& s);

}  // namespace strata::sql::sqlite
