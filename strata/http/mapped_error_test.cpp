// A lower layer's error (strata::mapped_error, e.g. a database's unique violation) escaping a
// handler becomes problem+json with the status it names; its text only when it allows it.
#include <strata/core/mapped_error.hpp>
#include <strata/http/server.hpp>
#include <strata/http/testing/local_server.hpp>

#include <boost/json/parse.hpp>

#include <gtest/gtest.h>

namespace strata::http {
namespace {

namespace json = boost::json;
using testing::fetch;
using testing::get_request;
using testing::local_options;

class conflict : public mapped_error {
public:
  using mapped_error::mapped_error;
  int http_status() const noexcept override { return 409; }
  std::string problem_title() const override { return "Conflict"; }
  bool expose_detail() const noexcept override { return true; }
};

class unavailable : public mapped_error {
public:
  using mapped_error::mapped_error;
  int http_status() const noexcept override { return 503; }
  std::string problem_title() const override { return "Service Unavailable"; }
};

TEST(mapped_error, status_title_and_detail_come_from_the_error) {
  server srv(local_options());
  srv.get("/dup", [](request&, response&) -> void { throw conflict("email already taken"); });
  srv.get("/down", [](request&, response&) -> void { throw unavailable("connect to db.internal:5432 refused"); });
  srv.start();

  auto dup = fetch(srv.port(), get_request("/dup"));
  ASSERT_TRUE(dup);
  EXPECT_EQ(dup->status, 409);
  EXPECT_EQ(dup->header("Content-Type"), "application/problem+json");
  auto doc = json::parse(dup->body);
  EXPECT_EQ(doc.at("title"), "Conflict");
  EXPECT_EQ(doc.at("detail"), "email already taken");

  auto down = fetch(srv.port(), get_request("/down"));
  ASSERT_TRUE(down);
  EXPECT_EQ(down->status, 503);
  EXPECT_EQ(json::parse(down->body).at("title"), "Service Unavailable");
  // Outside development mode, an error that keeps its text private shows none of it.
  EXPECT_EQ(down->body.find("db.internal"), std::string::npos) << down->body;
  srv.stop();
  srv.wait();
}

}  // namespace
}  // namespace strata::http
