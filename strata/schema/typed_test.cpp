// Described structs on a real server: routes declare schema::of<T>(), handlers read typed values
// (body_as / query_as), and response schemas serialize the payloads (unknown fields dropped), with
// the opt-outs.
#include <gtest/gtest.h>

#include <boost/describe.hpp>
#include <boost/json/parse.hpp>
#include <optional>
#include <strata/http/testing/local_server.hpp>
#include <strata/schema/typed.hpp>
#include <strata/schema/validation.hpp>
#include <string>
#include <vector>

namespace shop {

struct new_user {
  std::string username, email;
  std::optional<std::string> bio;
  static void refine(strata::schema::refinements<new_user>& r) {
    r[&new_user::username].min(3).max(32);
    r[&new_user::email].format("email");
  }
};
BOOST_DESCRIBE_STRUCT(new_user, (), (username, email, bio))

struct user {
  long id = 0;
  std::string username;
  std::optional<std::string> bio;
};
BOOST_DESCRIBE_STRUCT(user, (), (id, username, bio))

struct page {
  int limit = 20;
  int offset = 0;
  static void refine(strata::schema::refinements<page>& r) {
    r[&page::limit].min(1).max(100).optional();
    r[&page::offset].min(0).optional();
  }
};
BOOST_DESCRIBE_STRUCT(page, (), (limit, offset))

}  // namespace shop

namespace strata::schema {
namespace {

using http::testing::fetch;
using http::testing::get;
using http::testing::local_options;
using http::testing::post_request;

struct served {
  http::server srv{local_options()};
  explicit served(validation_options o = {}) {
    srv.use(validation(std::move(o)));
    srv.post("/users",
             [](http::request& req, http::response& res) {
               auto in = body_as<shop::new_user>(req);
               // What a handler returns holds more than the response schema declares.
               boost::json::value out = to_json(shop::user{7, in.username, in.bio});
               out.as_object()["password_hash"] = "$argon2id$...";
               res.status(201).json(std::move(out));
             },
             {.schema = {{"body", of<shop::new_user>()}, {"response", {{"201", of<shop::user>()}}}}});
    // No route schema: body_as checks against of<T>() itself.
    srv.post("/loose",
             [](http::request& req, http::response& res) { res.json(to_json(body_as<shop::new_user>(req))); });
    srv.get("/users", [](http::request& req, http::response& res) {
      auto p = query_as<shop::page>(req);
      res.json({{"limit", p.limit}, {"offset", p.offset}});
    });
    srv.get("/raw",
            [](http::request& req, http::response& res) {
              if (req.query("raw")) res.set_payload_writer(nullptr);  // this response as is
              res.json({{"id", 1}, {"username", "ann"}, {"extra", true}});
            },
            {.schema = {{"response", {{"2xx", of<shop::user>()}}}}});
    srv.start();
  }
  ~served() { srv.stop(); }
};

TEST(typed, body_as_reads_the_checked_body_and_the_response_schema_drops_unknown_fields) {
  served s;
  auto r = fetch(s.srv.port(), post_request("/users", R"({"username": "jake", "email": "jake@example.com"})"));
  ASSERT_TRUE(r);
  ASSERT_EQ(r->status, 201) << r->body;
  EXPECT_EQ(r->body, R"({"id":7,"username":"jake"})");
  EXPECT_EQ(r->header("Content-Type"), "application/json; charset=utf-8");
  r = fetch(s.srv.port(), post_request("/users", R"({"username": "jo", "email": "jake@example.com"})"));
  EXPECT_EQ(r->status, 400);
  EXPECT_NE(r->body.find("/body/username"), std::string::npos) << r->body;
}

TEST(typed, without_a_route_schema_body_as_checks_against_the_type) {
  served s;
  auto r = fetch(s.srv.port(), post_request("/loose", R"({"username": "jake", "email": "j@x.io", "bio": "hi"})"));
  ASSERT_EQ(r->status, 200) << r->body;
  EXPECT_EQ(boost::json::parse(r->body), boost::json::parse(R"({"username":"jake","email":"j@x.io","bio":"hi"})"));
  r = fetch(s.srv.port(), post_request("/loose", R"({"username": 12})"));
  EXPECT_EQ(r->status, 400);
  EXPECT_EQ(r->header("Content-Type"), "application/problem+json");
  EXPECT_NE(r->body.find("/body/username"), std::string::npos) << r->body;
  EXPECT_NE(r->body.find("'email'"), std::string::npos) << r->body;  // required
}

TEST(typed, query_as_coerces_and_fills_defaults) {
  served s;
  auto r = get(s.srv.port(), "/users?offset=40");
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(boost::json::parse(r.body), boost::json::parse(R"({"limit": 20, "offset": 40})"));
  r = get(s.srv.port(), "/users?limit=500");
  EXPECT_EQ(r.status, 400) << r.body;
  EXPECT_NE(r.body.find("/query/limit"), std::string::npos) << r.body;
}

TEST(typed, status_ranges_and_opt_outs) {
  {
    served s;
    EXPECT_EQ(get(s.srv.port(), "/raw").body, R"({"id":1,"username":"ann"})");  // "2xx"
    EXPECT_EQ(boost::json::parse(get(s.srv.port(), "/raw?raw=1").body).as_object().size(), 3u);
  }
  served off({.serialize_responses = false});
  EXPECT_EQ(boost::json::parse(get(off.srv.port(), "/raw").body).as_object().size(), 3u);
}

}  // namespace
}  // namespace strata::schema
