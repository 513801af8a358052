// The demo service's docs checked by others' tools: its OpenAPI document validates with
// swagger-parser (npm), its Postman collection runs with newman (npm) and passes every request,
// and headless Chromium renders Swagger UI at /docs with the operations listed. Each tool is
// fetched once into the build folder; without npm, the registry or Chromium the test skips.
#include <strata/http/server.hpp>
#include <strata/http/testing/npm_tool.hpp>
#include <strata/http/testing/service_process.hpp>
#include <strata/openapi/openapi.hpp>
#include <strata/schema/describe.hpp>

#include <boost/describe.hpp>
#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>
#include <gtest/gtest.h>

#include <netinet/in.h>
#include <signal.h>
#include <sys/socket.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <optional>
#include <string>
#include <thread>
#include <vector>

namespace strata::openapi {
namespace {

namespace fs = std::filesystem;
using http::testing::fetch;
using http::testing::get_request;
using http::testing::have_command;
using http::testing::npm_tool;
using http::testing::run_command;
using http::testing::shell_quote;

// The demo service on a port of its own, for one test.
class demo_service : public http::testing::service_process {
 public:
  demo_service() : service_process(STRATA_DEMO, {}) {}
  std::string get(const std::string& path) const {
    auto r = fetch(port(), get_request(path));
    return r && r->status == 200 ? r->body : std::string();
  }
};

fs::path temp_file(const std::string& name, const std::string& text) {
  auto path = fs::temp_directory_path() / (name + "-" + std::to_string(::getpid()));
  std::ofstream(path) << text;
  return path;
}

TEST(interop, swagger_parser_validates_the_document) {
  std::string why_not;
  // swagger-cli wraps swagger-parser's validate() (OpenAPI 3.1 included) as a command.
  auto tool = npm_tool("swagger-cli", "@apidevtools/swagger-cli@4", "swagger-cli", why_not);
  if (tool.empty()) GTEST_SKIP() << why_not;
  demo_service demo;
  ASSERT_TRUE(demo.ready());
  const auto doc = demo.get("/openapi.json");
  ASSERT_FALSE(doc.empty());
  auto file = temp_file("strata-openapi.json", doc);
  auto r = run_command(shell_quote(tool) + " validate " + shell_quote(file.string()) + " 2>&1");
  fs::remove(file);
  EXPECT_EQ(r.status, 0) << r.output;
  EXPECT_NE(r.output.find("is valid"), std::string::npos) << r.output;

  // The same validator refuses a broken document, so the check above can fail.
  auto broken = boost::json::parse(doc).as_object();
  broken.erase("info");  // required by the OpenAPI schema
  auto bad = temp_file("strata-openapi-bad.json", boost::json::serialize(broken));
  auto refused = run_command(shell_quote(tool) + " validate " + shell_quote(bad.string()) + " 2>&1");
  fs::remove(bad);
  EXPECT_NE(refused.status, 0) << refused.output;
}

// A document whose schemas come from described structs (components, $refs, nested and
// recursive structs, enums, a described query struct) is valid OpenAPI 3.1 too.
struct interop_profile {
  std::string username;
  std::optional<std::string> bio;
  static constexpr std::string_view schema_name = "Profile";
};
BOOST_DESCRIBE_STRUCT(interop_profile, (), (username, bio))
BOOST_DEFINE_ENUM_CLASS(interop_state, draft, published)
struct interop_comment {
  std::string body;
  std::vector<interop_comment> replies;
  static constexpr std::string_view schema_name = "Comment";
};
BOOST_DESCRIBE_STRUCT(interop_comment, (), (body, replies))
struct interop_article {
  std::string slug;
  std::vector<std::string> tag_list;
  std::chrono::sys_time<std::chrono::milliseconds> created_at;
  interop_state state = interop_state::draft;
  interop_profile author;
  std::vector<interop_comment> comments;
  static constexpr std::string_view schema_name = "Article";
  static void refine(schema::refinements<interop_article>& r) {
    r.camel_case();
    r[&interop_article::slug].pattern("^[a-z0-9-]+$").description("URL name");
  }
};
BOOST_DESCRIBE_STRUCT(interop_article, (), (slug, tag_list, created_at, state, author, comments))
struct interop_query {
  int limit = 20;
  std::optional<std::string> tag;
  static void refine(schema::refinements<interop_query>& r) { r[&interop_query::limit].min(1).max(100).optional(); }
};
BOOST_DESCRIBE_STRUCT(interop_query, (), (limit, tag))

TEST(interop, swagger_parser_validates_components_from_described_structs) {
  std::string why_not;
  auto tool = npm_tool("swagger-cli", "@apidevtools/swagger-cli@4", "swagger-cli", why_not);
  if (tool.empty()) GTEST_SKIP() << why_not;
  http::server srv;
  auto noop = [](http::request&, http::response&) {};
  srv.get("/articles", noop,
          {.summary = "List articles",
           .schema = {{"querystring", schema::of<interop_query>()},
                      {"response", {{"200", schema::of<std::vector<interop_article>>()}}}}});
  srv.post("/articles", noop,
           {.summary = "Create an article",
            .schema = {{"body", schema::of<interop_article>()}, {"response", {{"201", schema::of<interop_article>()}}}}});
  srv.router().freeze();
  const auto doc = generate(srv.router(), {.title = "Described", .version = "1.0.0"});
  ASSERT_TRUE(doc.at("components").at("schemas").as_object().contains("Comment"));
  auto file = temp_file("strata-openapi-described.json", boost::json::serialize(doc));
  auto r = run_command(shell_quote(tool) + " validate " + shell_quote(file.string()) + " 2>&1");
  fs::remove(file);
  EXPECT_EQ(r.status, 0) << r.output << boost::json::serialize(doc);
  EXPECT_NE(r.output.find("is valid"), std::string::npos) << r.output;
}

TEST(interop, newman_runs_the_postman_collection) {
  std::string why_not;
  auto tool = npm_tool("newman", "newman@6", "newman", why_not);
  if (tool.empty()) GTEST_SKIP() << why_not;
  demo_service demo;
  ASSERT_TRUE(demo.ready());
  const auto collection = demo.get("/postman.json");
  ASSERT_FALSE(collection.empty());
  auto file = temp_file("strata-postman.json", collection);
  auto r = run_command(shell_quote(tool) + " run " + shell_quote(file.string()) + " --env-var baseUrl=" + demo.url() +
                       " --reporters cli --color off 2>&1");
  fs::remove(file);
  EXPECT_EQ(r.status, 0) << r.output;
  // Every request ran and every status test passed: "requests │ N │ 0" and "assertions │ N │ 0".
  EXPECT_NE(r.output.find("Greet someone by name"), std::string::npos) << r.output;
  EXPECT_NE(r.output.find("Echo a JSON body"), std::string::npos) << r.output;
  EXPECT_EQ(r.output.find("AssertionError"), std::string::npos) << r.output;
  // The summary table: "│ assertions │ N │ 0 │", one status check per documented operation.
  const auto row = r.output.find("assertions");
  ASSERT_NE(row, std::string::npos) << r.output;
  int executed = -1, failed = -1;
  std::sscanf(r.output.c_str() + row, "assertions \xe2\x94\x82 %d \xe2\x94\x82 %d", &executed, &failed);
  const auto operations = boost::json::parse(collection).at("item").as_array();
  std::size_t requests = 0;
  for (const auto& item : operations) requests += item.as_object().contains("item") ? item.at("item").as_array().size() : 1;
  EXPECT_EQ(executed, static_cast<int>(requests)) << r.output;
  EXPECT_EQ(failed, 0) << r.output;
}

TEST(interop, the_service_and_the_strata_command_print_its_documents) {
  // The demo prints the document its routes make instead of serving; `strata openapi` runs it so.
  auto json = run_command(std::string(STRATA_DEMO) + " --print-openapi 2>&1");
  ASSERT_EQ(json.status, 0) << json.output;
  auto doc = boost::json::parse(json.output).as_object();
  EXPECT_EQ(doc.at("info").at("title"), "Strata demo");  // from the docs plugin's options
  EXPECT_TRUE(doc.at("paths").as_object().contains("/hello/{name}"));

  auto postman = run_command(std::string(STRATA_CLI) + " openapi --postman " + STRATA_DEMO + " 2>&1");
  ASSERT_EQ(postman.status, 0) << postman.output;
  EXPECT_EQ(boost::json::parse(postman.output).at("info").at("name"), "Strata demo");
  auto yaml = run_command(std::string(STRATA_CLI) + " openapi --yaml " + STRATA_DEMO + " 2>&1");
  ASSERT_EQ(yaml.status, 0) << yaml.output;
  EXPECT_NE(yaml.output.find("\"openapi\": \"3.1.0\""), std::string::npos) << yaml.output;
  EXPECT_EQ(run_command(std::string(STRATA_DEMO) + " --print-openapi=xml 2>&1").status, 2);
  EXPECT_EQ(run_command(std::string(STRATA_CLI) + " openapi 2>&1").status, 2);
}

TEST(interop, chromium_renders_swagger_ui) {
  std::string browser;
  for (const char* name : {"chromium", "chromium-browser"})
    if (have_command(name)) browser = name;
  if (browser.empty()) GTEST_SKIP() << "chromium is not installed (scripts/bootstrap installs it)";
  demo_service demo;
  ASSERT_TRUE(demo.ready());
  if (demo.get("/docs").empty()) GTEST_SKIP() << "Swagger UI was not installed by the build (npm)";
  const std::string flags = " --headless=new --no-sandbox --disable-gpu --disable-dev-shm-usage --no-first-run"
                            " --user-data-dir=" + shell_quote((fs::temp_directory_path() / ("strata-chromium-" +
                                                                std::to_string(::getpid()))).string()) +
                            " --virtual-time-budget=20000";
  auto dom = run_command(browser + flags + " --dump-dom " + shell_quote(demo.url() + "/docs") + " 2>/dev/null");
  ASSERT_EQ(dom.status, 0);
  // Swagger UI fetched /openapi.json and rendered an operation block per route.
  EXPECT_NE(dom.output.find("opblock-summary-path"), std::string::npos) << dom.output.substr(0, 2000);
  EXPECT_NE(dom.output.find("/hello/{name}"), std::string::npos) << dom.output.substr(0, 2000);
  EXPECT_NE(dom.output.find("Greet someone by name"), std::string::npos);
  EXPECT_NE(dom.output.find("Strata demo"), std::string::npos);

  auto shot = fs::temp_directory_path() / ("strata-docs-" + std::to_string(::getpid()) + ".png");
  auto r = run_command(browser + flags + " --window-size=1280,1600 --screenshot=" + shell_quote(shot.string()) + " " +
                       shell_quote(demo.url() + "/docs") + " 2>&1");
  EXPECT_EQ(r.status, 0) << r.output;
  ASSERT_TRUE(fs::exists(shot)) << r.output;
  EXPECT_GT(fs::file_size(shot), 20'000u);  // a rendered page, not a blank one
  fs::remove(shot);
  fs::remove_all(fs::temp_directory_path() / ("strata-chromium-" + std::to_string(::getpid())));
}

}  // namespace
}  // namespace strata::openapi
