// Tests for route_table: matching, priority and backtracking, 404/405/Allow, and add() validation.
#include <strata/http/route_table.hpp>

#include <gtest/gtest.h>

#include <algorithm>
#include <random>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

namespace strata::http {
namespace {

using params_t = std::vector<std::pair<std::string, std::string>>;

// Owns the params vector so each test reads like "request -> result".
struct lookup {
  route_table::match result;
  params_t params;
};

lookup find(const route_table& t, std::string_view method_text, std::string_view path) {
  std::vector<path_param> raw;
  lookup out{t.find(method_from(method_text), method_text, path, raw), {}};
  for (const auto& p : raw) out.params.emplace_back(p.name, p.value);
  return out;
}

void add(route_table& t, std::string_view method_text, std::string_view pattern, std::size_t index) {
  t.add(method_from(method_text), method_text, pattern, index);
}

// Expects a 200 for route `index`; on failure the message shows what came back instead.
void expect_route(const route_table& t, std::string_view method_text, std::string_view path, std::size_t index,
                  const params_t& params = {}) {
  const auto r = find(t, method_text, path);
  EXPECT_EQ(r.result.status, 200) << method_text << ' ' << path;
  EXPECT_EQ(r.result.route_index, index) << method_text << ' ' << path;
  EXPECT_FALSE(r.result.head_from_get) << method_text << ' ' << path;
  EXPECT_EQ(r.params, params) << method_text << ' ' << path;
}

void expect_404(const route_table& t, std::string_view method_text, std::string_view path) {
  const auto r = find(t, method_text, path);
  EXPECT_EQ(r.result.status, 404) << method_text << " '" << path << "'";
  EXPECT_TRUE(r.result.allow.empty()) << method_text << ' ' << path;
  EXPECT_TRUE(r.params.empty()) << method_text << ' ' << path;
}

void expect_405(const route_table& t, std::string_view method_text, std::string_view path, std::string_view allow) {
  const auto r = find(t, method_text, path);
  EXPECT_EQ(r.result.status, 405) << method_text << ' ' << path;
  EXPECT_EQ(r.result.allow, allow) << method_text << ' ' << path;
  EXPECT_TRUE(r.params.empty()) << method_text << ' ' << path;
}

TEST(route_table, static_routes) {
  route_table t;
  add(t, "GET", "/plaintext", 0);
  add(t, "GET", "/json", 1);
  add(t, "GET", "/db", 2);
  add(t, "GET", "/queries", 3);
  add(t, "GET", "/users", 4);
  add(t, "GET", "/users/list", 5);
  add(t, "GET", "/user", 6);  // a prefix of an existing route: forces a split
  expect_route(t, "GET", "/plaintext", 0);
  expect_route(t, "GET", "/json", 1);
  expect_route(t, "GET", "/db", 2);
  expect_route(t, "GET", "/queries", 3);
  expect_route(t, "GET", "/users", 4);
  expect_route(t, "GET", "/users/list", 5);
  expect_route(t, "GET", "/user", 6);
  expect_404(t, "GET", "/plain");
  expect_404(t, "GET", "/plaintextx");
  expect_404(t, "GET", "/us");
  expect_404(t, "GET", "/users/lis");
  expect_404(t, "GET", "/nope");
  expect_404(t, "GET", "/");
}

TEST(route_table, root_and_empty_path) {
  route_table t;
  expect_404(t, "GET", "/");
  add(t, "GET", "/", 7);
  expect_route(t, "GET", "/", 7);
  expect_404(t, "GET", "");
  expect_404(t, "GET", "//");
  expect_404(t, "GET", "/x");
  expect_404(t, "GET", "*");
}

TEST(route_table, trailing_slash_is_significant) {
  route_table t;
  add(t, "GET", "/a", 0);
  add(t, "GET", "/a/", 1);
  add(t, "GET", "/b", 2);
  add(t, "GET", "/c/", 3);
  expect_route(t, "GET", "/a", 0);
  expect_route(t, "GET", "/a/", 1);
  expect_route(t, "GET", "/b", 2);
  expect_404(t, "GET", "/b/");
  expect_route(t, "GET", "/c/", 3);
  expect_404(t, "GET", "/c");
}

TEST(route_table, parameter) {
  route_table t;
  add(t, "GET", "/users/:id", 0);
  expect_route(t, "GET", "/users/42", 0, {{"id", "42"}});
  expect_route(t, "GET", "/users/a%20b", 0, {{"id", "a%20b"}});  // values stay percent-encoded
  expect_404(t, "GET", "/users/");     // a parameter is never empty
  expect_404(t, "GET", "/users");
  expect_404(t, "GET", "/users/42/");  // nor does it take a '/'
  expect_404(t, "GET", "/users/42/x");
}

TEST(route_table, parameter_views) {
  route_table t;
  {
    std::string pattern = "/items/:item_id";
    add(t, "GET", pattern, 0);
    pattern.assign(pattern.size(), 'x');  // the table must not keep views into the caller's string
  }
  const std::string path = "/items/abc";
  std::vector<path_param> params;
  ASSERT_EQ(t.find(method::get, "GET", path, params).status, 200);
  ASSERT_EQ(params.size(), 1u);
  EXPECT_EQ(params[0].name, "item_id");
  EXPECT_EQ(params[0].value, "abc");
  EXPECT_EQ(params[0].value.data(), path.data() + 7);  // a view into the path, not a copy

  // Growing the tree afterwards (splits, new branches) must not move the stored names.
  const auto* name_before = params[0].name.data();
  for (int i = 0; i < 50; ++i) add(t, "GET", "/items/:item_id/sub" + std::to_string(i), 1 + i);
  add(t, "GET", "/i", 100);
  add(t, "GET", "/items", 101);
  route_table moved = std::move(t);
  EXPECT_EQ(params[0].name.data(), name_before);
  EXPECT_EQ(params[0].name, "item_id");
  ASSERT_EQ(moved.find(method::get, "GET", "/items/q/sub7", params).status, 200);
  EXPECT_EQ(params[0].name.data(), name_before);
}

TEST(route_table, multiple_parameters) {
  route_table t;
  add(t, "GET", "/orgs/:org/repos/:repo/issues/:number", 0);
  add(t, "GET", "/orgs/:org/repos/:repo", 1);
  add(t, "GET", "/orgs/:org", 2);
  expect_route(t, "GET", "/orgs/acme/repos/rocket/issues/17", 0, {{"org", "acme"}, {"repo", "rocket"}, {"number", "17"}});
  expect_route(t, "GET", "/orgs/acme/repos/rocket", 1, {{"org", "acme"}, {"repo", "rocket"}});
  expect_route(t, "GET", "/orgs/acme", 2, {{"org", "acme"}});
  expect_404(t, "GET", "/orgs/acme/repos");
  expect_404(t, "GET", "/orgs/acme/repos/rocket/issues");
}

TEST(route_table, parameter_after_static_prefix) {
  route_table t;
  add(t, "GET", "/v:version/items", 0);
  add(t, "GET", "/@:handle", 1);
  expect_route(t, "GET", "/v2/items", 0, {{"version", "2"}});
  expect_route(t, "GET", "/@ada", 1, {{"handle", "ada"}});
  expect_404(t, "GET", "/v/items");
  expect_404(t, "GET", "/@");
}

TEST(route_table, wildcard) {
  route_table t;
  add(t, "GET", "/files/*", 0);
  add(t, "GET", "/assets*", 1);
  expect_route(t, "GET", "/files/a/b/c.txt", 0, {{"*", "a/b/c.txt"}});
  expect_route(t, "GET", "/files/x", 0, {{"*", "x"}});
  expect_route(t, "GET", "/files/", 0, {{"*", ""}});  // a wildcard may be empty
  expect_route(t, "GET", "/files//", 0, {{"*", "/"}});
  expect_404(t, "GET", "/files");
  expect_route(t, "GET", "/assets", 1, {{"*", ""}});
  expect_route(t, "GET", "/assets-v2/app.js", 1, {{"*", "-v2/app.js"}});
}

TEST(route_table, root_wildcard_is_the_last_resort) {
  route_table t;
  add(t, "GET", "/*", 0);
  add(t, "GET", "/api/:thing", 1);
  add(t, "GET", "/", 2);
  expect_route(t, "GET", "/", 2);
  expect_route(t, "GET", "/api/x", 1, {{"thing", "x"}});
  expect_route(t, "GET", "/api/x/y", 0, {{"*", "api/x/y"}});
  expect_route(t, "GET", "/api/", 0, {{"*", "api/"}});
  expect_route(t, "GET", "/anything", 0, {{"*", "anything"}});
}

TEST(route_table, static_beats_param_beats_wildcard) {
  route_table t;
  // Registered lowest priority first, so the order of add() cannot be what decides.
  add(t, "GET", "/users/*", 0);
  add(t, "GET", "/users/:id", 1);
  add(t, "GET", "/users/me", 2);
  expect_route(t, "GET", "/users/me", 2);
  expect_route(t, "GET", "/users/42", 1, {{"id", "42"}});
  expect_route(t, "GET", "/users/mex", 1, {{"id", "mex"}});
  expect_route(t, "GET", "/users/m", 1, {{"id", "m"}});
  expect_route(t, "GET", "/users/42/x", 0, {{"*", "42/x"}});
  expect_route(t, "GET", "/users/me/x", 0, {{"*", "me/x"}});
  expect_route(t, "GET", "/users/", 0, {{"*", ""}});
}

TEST(route_table, backtracking) {
  route_table t;
  add(t, "GET", "/users/me/settings", 0);
  add(t, "GET", "/users/:id/posts", 1);
  add(t, "GET", "/a/b/c", 2);
  add(t, "GET", "/a/:x/d", 3);
  add(t, "GET", "/s/js/app.js", 4);
  add(t, "GET", "/s/*", 5);
  add(t, "GET", "/p/:x/:y/z", 6);
  add(t, "GET", "/p/:x/w/q", 7);
  expect_route(t, "GET", "/users/me/settings", 0);
  expect_route(t, "GET", "/users/me/posts", 1, {{"id", "me"}});
  expect_route(t, "GET", "/users/you/posts", 1, {{"id", "you"}});
  expect_404(t, "GET", "/users/me");
  expect_404(t, "GET", "/users/you/settings");
  expect_route(t, "GET", "/a/b/c", 2);
  expect_route(t, "GET", "/a/b/d", 3, {{"x", "b"}});
  expect_route(t, "GET", "/s/js/app.js", 4);
  expect_route(t, "GET", "/s/js/other.js", 5, {{"*", "js/other.js"}});
  // The failed "w/q" branch must leave no stray parameter behind.
  expect_route(t, "GET", "/p/1/w/q", 7, {{"x", "1"}});
  expect_route(t, "GET", "/p/1/w/z", 6, {{"x", "1"}, {"y", "w"}});
}

TEST(route_table, method_aware_backtracking) {
  route_table t;
  add(t, "POST", "/users/me", 0);
  add(t, "GET", "/users/:id", 1);
  // A path match without the method does not hide a lower-priority match that has it.
  expect_route(t, "POST", "/users/me", 0);
  expect_route(t, "GET", "/users/me", 1, {{"id", "me"}});
  // When none fits, Allow is the union over every pattern the path matches.
  expect_405(t, "DELETE", "/users/me", "GET, HEAD, POST, OPTIONS");
  expect_405(t, "DELETE", "/users/42", "GET, HEAD, OPTIONS");
}

TEST(route_table, not_found_vs_method_not_allowed) {
  route_table t;
  add(t, "GET", "/items", 0);
  add(t, "POST", "/items", 1);
  add(t, "POST", "/upload", 2);
  add(t, "DELETE", "/items/:id", 3);
  expect_route(t, "GET", "/items", 0);
  expect_route(t, "POST", "/items", 1);
  expect_405(t, "PUT", "/items", "GET, HEAD, POST, OPTIONS");
  expect_405(t, "GET", "/upload", "POST, OPTIONS");  // no HEAD without GET
  expect_405(t, "HEAD", "/upload", "POST, OPTIONS");
  expect_405(t, "GET", "/items/7", "DELETE, OPTIONS");
  expect_404(t, "PUT", "/itemz");
  expect_404(t, "GET", "/items/7/x");
}

TEST(route_table, allow_lists_every_method_in_order) {
  route_table t;
  // Scrambled on purpose: the Allow order is fixed, not registration order.
  add(t, "MKCOL", "/all", 0);
  add(t, "TRACE", "/all", 1);
  add(t, "CONNECT", "/all", 2);
  add(t, "PATCH", "/all", 3);
  add(t, "PROPFIND", "/all", 4);
  add(t, "DELETE", "/all", 5);
  add(t, "PUT", "/all", 6);
  add(t, "POST", "/all", 7);
  add(t, "GET", "/all", 8);
  expect_405(t, "LOCK", "/all", "GET, HEAD, POST, PUT, DELETE, PATCH, OPTIONS, CONNECT, TRACE, MKCOL, PROPFIND");

  route_table head_only;
  add(head_only, "HEAD", "/h", 0);
  expect_405(head_only, "GET", "/h", "HEAD, OPTIONS");
}

TEST(route_table, head_from_get) {
  route_table t;
  add(t, "GET", "/page", 0);
  add(t, "GET", "/both", 1);
  add(t, "HEAD", "/both", 2);
  add(t, "GET", "/users/:id", 3);
  auto r = find(t, "HEAD", "/page");
  EXPECT_EQ(r.result.status, 200);
  EXPECT_EQ(r.result.route_index, 0u);
  EXPECT_TRUE(r.result.head_from_get);
  expect_route(t, "HEAD", "/both", 2);  // an explicit HEAD route wins over GET
  expect_route(t, "GET", "/both", 1);
  r = find(t, "HEAD", "/users/9");
  EXPECT_EQ(r.result.status, 200);
  EXPECT_EQ(r.result.route_index, 3u);
  EXPECT_TRUE(r.result.head_from_get);
  EXPECT_EQ(r.params, (params_t{{"id", "9"}}));
  expect_404(t, "HEAD", "/nothing");
}

TEST(route_table, options) {
  route_table t;
  add(t, "GET", "/x", 0);
  add(t, "POST", "/x", 1);
  add(t, "GET", "/y", 2);
  add(t, "OPTIONS", "/y", 3);
  // No OPTIONS route: 405 with Allow filled, which the caller turns into a 204.
  expect_405(t, "OPTIONS", "/x", "GET, HEAD, POST, OPTIONS");
  expect_route(t, "OPTIONS", "/y", 3);
  expect_405(t, "PUT", "/y", "GET, HEAD, OPTIONS");  // listed once, though registered explicitly
  expect_404(t, "OPTIONS", "/z");
}

TEST(route_table, options_catch_all) {
  route_table t;
  add(t, "GET", "/users", 0);
  add(t, "OPTIONS", "/*", 1);  // e.g. a CORS preflight handler for everything
  expect_route(t, "OPTIONS", "/users", 1, {{"*", "users"}});
  expect_route(t, "GET", "/users", 0);
  expect_405(t, "PUT", "/users", "GET, HEAD, OPTIONS");
}

TEST(route_table, custom_methods) {
  route_table t;
  add(t, "PROPFIND", "/dav/*", 0);
  add(t, "GET", "/dav/*", 1);
  add(t, "MKCOL", "/dav/:dir", 2);
  expect_route(t, "PROPFIND", "/dav/a/b", 0, {{"*", "a/b"}});
  expect_route(t, "MKCOL", "/dav/new", 2, {{"dir", "new"}});
  // Method names are case-sensitive (RFC 9110 section 9.1).
  expect_405(t, "propfind", "/dav/a", "GET, HEAD, OPTIONS, MKCOL, PROPFIND");
  expect_405(t, "MKCOL", "/dav/a/b", "GET, HEAD, OPTIONS, PROPFIND");
  expect_405(t, "POST", "/dav/a", "GET, HEAD, OPTIONS, MKCOL, PROPFIND");

  // A known name registered as method::other still answers the parsed method.
  route_table u;
  u.add(method::other, "GET", "/g", 5);
  expect_route(u, "GET", "/g", 5);
}

TEST(route_table, add_rejects_malformed_patterns) {
  route_table t;
  EXPECT_THROW(add(t, "GET", "", 0), std::invalid_argument);
  EXPECT_THROW(add(t, "GET", "users", 0), std::invalid_argument);
  EXPECT_THROW(add(t, "GET", "*", 0), std::invalid_argument);
  EXPECT_THROW(add(t, "GET", "/users/:", 0), std::invalid_argument);
  EXPECT_THROW(add(t, "GET", "/users/:/posts", 0), std::invalid_argument);
  EXPECT_THROW(add(t, "GET", "/files/*/x", 0), std::invalid_argument);
  EXPECT_THROW(add(t, "GET", "/files/**", 0), std::invalid_argument);
  EXPECT_THROW(add(t, "GET", "/a*b", 0), std::invalid_argument);
  EXPECT_THROW(add(t, "GET", "/:id*", 0), std::invalid_argument);
  EXPECT_THROW(add(t, "GET", "/:a:b", 0), std::invalid_argument);
  EXPECT_THROW(add(t, "GET", "/:id/:id", 0), std::invalid_argument);
  EXPECT_THROW(t.add(method::other, "", "/x", 0), std::invalid_argument);
  // None of them left anything behind.
  expect_404(t, "GET", "/users/x");
  expect_404(t, "GET", "/files/a");
  expect_404(t, "GET", "/a");
}

TEST(route_table, add_rejects_duplicates) {
  route_table t;
  add(t, "GET", "/a", 0);
  add(t, "POST", "/a", 1);  // same pattern, other method: fine
  add(t, "PROPFIND", "/a", 2);
  add(t, "GET", "/a/:id", 3);
  add(t, "GET", "/w/*", 4);
  EXPECT_THROW(add(t, "GET", "/a", 9), std::invalid_argument);
  EXPECT_THROW(add(t, "PROPFIND", "/a", 9), std::invalid_argument);
  EXPECT_THROW(add(t, "GET", "/a/:id", 9), std::invalid_argument);
  EXPECT_THROW(add(t, "GET", "/w/*", 9), std::invalid_argument);
  expect_route(t, "GET", "/a", 0);
  expect_route(t, "PROPFIND", "/a", 2);
  expect_route(t, "GET", "/a/1", 3, {{"id", "1"}});
  expect_route(t, "GET", "/w/z", 4, {{"*", "z"}});
}

TEST(route_table, add_rejects_conflicting_parameter_names) {
  route_table t;
  add(t, "GET", "/a/:id", 0);
  EXPECT_THROW(add(t, "GET", "/a/:name/x", 1), std::invalid_argument);
  EXPECT_THROW(add(t, "POST", "/a/:name", 1), std::invalid_argument);
  add(t, "GET", "/a/:id/x", 2);  // the same name is fine
  add(t, "GET", "/b/:x/c/:y", 3);
  EXPECT_THROW(add(t, "GET", "/b/:x/c/:z/d", 4), std::invalid_argument);
  add(t, "GET", "/b/:x/d/:z", 5);  // another branch, another position
  expect_route(t, "GET", "/a/1", 0, {{"id", "1"}});
  expect_route(t, "GET", "/a/1/x", 2, {{"id", "1"}});
  expect_405(t, "POST", "/a/1", "GET, HEAD, OPTIONS");
  expect_route(t, "GET", "/b/1/d/2", 5, {{"x", "1"}, {"z", "2"}});
}

TEST(route_table, move) {
  route_table t;
  add(t, "GET", "/m/:id", 0);
  route_table moved(std::move(t));
  expect_route(moved, "GET", "/m/1", 0, {{"id", "1"}});
  route_table assigned;
  add(assigned, "GET", "/old", 1);
  assigned = std::move(moved);
  expect_route(assigned, "GET", "/m/2", 0, {{"id", "2"}});
  expect_404(assigned, "GET", "/old");
  // A moved-from table answers 404 and can be filled again.
  expect_404(t, "GET", "/m/1");  // NOLINT(bugprone-use-after-move)
  add(t, "GET", "/again", 2);
  expect_route(t, "GET", "/again", 2);
}

TEST(route_table, hundreds_of_generated_routes) {
  struct route {
    std::string method;
    std::string pattern;
  };
  std::vector<route> routes;
  // Numbers share prefixes ("/r1", "/r10", "/r100"), so the tree splits nodes all the time.
  for (int i = 0; i < 120; ++i) {
    const auto n = std::to_string(i);
    routes.push_back({"GET", "/r" + n});
    routes.push_back({"GET", "/r" + n + "/"});
    routes.push_back({"GET", "/r" + n + "/:id"});
    routes.push_back({"POST", "/r" + n + "/:id"});
    routes.push_back({"GET", "/r" + n + "/:id/x" + std::to_string(i % 7)});
    if (i % 10 == 0) routes.push_back({"GET", "/r" + n + "/:id/files/*"});
    if (i % 3 == 0) routes.push_back({"GET", "/api/v1/item" + n + "/detail"});
  }
  ASSERT_GT(routes.size(), 500u);
  std::vector<std::size_t> order(routes.size());
  for (std::size_t k = 0; k < order.size(); ++k) order[k] = k;
  std::shuffle(order.begin(), order.end(), std::mt19937(20240611));
  route_table t;
  for (auto k : order) add(t, routes[k].method, routes[k].pattern, k);

  for (std::size_t k = 0; k < routes.size(); ++k) {
    const auto& p = routes[k].pattern;
    // Turn the pattern into a concrete path and the parameters it must yield.
    std::string path;
    params_t expected;
    for (std::size_t i = 0; i < p.size();) {
      if (p[i] == ':') {
        const auto end = std::min(p.find('/', i), p.size());
        expected.emplace_back(p.substr(i + 1, end - i - 1), "v" + std::to_string(k));
        path += expected.back().second;
        i = end;
      } else if (p[i] == '*') {
        expected.emplace_back("*", "deep/file" + std::to_string(k) + ".txt");
        path += expected.back().second;
        ++i;
      } else {
        path += p[i++];
      }
    }
    expect_route(t, routes[k].method, path, k, expected);
  }
  expect_404(t, "GET", "/r120");
  expect_404(t, "GET", "/r1/v/x2");  // 1 % 7 == 1: only /r1/:id/x1 exists
  expect_405(t, "PUT", "/r5/v", "GET, HEAD, POST, OPTIONS");
}

}  // namespace
}  // namespace strata::http
