// Sanitization helpers and JSON body limits: each helper on ASCII and Unicode text, the limits
// checker on each limit, and the plugin refusing bodies before the handler.
#include <gtest/gtest.h>

#include <atomic>
#include <boost/json/parse.hpp>
#include <strata/http/testing/local_server.hpp>
#include <strata/schema/json_limits.hpp>
#include <strata/schema/sanitize.hpp>
#include <strata/schema/validation.hpp>
#include <string>

namespace strata::schema {
namespace {

TEST(sanitize, trim_knows_unicode_spaces) {
  EXPECT_EQ(trim("  hello world \t\r\n"), "hello world");
  EXPECT_EQ(trim("\xc2\xa0\xe2\x80\x83name\xe3\x80\x80\xef\xbb\xbf"), "name");  // NBSP, EM SPACE, ideographic, BOM
  EXPECT_EQ(trim(" \n "), "");
  EXPECT_EQ(trim("caf\xc3\xa9"), "caf\xc3\xa9");  // é is not space
}

TEST(sanitize, collapse_whitespace) {
  EXPECT_EQ(collapse_whitespace("  a \t\n b\xe2\x80\x82\xe2\x80\x82"
                                "c  "),
            "a b c");
  EXPECT_EQ(collapse_whitespace(""), "");
}

TEST(sanitize, strip_control_characters) {
  EXPECT_EQ(strip_control(std::string("a\0b\x07"
                                      "c\x7f"
                                      "d\xc2\x85"
                                      "e",
                                      10)),
            "abcde");  // NUL, BEL, DEL, NEL (C1)
  EXPECT_EQ(strip_control("line\r\nnext\tcol"), "line\r\nnext\tcol");
  EXPECT_EQ(strip_control("line\r\nnext\tcol", false), "linenextcol");
  EXPECT_EQ(strip_control("ok\xff\xc3\x28!"), "ok(!");  // invalid UTF-8 dropped
  EXPECT_EQ(strip_control("\xe2\x82\xac \xf0\x9f\x98\x80"), "\xe2\x82\xac \xf0\x9f\x98\x80");
}

TEST(sanitize, html_escape_owasp_set) {
  EXPECT_EQ(html_escape(R"(<a href="/x?a=1&b='2'">)"), "&lt;a href=&quot;&#x2F;x?a=1&amp;b=&#x27;2&#x27;&quot;&gt;");
  EXPECT_EQ(html_escape("plain caf\xc3\xa9"), "plain caf\xc3\xa9");
}

TEST(sanitize, every_string_of_a_json_value) {
  auto v = boost::json::parse(R"({" key ": "  a  b ", "list": [" x\u0000 ", 1, {"deep": "\u00a0y "}]})");
  sanitize(v, {.collapse_whitespace = true});
  EXPECT_EQ(v, boost::json::parse(R"({" key ": "a b", "list": ["x", 1, {"deep": "y"}]})"));
}

TEST(json_limits, each_limit) {
  EXPECT_FALSE(check_json_limits(R"({"a": [1, 2, {"b": "text"}]})"));
  auto v = check_json_limits(R"([[[[1]]]])", {.max_depth = 3});
  ASSERT_TRUE(v);
  EXPECT_EQ(v->limit, "max_depth");
  EXPECT_EQ(v->status, 400);
  EXPECT_FALSE(check_json_limits(R"([[[1]]])", {.max_depth = 3}));
  v = check_json_limits(R"({"a": "12345"})", {.max_string_length = 4});
  ASSERT_TRUE(v);
  EXPECT_EQ(v->limit, "max_string_length");
  EXPECT_EQ(v->status, 413);
  EXPECT_EQ(check_json_limits(R"({"abcde": 1})", {.max_string_length = 4})->limit, "max_string_length");  // keys too
  EXPECT_FALSE(check_json_limits(R"({"abcd": "1234"})", {.max_string_length = 4}));
  EXPECT_EQ(check_json_limits("[1,2,3]", {.max_array_items = 2})->limit, "max_array_items");
  EXPECT_FALSE(check_json_limits("[1,2]", {.max_array_items = 2}));
  EXPECT_EQ(check_json_limits(R"({"a":1,"b":2,"c":3})", {.max_object_keys = 2})->limit, "max_object_keys");
  EXPECT_EQ(check_json_limits(R"({"a": )")->limit, "syntax");
  EXPECT_EQ(check_json_limits(R"({} {})")->limit, "syntax");
  // A long string split across the parser's internal buffer is still measured whole.
  EXPECT_EQ(check_json_limits("\"" + std::string(100000, 'x') + "\"", {.max_string_length = 99999})->limit,
            "max_string_length");
}

struct served {
  http::server srv{http::testing::local_options()};
  std::atomic<int> handled{0};
  served() {
    srv.use(json_body_limits({.max_depth = 4, .max_string_length = 16, .max_array_items = 3, .max_object_keys = 3}));
    srv.use(validation());
    srv.post("/echo",
             [this](http::request& req, http::response& res) {
               ++handled;
               res.json(req.json());
             },
             {.schema = {{"body", {{"type", "object"}}}}});
    srv.post("/text", [this](http::request& req, http::response& res) {
      ++handled;
      res.text(std::string(req.body()));
    });
    srv.start();
  }
  ~served() { srv.stop(); }
};

TEST(json_limits, the_plugin_refuses_before_validation_and_the_handler) {
  served s;
  using http::testing::fetch;
  using http::testing::post_request;
  auto ok = fetch(s.srv.port(), post_request("/echo", R"({"a": [1, 2, 3]})"));
  ASSERT_TRUE(ok);
  EXPECT_EQ(ok->status, 200) << ok->body;
  EXPECT_EQ(s.handled, 1);
  for (const auto& [body, status, limit] :
       {std::tuple{R"({"a": [[[[1]]]]})", 400, "max_depth"},
        std::tuple{R"({"a": "0123456789abcdefg"})", 413, "max_string_length"},
        std::tuple{R"({"a": [1, 2, 3, 4]})", 413, "max_array_items"},
        std::tuple{R"({"a": 1, "b": 2, "c": 3, "d": 4})", 413, "max_object_keys"}}) {
    auto r = fetch(s.srv.port(), post_request("/echo", body));
    ASSERT_TRUE(r);
    EXPECT_EQ(r->status, status) << body;
    EXPECT_EQ(r->header("Content-Type"), "application/problem+json");
    EXPECT_EQ(boost::json::parse(r->body).at("limit"), limit) << r->body;
  }
  auto bad = fetch(s.srv.port(), post_request("/echo", R"({"a": )"));
  EXPECT_EQ(bad->status, 400);
  EXPECT_EQ(s.handled, 1);
  // Other content types are not JSON's business.
  auto text = fetch(s.srv.port(),
                    "POST /text HTTP/1.1\r\nHost: x\r\nContent-Type: text/plain\r\nContent-Length: 20\r\n"
                    "\r\n[[[[[[[[[[1]]]]]]]]]]");
  EXPECT_EQ(text->status, 200);
}

}  // namespace
}  // namespace strata::schema
