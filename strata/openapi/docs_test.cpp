// The docs routes on a real server: the document in JSON and YAML, the Postman collection, the
// Swagger UI page and its files, and a clear 503 when Swagger UI is not installed.
#include <strata/http/testing/local_server.hpp>
#include <strata/openapi/docs.hpp>

#include <boost/json/parse.hpp>
#include <gtest/gtest.h>

namespace strata::openapi {
namespace {

using http::testing::get;
using http::testing::local_options;

struct served {
  http::server srv{local_options()};
  explicit served(docs_options o) {
    srv.get("/items/:id", [](http::request&, http::response& res) { res.json({{"id", 1}}); },
            {.summary = "One item", .tags = {"items"}});
    srv.use(docs(std::move(o)));
    srv.start();
  }
  ~served() { srv.stop(); }
  std::uint16_t port() const { return srv.port(); }
};

TEST(docs, serves_the_document_the_routes_make) {
  served s({.about = {.title = "Items"}});
  auto r = get(s.port(), "/openapi.json");
  ASSERT_EQ(r.status, 200);
  EXPECT_EQ(r.header("Content-Type"), "application/json");
  auto doc = boost::json::parse(r.body).as_object();
  EXPECT_EQ(doc.at("info").at("title"), "Items");
  const auto& paths = doc.at("paths").as_object();
  EXPECT_EQ(paths.size(), 1u);  // the docs routes are hidden
  EXPECT_EQ(paths.at("/items/{id}").at("get").at("summary"), "One item");
  EXPECT_EQ(doc, generate(s.srv.router(), {.title = "Items"}));

  auto yaml = get(s.port(), "/openapi.yaml");
  EXPECT_EQ(yaml.status, 200);
  EXPECT_EQ(yaml.header("Content-Type"), "application/yaml");
  EXPECT_NE(yaml.body.find("\"/items/{id}\":"), std::string::npos) << yaml.body;

  auto postman = get(s.port(), "/postman.json");
  ASSERT_EQ(postman.status, 200);
  auto collection = boost::json::parse(postman.body).as_object();
  EXPECT_EQ(collection.at("item").at(0).at("name"), "items");
  EXPECT_EQ(collection.at("item").at(0).at("item").at(0).at("request").at("url").at("raw"), "{{baseUrl}}/items/:id");
}

TEST(docs, swagger_ui_page_and_files) {
  served s({.about = {.title = "Items <&>"}, .prefix = "/api"});
  auto page = get(s.port(), "/api/docs");
  if (page.status == 503) GTEST_SKIP() << "Swagger UI was not installed by the build (npm): " << page.body;
  ASSERT_EQ(page.status, 200);
  EXPECT_NE(page.body.find("<title>Items &lt;&amp;&gt; - API docs</title>"), std::string::npos) << page.body;
  EXPECT_NE(page.body.find("src=\"/api/docs/swagger-ui-bundle.js\""), std::string::npos);
  EXPECT_EQ(page.body.find("<script>"), std::string::npos);  // no inline script: CSP 'self' allows the page

  auto init = get(s.port(), "/api/docs/strata-init.js");
  ASSERT_EQ(init.status, 200);
  EXPECT_NE(init.body.find("url: \"/api/openapi.json\""), std::string::npos) << init.body;

  auto bundle = get(s.port(), "/api/docs/swagger-ui-bundle.js");
  ASSERT_EQ(bundle.status, 200);
  EXPECT_GT(bundle.body.size(), 100'000u);
  EXPECT_NE(bundle.header("Content-Type").value_or("").find("javascript"), std::string::npos);
  EXPECT_EQ(get(s.port(), "/api/docs/swagger-ui.css").status, 200);
  EXPECT_EQ(get(s.port(), "/api/docs/../../etc/passwd").status, 404);
  EXPECT_EQ(get(s.port(), "/api/openapi.json").status, 200);
}

TEST(docs, missing_swagger_ui_is_a_clear_503) {
  served s({.swagger_ui_dir = "/nonexistent/swagger-ui-dist"});
  auto r = get(s.port(), "/docs");
  EXPECT_EQ(r.status, 503);
  EXPECT_EQ(r.header("Content-Type"), "application/problem+json");
  EXPECT_NE(r.body.find("STRATA_SWAGGER_UI_DIR"), std::string::npos) << r.body;
  EXPECT_EQ(get(s.port(), "/openapi.json").status, 200);  // the document does not need it
}

}  // namespace
}  // namespace strata::openapi
