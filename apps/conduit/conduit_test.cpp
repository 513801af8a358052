// The conduit binary, run as a user runs it: the RealWorld maintainers' Postman collection passes
// under newman on SQLite and on PostgreSQL; bad input gets the spec's 4xx, never a 500; the login
// limit holds, across instances through Redis; anonymous reads come from the cache and writes
// invalidate them. PostgreSQL and Redis tests skip without DATABASE_URL / REDIS_URL.
#include <strata/core/block_on.hpp>
#include <strata/http/testing/npm_tool.hpp>
#include <strata/http/testing/service_process.hpp>
#include <strata/redis/client.hpp>

#include <boost/json.hpp>
#include <gtest/gtest.h>

#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

namespace {

namespace fs = std::filesystem;
namespace json = boost::json;
using strata::http::testing::fetch;
using strata::http::testing::get_request;
using strata::http::testing::npm_tool;
using strata::http::testing::post_request;
using strata::http::testing::raw_response;
using strata::http::testing::run_command;
using strata::http::testing::shell_quote;

std::string env_or_empty(const char* name) {
  const char* v = std::getenv(name);
  return v ? v : "";
}

fs::path temp_path(const std::string& stem) {
  return fs::temp_directory_path() / (stem + "-" + std::to_string(::getpid()) + "-" + std::to_string(std::rand()));
}

// One conduit process on a port of its own, configured by --set. No Redis unless a test sets one:
// scripts/services exports REDIS_URL, and a login limit kept in a shared Redis would count the
// other tests' logins too.
class conduit_process : public strata::http::testing::service_process {
public:
  explicit conduit_process(std::vector<std::string> settings)
      : service_process(CONDUIT_BIN, with_defaults(std::move(settings)), "/health/ready") {}

  std::string api() const { return url() + "/api"; }

  raw_response call(std::string_view method, const std::string& path, const std::string& body = {},
                    const std::string& token = {}) const {
    std::string headers;
    if (!token.empty()) headers += "Authorization: Token " + token + "\r\n";
    std::string request = body.empty() && method == "GET"
                              ? get_request(path, headers)
                              : post_request(path, body, headers + "Content-Type: application/json\r\n", method);
    auto r = fetch(port(), request);
    if (!r) throw std::runtime_error("no answer to " + std::string(method) + " " + path);
    return *r;
  }

private:
  static std::vector<std::string> with_defaults(std::vector<std::string> settings) {
    settings.insert(settings.begin(), {"http.threads=2", "redis.url="});
    return settings;
  }
};

json::value body_of(const raw_response& r) {
  json::error_code ec;
  auto v = json::parse(r.body, ec);
  return ec ? json::value() : v;
}

std::string register_user(const conduit_process& c, const std::string& name) {
  auto r = c.call("POST", "/api/users",
                  R"({"user":{"username":")" + name + R"(","email":")" + name + R"(@example.com","password":"secret-)" +
                      name + R"("}})");
  EXPECT_EQ(r.status, 201) << r.body;
  return std::string(body_of(r).at("user").at("token").as_string());
}

// The RealWorld collection, from the shared conformance folder beside the source tree (or
// CONDUIT_POSTMAN_COLLECTION).
fs::path collection_path() {
  if (auto env = env_or_empty("CONDUIT_POSTMAN_COLLECTION"); !env.empty()) return env;
  return fs::path(STRATA_SOURCE_DIR).parent_path() / "shared" / "conformance" / "realworld" /
         "Conduit.postman_collection.json";
}

// Runs the collection against `c`; every request and assertion must pass.
void run_collection(const conduit_process& c) {
  const auto collection = collection_path();
  if (!fs::exists(collection)) GTEST_SKIP() << "the RealWorld Postman collection is not at " << collection;
  std::string why_not;
  auto newman = npm_tool("newman", "newman@6", "newman", why_not);
  if (newman.empty()) GTEST_SKIP() << why_not;
  const std::string user = "newman" + std::to_string(::getpid()) + std::to_string(std::rand() % 100000);
  auto r = run_command(shell_quote(newman) + " run " + shell_quote(collection.string()) +
                       " --global-var APIURL=" + c.api() + " --global-var USERNAME=" + user +
                       " --global-var EMAIL=" + user + "@example.com --global-var PASSWORD=password-" + user +
                       " --reporters cli --color off 2>&1");
  EXPECT_EQ(r.status, 0) << r.output;
  // The summary table: "│ requests │ 32 │ 0 │" and "│ assertions │ 311 │ 0 │".
  for (const char* row : {"requests", "assertions"}) {
    const auto at = r.output.find(std::string(row) + " \xe2\x94\x82");
    ASSERT_NE(at, std::string::npos) << r.output;
    int executed = -1, failed = -1;
    std::sscanf(r.output.c_str() + at + std::strlen(row), " \xe2\x94\x82 %d \xe2\x94\x82 %d", &executed, &failed);
    EXPECT_GT(executed, 0) << row << "\n" << r.output;
    EXPECT_EQ(failed, 0) << row << "\n" << r.output;
  }
}

TEST(conduit, newman_passes_the_realworld_collection_on_sqlite) {
  const auto db = temp_path("conduit-newman") += ".db";
  {
    conduit_process c({"database.url=sqlite:" + db.string()});
    ASSERT_TRUE(c.ready());
    run_collection(c);
  }
  for (const char* suffix : {"", "-wal", "-shm"}) fs::remove(db.string() + suffix);
}

// A database of its own on the PostgreSQL server of DATABASE_URL, dropped afterwards.
class scratch_database {
public:
  explicit scratch_database(const std::string& admin_url) : admin_(admin_url) {
    name_ = "conduit_test_" + std::to_string(::getpid()) + "_" + std::to_string(std::rand() % 100000);
    ok_ = run_command("psql " + shell_quote(admin_) + " -q -c " + shell_quote("CREATE DATABASE " + name_) + " 2>&1").status == 0;
  }
  ~scratch_database() {
    if (ok_) run_command("psql " + shell_quote(admin_) + " -q -c " + shell_quote("DROP DATABASE " + name_ + " WITH (FORCE)") + " 2>&1");
  }
  bool ok() const { return ok_; }
  // The admin URL with this database's name as its path.
  std::string url() const {
    auto scheme = admin_.find("://");
    auto slash = admin_.find('/', scheme + 3);
    auto query = admin_.find('?', scheme + 3);
    std::string base = admin_.substr(0, std::min(slash, query));
    return base + "/" + name_ + (query == std::string::npos ? "" : admin_.substr(query));
  }

private:
  std::string admin_, name_;
  bool ok_ = false;
};

TEST(conduit, newman_passes_the_realworld_collection_on_postgresql) {
  const auto admin = env_or_empty("DATABASE_URL");
  if (!admin.starts_with("postgres")) GTEST_SKIP() << "DATABASE_URL is not a PostgreSQL URL (scripts/services env sets one)";
  scratch_database db(admin);
  ASSERT_TRUE(db.ok()) << "could not create a database with psql on " << admin;
  conduit_process c({"database.url=" + db.url()});
  ASSERT_TRUE(c.ready());
  run_collection(c);
}

TEST(conduit, its_openapi_document_validates_and_lists_every_operation) {
  std::string why_not;
  auto tool = npm_tool("swagger-cli", "@apidevtools/swagger-cli@4", "swagger-cli", why_not);
  if (tool.empty()) GTEST_SKIP() << why_not;
  const auto db = temp_path("conduit-docs") += ".db";
  conduit_process c({"database.url=sqlite:" + db.string()});
  ASSERT_TRUE(c.ready());
  auto doc = c.call("GET", "/openapi.json");
  ASSERT_EQ(doc.status, 200);
  const auto file = temp_path("conduit-openapi") += ".json";
  { std::ofstream(file) << doc.body; }
  auto r = run_command(shell_quote(tool) + " validate " + shell_quote(file.string()) + " 2>&1");
  fs::remove(file);
  EXPECT_EQ(r.status, 0) << r.output;
  // The spec's 19 operations, each with the spec's operationId, and the Token scheme.
  std::size_t operations = 0;
  const auto document = body_of(doc);
  for (const auto& [path, item] : document.at("paths").as_object())
    if (path.starts_with("/api/")) operations += item.as_object().size();
  EXPECT_EQ(operations, 19u);
  EXPECT_NE(doc.body.find("\"GetArticlesFeed\""), std::string::npos);
  EXPECT_NE(doc.body.find("securitySchemes"), std::string::npos);
  for (const char* suffix : {"", "-wal", "-shm"}) fs::remove(db.string() + suffix);
}

// Every answer here is a client error in the spec's shape: {"errors": {field: [messages]}}.
void expect_error(const raw_response& r, int status, const std::string& field = {}) {
  EXPECT_EQ(r.status, status) << r.body;
  auto doc = body_of(r);
  ASSERT_TRUE(doc.is_object() && doc.as_object().contains("errors")) << r.body;
  if (!field.empty()) {
    EXPECT_TRUE(doc.at("errors").as_object().contains(field)) << r.body;
  }
}

TEST(conduit, bad_input_gets_the_specs_statuses_never_a_500) {
  const auto db = temp_path("conduit-bad") += ".db";
  conduit_process c({"database.url=sqlite:" + db.string(), "http.max_body=65536", "auth.login_limit.max=1000"});
  ASSERT_TRUE(c.ready());
  const auto alice = register_user(c, "alice"), bob = register_user(c, "bob");

  expect_error(c.call("POST", "/api/users", R"({"user":{"email":"x@example.com"}})"), 422, "username");
  expect_error(c.call("POST", "/api/users", R"({"user":{"username":5,"email":"y@example.com","password":"p"}})"), 422,
               "username");
  expect_error(c.call("POST", "/api/users", R"({"user":)"), 422);  // not JSON
  expect_error(c.call("POST", "/api/users", std::string(200, '[') + std::string(200, ']')), 422);  // too deep
  expect_error(c.call("POST", "/api/users", R"({"user":{"username":"n","email":"e@example.com","password":1e999}})"),
               422);  // a number no double holds
  expect_error(c.call("POST", "/api/users", R"({"user":{"username":"alice","email":"z@example.com","password":"p"}})"),
               422, "username");  // taken
  expect_error(c.call("POST", "/api/users/login", R"({"user":{"email":"alice@example.com","password":"wrong"}})"), 401);
  EXPECT_EQ(c.call("POST", "/api/articles", "{\"article\":{\"title\":\"" + std::string(70000, 'x') + "\"}}", alice).status,
            413);

  expect_error(c.call("GET", "/api/user"), 401);
  expect_error(c.call("GET", "/api/user", {}, "not-a-token"), 401);
  expect_error(c.call("GET", "/api/articles", {}, alice + "x"), 401);  // a forged token on an optional route
  expect_error(c.call("POST", "/api/articles", R"({"article":{"title":"t"}})", alice), 422, "description");
  expect_error(c.call("GET", "/api/articles/no-such-slug"), 404);
  expect_error(c.call("GET", "/api/profiles/nobody"), 404);
  expect_error(c.call("GET", "/api/articles?limit=abc"), 422, "limit");

  auto created = c.call("POST", "/api/articles",
                        R"({"article":{"title":"Mine","description":"d","body":"b","tagList":["x"]}})", alice);
  ASSERT_EQ(created.status, 201) << created.body;
  const std::string slug(body_of(created).at("article").at("slug").as_string());
  expect_error(c.call("PUT", "/api/articles/" + slug, R"({"article":{"body":"hijacked"}})", bob), 403);
  expect_error(c.call("DELETE", "/api/articles/" + slug, {}, bob), 403);
  auto comment = c.call("POST", "/api/articles/" + slug + "/comments", R"({"comment":{"body":"hi"}})", alice);
  ASSERT_EQ(comment.status, 200) << comment.body;
  const auto id = body_of(comment).at("comment").at("id").as_int64();
  expect_error(c.call("DELETE", "/api/articles/" + slug + "/comments/" + std::to_string(id), {}, bob), 403);
  expect_error(c.call("DELETE", "/api/articles/" + slug + "/comments/999999", {}, alice), 404);
  EXPECT_EQ(c.call("DELETE", "/api/articles/" + slug, {}, alice).status, 204);
  for (const char* suffix : {"", "-wal", "-shm"}) fs::remove(db.string() + suffix);
}

TEST(conduit, anonymous_reads_are_cached_and_writes_invalidate_them) {
  const auto db = temp_path("conduit-cache") += ".db";
  conduit_process c({"database.url=sqlite:" + db.string(), "auth.login_limit.max=1000"});
  ASSERT_TRUE(c.ready());
  const auto carol = register_user(c, "carol");
  auto created = c.call("POST", "/api/articles",
                        R"({"article":{"title":"Cached","description":"d","body":"first","tagList":["alpha"]}})", carol);
  ASSERT_EQ(created.status, 201) << created.body;
  const std::string slug(body_of(created).at("article").at("slug").as_string());

  EXPECT_EQ(body_of(c.call("GET", "/api/articles/" + slug)).at("article").at("body"), "first");
  EXPECT_EQ(body_of(c.call("GET", "/api/tags")).at("tags"), json::array{"alpha"});
  EXPECT_EQ(body_of(c.call("GET", "/api/articles")).at("articlesCount"), 1);

  ASSERT_EQ(c.call("PUT", "/api/articles/" + slug, R"({"article":{"body":"second","description":"new"}})", carol).status,
            200);
  EXPECT_EQ(body_of(c.call("GET", "/api/articles/" + slug)).at("article").at("body"), "second");
  auto listed = body_of(c.call("GET", "/api/articles")).at("articles").at(0);
  EXPECT_EQ(listed.at("description"), "new");
  EXPECT_FALSE(listed.as_object().contains("body"));  // list items leave the body out, as the spec has them

  ASSERT_EQ(c.call("POST", "/api/articles/" + slug + "/favorite", {}, carol).status, 200);
  EXPECT_EQ(body_of(c.call("GET", "/api/articles/" + slug)).at("article").at("favoritesCount"), 1);

  ASSERT_EQ(c.call("PUT", "/api/user", R"({"user":{"bio":"writes things"}})", carol).status, 200);
  EXPECT_EQ(body_of(c.call("GET", "/api/articles/" + slug)).at("article").at("author").at("bio"), "writes things");
  EXPECT_EQ(body_of(c.call("GET", "/api/profiles/carol")).at("profile").at("bio"), "writes things");

  auto second = c.call("POST", "/api/articles",
                       R"({"article":{"title":"Another","description":"d","body":"b","tagList":["beta"]}})", carol);
  ASSERT_EQ(second.status, 201);
  EXPECT_EQ(body_of(c.call("GET", "/api/tags")).at("tags"), (json::array{"alpha", "beta"}));
  EXPECT_EQ(body_of(c.call("GET", "/api/articles")).at("articlesCount"), 2);
  for (const char* suffix : {"", "-wal", "-shm"}) fs::remove(db.string() + suffix);
}

// Logins and registrations past auth.login_limit.max in the window get 429 with Retry-After.
int attempts_until_refused(const std::vector<const conduit_process*>& instances, int max_tries) {
  for (int i = 0; i < max_tries; ++i) {
    auto r = instances[i % instances.size()]->call("POST", "/api/users/login",
                                                    R"({"user":{"email":"nobody@example.com","password":"x"}})");
    if (r.status == 429) {
      EXPECT_TRUE(r.has("Retry-After")) << r.body;
      return i;
    }
    EXPECT_EQ(r.status, 401) << r.body;
  }
  return -1;
}

TEST(conduit, the_login_limit_refuses_attempts_past_its_maximum) {
  const auto db = temp_path("conduit-limit") += ".db";
  conduit_process c({"database.url=sqlite:" + db.string(), "auth.login_limit.max=3", "auth.login_limit.window_s=600"});
  ASSERT_TRUE(c.ready());
  EXPECT_EQ(attempts_until_refused({&c}, 6), 3);
  for (const char* suffix : {"", "-wal", "-shm"}) fs::remove(db.string() + suffix);
}

TEST(conduit, instances_share_the_login_limit_through_redis) {
  auto redis_url = env_or_empty("REDIS_URL");
  if (redis_url.empty()) GTEST_SKIP() << "REDIS_URL is not set (scripts/services env sets one)";
  // A logical database of its own, emptied first, so earlier runs' counts do not carry over.
  while (!redis_url.empty() && redis_url.back() == '/') redis_url.pop_back();
  if (auto slash = redis_url.find('/', redis_url.find("://") + 3); slash != std::string::npos) redis_url.erase(slash);
  redis_url += "/9";
  strata::block_on([&]() -> strata::task<void> {
    auto client = strata::redis::client::open(redis_url);
    co_await client.command("FLUSHDB");
  });
  const auto db = temp_path("conduit-shared") += ".db";
  std::vector<std::string> settings{"database.url=sqlite:" + db.string(), "redis.url=" + redis_url,
                                    "auth.login_limit.max=4", "auth.login_limit.window_s=600"};
  conduit_process a(settings), b(settings);
  ASSERT_TRUE(a.ready() && b.ready());
  // Alternating between the two, the fifth attempt overall is refused: one count, not one each.
  EXPECT_EQ(attempts_until_refused({&a, &b}, 8), 4);
  for (const char* suffix : {"", "-wal", "-shm"}) fs::remove(db.string() + suffix);
}

}  // namespace
