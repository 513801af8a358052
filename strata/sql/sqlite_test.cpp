// The SQLite backend through sql::database: URL forms, every parameter type round-tripping
// through a real table, $N placeholders out of order, injection attempts staying data, and
// SQLite's errors arriving as sql::error with PostgreSQL's SQLSTATEs.
#include <gtest/gtest.h>

#include <boost/json/parse.hpp>
#include <strata/core/testing/temp_dir.hpp>
#include <strata/sql/database.hpp>
#include <strata/sql/testing/run.hpp>

namespace strata::sql {
namespace {

using namespace std::chrono;
using sql::testing::run;

std::string url_in(const strata::testing::temp_dir& dir, std::string_view name = "app.db") {
  return "sqlite:" + (dir / name).string();
}

// The error a coroutine throws, or a default error when it does not throw.
template <class F>
error error_of(F make_task) {
  try {
    run(make_task);
  } catch (const error& e) {
    return e;
  }
  return error("", "no error");
}

TEST(sqlite, query_returns_rows_and_column_names) {
  auto db = database::open("sqlite::memory:");
  EXPECT_EQ(db.kind(), dialect::sqlite);
  auto r = run([&]() -> task<result> { co_return co_await db.query("SELECT 1 AS one, 'two' AS two, NULL AS three"); });
  ASSERT_EQ(r.size(), 1u);
  ASSERT_EQ(r.columns(), 3u);
  EXPECT_EQ(r.column_name(1), "two");
  EXPECT_EQ(r[0].get<int>("one"), 1);
  EXPECT_EQ(r[0].get<std::string>(1), "two");
  EXPECT_TRUE(r[0]["three"].is_null());
  EXPECT_EQ(r[0].get<std::optional<std::string>>("three"), std::nullopt);
  EXPECT_THROW(r[0]["four"], error);
  EXPECT_THROW(r[0][3], error);
}

TEST(sqlite, every_type_round_trips_through_a_table) {
  strata::testing::temp_dir dir;
  auto db = database::open(url_in(dir));
  const timestamp ts = sys_days(2024y / 1 / 2) + 3h + 4min + 5s + 123456us;
  const date day = sys_days(2024y / 2 / 29);
  const uuid id = *uuid::parse("123e4567-e89b-12d3-a456-426614174000");
  const bytes blob{std::byte{0}, std::byte{0xff}, std::byte{'\''}};
  const boost::json::value doc = boost::json::parse(R"({"tags":["a","b"],"n":1.5,"ok":true})");
  // Built outside the coroutine: GCC 12 rejects std::initializer_list temporaries in a co_await
  // expression ("array used as initializer").
  const numeric price{"12.50"};
  const std::vector<std::string> words{"a b", "\"q\""};
  const std::vector<std::int64_t> ints{1, -2};
  const std::vector<double> doubles{0.5, 2};
  const std::vector<bool> flags{true, false};
  const std::string with_nul("héllo\0world", 11);
  run([&]() -> task<void> {
    co_await db.query(
        "CREATE TABLE every (b INTEGER, i INTEGER, f REAL, s TEXT, by BLOB, j TEXT, ts TEXT, d TEXT, u TEXT, n TEXT, "
        "ai TEXT, af TEXT, as_ TEXT, ab TEXT, missing TEXT, empty BLOB)");
    auto r = co_await db.query(
        "INSERT INTO every VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16)", true,
        std::int64_t{-9007199254740993}, 0.1, with_nul, blob, doc, ts, day, id, price, ints, doubles, words, flags,
        std::optional<int>{}, bytes{});
    EXPECT_EQ(r.affected_rows(), 1);
  });
  auto r = run([&]() -> task<result> { co_return co_await db.query("SELECT * FROM every"); });
  ASSERT_EQ(r.size(), 1u);
  const auto row = r[0];
  EXPECT_EQ(row.get<bool>("b"), true);
  EXPECT_EQ(row.get<std::int64_t>("i"), -9007199254740993);
  EXPECT_EQ(row.get<double>("f"), 0.1);
  EXPECT_EQ(row.get<std::string>("s"), std::string("héllo\0world", 11));
  EXPECT_EQ(row.get<bytes>("by"), blob);
  EXPECT_EQ(row.get<boost::json::value>("j"), doc);
  EXPECT_EQ(row.get<timestamp>("ts"), ts);
  EXPECT_EQ(row.get<std::string>("ts"), "2024-01-02T03:04:05.123456Z");
  EXPECT_EQ(row.get<date>("d"), day);
  EXPECT_EQ(row.get<uuid>("u"), id);
  EXPECT_EQ(row.get<numeric>("n").text, "12.50");
  EXPECT_EQ(row.get<std::vector<std::int64_t>>("ai"), (std::vector<std::int64_t>{1, -2}));
  EXPECT_EQ(row.get<std::vector<double>>("af"), (std::vector<double>{0.5, 2}));
  EXPECT_EQ(row.get<std::vector<std::string>>("as_"), (std::vector<std::string>{"a b", "\"q\""}));
  EXPECT_EQ(row.get<std::vector<bool>>("ab"), (std::vector<bool>{true, false}));
  EXPECT_TRUE(row["missing"].is_null());
  EXPECT_FALSE(row["empty"].is_null());  // an empty blob is not NULL
  EXPECT_EQ(row.get<bytes>("empty"), bytes{});
  // The wrong type is an error naming both sides, not a silent conversion.
  try {
    (void)row.get<uuid>("i");
    ADD_FAILURE() << "decoded an integer as a uuid";
  } catch (const error& e) {
    EXPECT_EQ(e.sqlstate(), sqlstate::data_exception);
    EXPECT_NE(std::string(e.what()).find("INTEGER"), std::string::npos) << e.what();
  }
}

TEST(sqlite, placeholders_bind_by_number_in_any_order) {
  auto db = database::open("sqlite::memory:");
  auto r = run([&]() -> task<result> {
    co_return co_await db.query("SELECT $2 AS second, $1 AS first, $2 || $3 AS joined", "one", "two", "three");
  });
  EXPECT_EQ(r[0].get<std::string>("second"), "two");
  EXPECT_EQ(r[0].get<std::string>("first"), "one");
  EXPECT_EQ(r[0].get<std::string>("joined"), "twothree");
  // Too few or too many parameters is a programming error, reported as such.
  EXPECT_EQ(error_of([&]() -> task<void> { co_await db.query("SELECT $1, $2", 1); }).sqlstate(), "42P02");
  EXPECT_EQ(error_of([&]() -> task<void> { co_await db.query("SELECT $1", 1, 2); }).sqlstate(), "42P02");
}

TEST(sqlite, injection_attempts_stay_data) {
  strata::testing::temp_dir dir;
  auto db = database::open(url_in(dir));
  const std::string evil = "'; DROP TABLE users; --";
  auto r = run([&]() -> task<result> {
    co_await db.query("CREATE TABLE users (id INTEGER PRIMARY KEY, name TEXT NOT NULL)");
    co_await db.query("INSERT INTO users (name) VALUES ($1)", evil);
    co_await db.query("INSERT INTO users (name) VALUES ($1)", "x\" OR 1=1 --");
    co_return co_await db.query("SELECT name FROM users WHERE name = $1", evil);
  });
  ASSERT_EQ(r.size(), 1u);
  EXPECT_EQ(r[0].get<std::string>(0), evil);
  auto count = run([&]() -> task<std::int64_t> {
    co_return (co_await db.query("SELECT count(*) FROM users")).scalar<std::int64_t>();
  });
  EXPECT_EQ(count, 2);
}

TEST(sqlite, unique_violation_is_23505_and_409) {
  auto db = database::open("sqlite::memory:");
  run([&]() -> task<void> {
    co_await db.query("CREATE TABLE users (id INTEGER PRIMARY KEY, email TEXT UNIQUE)");
    co_await db.query("INSERT INTO users (email) VALUES ($1)", "a@example.com");
  });
  const auto e =
      error_of([&]() -> task<void> { co_await db.query("INSERT INTO users (email) VALUES ($1)", "a@example.com"); });
  EXPECT_EQ(e.sqlstate(), sqlstate::unique_violation);
  EXPECT_TRUE(e.is_unique_violation());
  EXPECT_EQ(e.http_status(), 409);
  EXPECT_EQ(e.problem_title(), "Conflict");
  EXPECT_TRUE(e.expose_detail());
  EXPECT_EQ(e.constraint(), "users.email");
  const auto pk = error_of([&]() -> task<void> { co_await db.query("INSERT INTO users (id) VALUES (1), (1)"); });
  EXPECT_EQ(pk.sqlstate(), sqlstate::unique_violation);
}

TEST(sqlite, constraint_and_statement_errors_map_to_sqlstates) {
  auto db = database::open("sqlite::memory:");
  run([&]() -> task<void> {
    co_await db.query(
        "CREATE TABLE parents (id INTEGER PRIMARY KEY);"
        "CREATE TABLE kids (id INTEGER PRIMARY KEY, parent INTEGER NOT NULL REFERENCES parents(id),"
        " age INTEGER CHECK (age >= 0))");
    co_await db.query("INSERT INTO parents (id) VALUES (1)");
  });
  auto state = [&](std::string sql) { return error_of([&]() -> task<void> { co_await db.query(sql); }).sqlstate(); };
  EXPECT_EQ(state("INSERT INTO kids (parent) VALUES (99)"), sqlstate::foreign_key_violation);  // foreign_keys=ON
  EXPECT_EQ(state("INSERT INTO kids (parent) VALUES (NULL)"), sqlstate::not_null_violation);
  EXPECT_EQ(state("INSERT INTO kids (parent, age) VALUES (1, -1)"), sqlstate::check_violation);
  EXPECT_EQ(state("SELECT * FROM nowhere"), sqlstate::undefined_table);
  EXPECT_EQ(state("SELEC 1"), sqlstate::syntax_error);
  EXPECT_EQ(state("SELECT nope FROM parents"), "42703");
  const auto syntax = error_of([&]() -> task<void> { co_await db.query("SELEC 1"); });
  EXPECT_EQ(syntax.http_status(), 500);
  EXPECT_FALSE(syntax.expose_detail());
}

TEST(sqlite, affected_rows_counts_only_changes) {
  auto db = database::open("sqlite::memory:");
  run([&]() -> task<void> {
    auto created = co_await db.query("CREATE TABLE t (n INTEGER)");
    EXPECT_EQ(created.affected_rows(), 0);
    EXPECT_EQ((co_await db.query("INSERT INTO t VALUES (1), (2), (3)")).affected_rows(), 3);
    EXPECT_EQ((co_await db.query("UPDATE t SET n = n + 1 WHERE n >= $1", 2)).affected_rows(), 2);
    EXPECT_EQ((co_await db.query("SELECT * FROM t")).affected_rows(), 0);
    EXPECT_EQ((co_await db.query("DELETE FROM t WHERE n = 99")).affected_rows(), 0);
    auto returned = co_await db.query("DELETE FROM t RETURNING n");
    EXPECT_EQ(returned.affected_rows(), 3);
    EXPECT_EQ(returned.size(), 3u);
  });
}

TEST(sqlite, pipeline_runs_in_order_and_stops_at_the_first_failure) {
  auto db = database::open("sqlite::memory:");
  auto results = run([&]() -> task<std::vector<result>> {
    co_await db.query("CREATE TABLE t (n INTEGER UNIQUE)");
    std::vector<statement> batch{{"INSERT INTO t VALUES ($1)", {to_param(1)}},
                                 {"INSERT INTO t VALUES ($1)", {to_param(2)}},
                                 {"SELECT count(*) FROM t", {}}};
    co_return co_await db.pipeline(std::move(batch));
  });
  ASSERT_EQ(results.size(), 3u);
  EXPECT_EQ(results[2].scalar<int>(), 2);
  const auto e = error_of([&]() -> task<void> {
    std::vector<statement> batch{
        {"INSERT INTO t VALUES (3)", {}}, {"INSERT INTO t VALUES (1)", {}}, {"INSERT INTO t VALUES (4)", {}}};
    co_await db.pipeline(std::move(batch));
  });
  EXPECT_EQ(e.sqlstate(), sqlstate::unique_violation);
  auto has_four = run([&]() -> task<std::int64_t> {
    co_return (co_await db.query("SELECT count(*) FROM t WHERE n = 4")).scalar<std::int64_t>();
  });
  EXPECT_EQ(has_four, 0);
}

TEST(sqlite, scalar_needs_exactly_one_value) {
  auto db = database::open("sqlite::memory:");
  EXPECT_EQ(run([&]() -> task<int> { co_return (co_await db.query("SELECT 41 + 1")).scalar<int>(); }), 42);
  EXPECT_THROW(run([&]() -> task<int> { co_return (co_await db.query("SELECT 1, 2")).scalar<int>(); }), error);
  EXPECT_THROW(run([&]() -> task<int> { co_return (co_await db.query("SELECT 1 WHERE 0")).scalar<int>(); }), error);
}

TEST(sqlite, url_forms) {
  strata::testing::temp_dir dir;
  const auto path = (dir / "abs.db").string();
  // sqlite:///abs/path and sqlite:/abs/path name the same file.
  run([&]() -> task<void> {
    auto a = database::open("sqlite://" + path);
    co_await a.query("CREATE TABLE t (n INTEGER)");
    co_await a.query("INSERT INTO t VALUES (7)");
  });
  EXPECT_TRUE(std::filesystem::exists(path));
  auto b = database::open("sqlite:" + path);
  EXPECT_EQ(run([&]() -> task<int> { co_return (co_await b.query("SELECT n FROM t")).scalar<int>(); }), 7);
  // ?mode=ro opens read-only: writes fail with SQLite's read-only error.
  auto ro = database::open("sqlite:" + path + "?mode=ro");
  EXPECT_EQ(run([&]() -> task<int> { co_return (co_await ro.query("SELECT n FROM t")).scalar<int>(); }), 7);
  EXPECT_EQ(error_of([&]() -> task<void> { co_await ro.query("INSERT INTO t VALUES (8)"); }).sqlstate(), "25006");
  // A relative path is relative to the working directory.
  const auto cwd = std::filesystem::current_path();
  std::filesystem::current_path(dir.path());
  run([&]() -> task<void> { co_await database::open("sqlite:sub/../rel.db").ping(); });
  std::filesystem::current_path(cwd);
  EXPECT_TRUE(std::filesystem::exists(dir / "rel.db"));
  // WAL mode on files.
  EXPECT_EQ(
      run([&]() -> task<std::string> { co_return (co_await b.query("PRAGMA journal_mode")).scalar<std::string>(); }),
      "wal");
  EXPECT_THROW(database::open("mysql://localhost/db"), error);
  EXPECT_THROW(database::open("sqlite:"), error);
  EXPECT_EQ(database::open("sqlite:" + path).url_redacted(), "sqlite:" + path);
}

TEST(sqlite, memory_database_is_shared_by_its_connections_only) {
  pool_options options;
  options.max_connections = 4;
  auto db = database::open("sqlite::memory:", options);
  auto other = database::open("sqlite::memory:");
  run([&]() -> task<void> { co_await db.query("CREATE TABLE t (n INTEGER)"); });
  // Several connections at once (a transaction holds one while queries take others).
  run([&]() -> task<void> {
    co_await db.transaction([&](transaction& tx) -> task<void> {
      co_await tx.query("INSERT INTO t VALUES (1)");
      co_return;
    });
    co_await db.query("INSERT INTO t VALUES (2)");
  });
  db.close();  // idle connections close; the data stays while the database object lives
  EXPECT_EQ(run([&]() -> task<int> { co_return (co_await db.query("SELECT count(*) FROM t")).scalar<int>(); }), 2);
  EXPECT_EQ(error_of([&]() -> task<void> { co_await other.query("SELECT * FROM t"); }).sqlstate(),
            sqlstate::undefined_table);
}

TEST(sqlite, multiple_statements_in_one_text) {
  auto db = database::open("sqlite::memory:");
  auto r = run([&]() -> task<result> {
    co_return co_await db.query("CREATE TABLE a (n INTEGER); INSERT INTO a VALUES (1); SELECT n FROM a;");
  });
  EXPECT_EQ(r.scalar<int>(), 1);
}

TEST(sqlite, unopened_handle_throws) {
  database db;
  EXPECT_FALSE(db);
  EXPECT_THROW(run([&]() -> task<void> { co_await db.query("SELECT 1"); }), error);
}

}  // namespace
}  // namespace strata::sql
