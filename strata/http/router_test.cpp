// Scopes: prefixes, hook resolution order and encapsulation, decorations.
#include <strata/http/router.hpp>

#include <gtest/gtest.h>

namespace strata::http {
namespace {

void noop(request&, response&) {}

TEST(RouterTest, GroupPrefixesJoinWithoutDoubleSlashes) {
  router r;
  auto root = r.root();
  auto api = root.group("/api/");
  api.get("/users", noop);
  api.group("/v2").get("/items/:id", noop);
  root.get("/", noop);
  ASSERT_EQ(r.routes().size(), 3u);
  EXPECT_EQ(r.routes()[0]->pattern, "/api/users");
  EXPECT_EQ(r.routes()[1]->pattern, "/api/v2/items/:id");
  EXPECT_EQ(r.routes()[2]->pattern, "/");
}

TEST(RouterTest, HooksResolveOuterFirstAndStayInTheirScope) {
  router r;
  auto root = r.root();
  std::vector<std::string> seen;
  auto inner = root.group("/a");
  root.get("/b", noop);
  inner.get("/x", noop, route_options{.hooks = {{hook_kind::pre_handler, [&](request&, response&) { seen.push_back("route"); }}}});
  inner.pre_handler([&](request&, response&) { seen.push_back("group"); });  // after the route: still applies
  root.pre_handler([&](request&, response&) { seen.push_back("app"); });
  r.freeze();
  const auto& b = *r.routes()[0];
  const auto& x = *r.routes()[1];
  EXPECT_EQ(b.hooks[static_cast<std::size_t>(hook_kind::pre_handler)].size(), 1u);
  request req;
  response res;
  for (const auto& h : x.hooks[static_cast<std::size_t>(hook_kind::pre_handler)]) h.call_sync(req, res);
  EXPECT_EQ(seen, (std::vector<std::string>{"app", "group", "route"}));
  EXPECT_THROW(root.get("/late", noop), std::logic_error);
}

TEST(RouterTest, PluginIsEncapsulatedUseIsNot) {
  router r;
  auto root = r.root();
  root.plugin([](scope& s) { s.on_request(noop).get("/p", noop); }, "/plug");
  root.use([](scope& s) { s.on_send(noop); });
  root.get("/q", noop);
  r.freeze();
  EXPECT_EQ(r.routes()[0]->pattern, "/plug/p");
  EXPECT_EQ(r.routes()[0]->hooks[static_cast<std::size_t>(hook_kind::on_request)].size(), 1u);
  EXPECT_EQ(r.routes()[1]->hooks[static_cast<std::size_t>(hook_kind::on_request)].size(), 0u);
  EXPECT_EQ(r.routes()[1]->hooks[static_cast<std::size_t>(hook_kind::on_send)].size(), 1u);
  EXPECT_EQ(r.root_hooks()[static_cast<std::size_t>(hook_kind::on_send)].size(), 1u);
}

TEST(RouterTest, DecorationsAreVisibleDownwardOnly) {
  router r;
  auto root = r.root();
  root.decorate("db", std::string("main"));
  auto child = root.group("/c");
  child.decorate("cache", 42);
  ASSERT_NE(child.decoration<std::string>("db"), nullptr);
  EXPECT_EQ(*child.decoration<std::string>("db"), "main");
  EXPECT_EQ(*child.decoration<int>("cache"), 42);
  EXPECT_EQ(root.decoration<int>("cache"), nullptr);
  EXPECT_EQ(child.decoration<int>("db"), nullptr);  // wrong type
  EXPECT_THROW(root.decorate("db", 1), std::logic_error);
  child.decorate("db", std::string("shadow"));
  EXPECT_EQ(*child.decoration<std::string>("db"), "shadow");
  EXPECT_EQ(*root.decoration<std::string>("db"), "main");
}

TEST(RouterTest, DuplicateRouteIsRejected) {
  router r;
  auto root = r.root();
  root.get("/same", noop);
  EXPECT_THROW(root.get("/same", noop), std::invalid_argument);
  EXPECT_NO_THROW(root.post("/same", noop));
}

}  // namespace
}  // namespace strata::http
