// sql::error escaping an HTTP handler: a unique violation becomes 409 problem+json with the
// database's message; a statement error becomes a 500 without internals.
#include <gtest/gtest.h>

#include <boost/json/parse.hpp>
#include <strata/core/testing/temp_dir.hpp>
#include <strata/http/server.hpp>
#include <strata/http/testing/local_server.hpp>
#include <strata/sql/database.hpp>
#include <strata/sql/testing/run.hpp>

namespace strata::sql {
namespace {

using http::testing::fetch;
using http::testing::get_request;
using http::testing::post_request;

TEST(sql_http, duplicate_insert_is_a_409_problem) {
  strata::testing::temp_dir dir;
  auto db = database::open("sqlite:" + (dir / "users.db").string());
  sql::testing::run([&]() -> task<void> {
    co_await db.query("CREATE TABLE users (id INTEGER PRIMARY KEY, email TEXT NOT NULL UNIQUE)");
  });
  http::server srv(http::testing::local_options(2));
  srv.post("/users", [&](http::request& req, http::response& res) -> task<void> {
    auto r = co_await db.query("INSERT INTO users (email) VALUES ($1) RETURNING id", std::string(req.body()));
    res.status(201).json(boost::json::object{{"id", r.scalar<std::int64_t>()}});
  });
  srv.get("/broken", [&](http::request&, http::response& res) -> task<void> {
    co_await db.query("SELECT * FROM no_such_table");
    res.text("unreachable");
  });
  srv.start();

  auto created = fetch(srv.port(), post_request("/users", "a@example.com"));
  ASSERT_TRUE(created);
  EXPECT_EQ(created->status, 201) << created->body;

  auto duplicate = fetch(srv.port(), post_request("/users", "a@example.com"));
  ASSERT_TRUE(duplicate);
  EXPECT_EQ(duplicate->status, 409) << duplicate->body;
  EXPECT_EQ(duplicate->header("content-type").value_or(""), "application/problem+json");
  const auto problem = boost::json::parse(duplicate->body).as_object();
  EXPECT_EQ(problem.at("status").as_int64(), 409);
  EXPECT_EQ(problem.at("title").as_string(), "Conflict");
  EXPECT_NE(std::string(problem.at("detail").as_string()).find("UNIQUE constraint failed"), std::string::npos);

  auto broken = fetch(srv.port(), get_request("/broken"));
  ASSERT_TRUE(broken);
  EXPECT_EQ(broken->status, 500);
  EXPECT_EQ(broken->body.find("no_such_table"), std::string::npos) << broken->body;  // no internals
  srv.stop();
  srv.wait();
}

}  // namespace
}  // namespace strata::sql
