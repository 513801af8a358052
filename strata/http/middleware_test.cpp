// Tests for the middleware decisions (CORS origin matching, preflight answers and actual-response
// headers, helmet's header list, request id validation and generation) and for the plugins' hooks
// run the way the connection runs them.
#include <strata/http/detail/middleware_logic.hpp>
#include <strata/http/detail/request_access.hpp>
#include <strata/http/middleware.hpp>

#include <gtest/gtest.h>

#include <set>
#include <thread>

namespace strata::http {
namespace {

using namespace std::chrono_literals;
using detail::cors_policy;
using detail::cors_request;

cors_options listed(std::vector<std::string> origins) {
  cors_options o;
  o.origins = std::move(origins);
  return o;
}

cors_request actual(std::optional<std::string_view> origin) { return {false, origin, std::nullopt, std::nullopt}; }

cors_request preflight(std::string_view origin, std::optional<std::string_view> request_headers = std::nullopt) {
  return {true, origin, "PUT", request_headers};
}

int count_headers(const response& res, std::string_view name) {
  int n = 0;
  for (const auto& [k, v] : res.headers()) n += iequals(k, name);
  return n;
}

TEST(cors_origin, wildcard_answers_star_for_anyone) {
  cors_policy p{cors_options{}};
  EXPECT_EQ(detail::allowed_origin(p, "https://a.example"), "*");
  EXPECT_EQ(detail::allowed_origin(p, std::nullopt), "*");
}

TEST(cors_origin, wildcard_with_credentials_reflects_the_origin) {
  cors_options o;
  o.credentials = true;
  cors_policy p{o};
  EXPECT_EQ(detail::allowed_origin(p, "https://a.example"), "https://a.example");
  EXPECT_EQ(detail::allowed_origin(p, std::nullopt), std::nullopt);
}

TEST(cors_origin, a_list_matches_exactly) {
  cors_policy p{listed({"https://a.example", "http://localhost:3000"})};
  EXPECT_EQ(detail::allowed_origin(p, "https://a.example"), "https://a.example");
  EXPECT_EQ(detail::allowed_origin(p, "http://localhost:3000"), "http://localhost:3000");
  for (const char* o : {"https://b.example", "https://a.example.evil", "http://a.example", "https://A.example",
                        "https://a.example/", "null", ""})
    EXPECT_EQ(detail::allowed_origin(p, o), std::nullopt) << o;
  EXPECT_EQ(detail::allowed_origin(p, std::nullopt), std::nullopt);
}

TEST(cors_origin, star_anywhere_in_the_list_means_any) {
  cors_policy p{listed({"https://a.example", "*"})};
  EXPECT_EQ(detail::allowed_origin(p, "https://z.example"), "*");
}

TEST(cors_policy_digest, joins_lists_once) {
  cors_options o;
  o.allowed_headers = {"Content-Type", "Authorization"};
  o.exposed_headers = {"X-Total"};
  o.max_age = 600s;
  cors_policy p{o};
  EXPECT_EQ(p.methods, "GET,HEAD,PUT,PATCH,POST,DELETE");
  EXPECT_EQ(p.allowed_headers, "Content-Type,Authorization");
  EXPECT_EQ(p.exposed_headers, "X-Total");
  EXPECT_EQ(p.max_age, "600");
  EXPECT_EQ(cors_policy{cors_options{}}.max_age, "");
}

TEST(cors_preflight, is_options_with_origin_and_request_method) {
  EXPECT_TRUE(detail::is_preflight({true, "https://a.example", "PUT", std::nullopt}));
  EXPECT_FALSE(detail::is_preflight({false, "https://a.example", "PUT", std::nullopt}));
  EXPECT_FALSE(detail::is_preflight({true, std::nullopt, "PUT", std::nullopt}));
  EXPECT_FALSE(detail::is_preflight({true, "https://a.example", std::nullopt, std::nullopt}));
}

TEST(cors_preflight, wildcard_answer_reflects_requested_headers) {
  cors_policy p{cors_options{}};
  response res;
  ASSERT_TRUE(detail::answer_preflight(p, preflight("https://a.example", "content-type, x-api-key"), res));
  EXPECT_EQ(res.status(), 204);
  EXPECT_TRUE(res.sent());
  EXPECT_TRUE(res.body().empty());
  EXPECT_EQ(res.header("Access-Control-Allow-Origin"), "*");
  EXPECT_EQ(res.header("Access-Control-Allow-Methods"), "GET,HEAD,PUT,PATCH,POST,DELETE");
  EXPECT_EQ(res.header("Access-Control-Allow-Headers"), "content-type, x-api-key");
  EXPECT_EQ(res.header("Vary"), "Access-Control-Request-Headers");
  EXPECT_FALSE(res.header("Access-Control-Allow-Credentials"));
  EXPECT_FALSE(res.header("Access-Control-Max-Age"));
  EXPECT_FALSE(res.header("Content-Length"));  // forbidden on 204
}

TEST(cors_preflight, configured_headers_credentials_and_max_age) {
  cors_options o = listed({"https://a.example"});
  o.allowed_headers = {"Content-Type"};
  o.methods = {"GET", "POST"};
  o.credentials = true;
  o.max_age = 86400s;
  cors_policy p{o};
  response res;
  ASSERT_TRUE(detail::answer_preflight(p, preflight("https://a.example", "x-other"), res));
  EXPECT_EQ(res.header("Access-Control-Allow-Origin"), "https://a.example");
  EXPECT_EQ(res.header("Access-Control-Allow-Credentials"), "true");
  EXPECT_EQ(res.header("Access-Control-Allow-Methods"), "GET,POST");
  EXPECT_EQ(res.header("Access-Control-Allow-Headers"), "Content-Type");
  EXPECT_EQ(res.header("Access-Control-Max-Age"), "86400");
  EXPECT_EQ(res.header("Vary"), "Origin");
}

TEST(cors_preflight, disallowed_origin_or_plain_options_is_left_alone) {
  cors_policy p{listed({"https://a.example"})};
  response res;
  EXPECT_FALSE(detail::answer_preflight(p, preflight("https://evil.example"), res));
  EXPECT_FALSE(res.sent());
  EXPECT_TRUE(res.headers().empty());

  response plain;
  EXPECT_FALSE(detail::answer_preflight(p, {true, "https://a.example", std::nullopt, std::nullopt}, plain));
  EXPECT_FALSE(plain.sent());
}

TEST(cors_actual, wildcard_sets_star_without_vary) {
  cors_policy p{cors_options{}};
  response res;
  detail::add_cors_headers(p, actual("https://a.example"), res);
  EXPECT_EQ(res.header("Access-Control-Allow-Origin"), "*");
  EXPECT_FALSE(res.header("Vary"));
  EXPECT_FALSE(res.header("Access-Control-Expose-Headers"));
}

TEST(cors_actual, list_reflects_with_vary_and_exposes_headers) {
  cors_options o = listed({"https://a.example"});
  o.exposed_headers = {"X-Total", "Link"};
  o.credentials = true;
  cors_policy p{o};
  response res;
  detail::add_cors_headers(p, actual("https://a.example"), res);
  EXPECT_EQ(res.header("Access-Control-Allow-Origin"), "https://a.example");
  EXPECT_EQ(res.header("Access-Control-Allow-Credentials"), "true");
  EXPECT_EQ(res.header("Access-Control-Expose-Headers"), "X-Total,Link");
  EXPECT_EQ(res.header("Vary"), "Origin");
}

TEST(cors_actual, disallowed_origin_gets_only_vary) {
  cors_options o = listed({"https://a.example"});
  o.exposed_headers = {"X-Total"};
  o.credentials = true;
  cors_policy p{o};
  for (auto origin : {std::optional<std::string_view>("https://evil.example"), std::optional<std::string_view>()}) {
    response res;
    detail::add_cors_headers(p, actual(origin), res);
    EXPECT_FALSE(res.header("Access-Control-Allow-Origin"));
    EXPECT_FALSE(res.header("Access-Control-Allow-Credentials"));
    EXPECT_FALSE(res.header("Access-Control-Expose-Headers"));
    // Another origin would get another answer, so shared caches must still key on Origin.
    EXPECT_EQ(res.header("Vary"), "Origin");
  }
}

TEST(cors_actual, vary_merges_with_what_is_there) {
  cors_policy p{listed({"https://a.example"})};
  response res;
  res.set("Vary", "Accept-Encoding");
  detail::add_cors_headers(p, actual("https://a.example"), res);
  detail::add_cors_headers(p, actual("https://a.example"), res);  // idempotent
  EXPECT_EQ(res.header("Vary"), "Accept-Encoding, Origin");
  EXPECT_EQ(count_headers(res, "Vary"), 1);
}

TEST(security_headers_list, defaults_match_helmet) {
  auto list = detail::security_header_list({});
  std::vector<std::pair<std::string, std::string>> expected = {
      {"Content-Security-Policy",
       "default-src 'self';base-uri 'self';font-src 'self' https: data:;form-action 'self';frame-ancestors 'self';"
       "img-src 'self' data:;object-src 'none';script-src 'self';script-src-attr 'none';"
       "style-src 'self' https: 'unsafe-inline';upgrade-insecure-requests"},
      {"Cross-Origin-Opener-Policy", "same-origin"},
      {"Cross-Origin-Resource-Policy", "same-origin"},
      {"Origin-Agent-Cluster", "?1"},
      {"Referrer-Policy", "no-referrer"},
      {"Strict-Transport-Security", "max-age=15552000; includeSubDomains"},
      {"X-Content-Type-Options", "nosniff"},
      {"X-DNS-Prefetch-Control", "off"},
      {"X-Download-Options", "noopen"},
      {"X-Frame-Options", "SAMEORIGIN"},
      {"X-Permitted-Cross-Domain-Policies", "none"},
      {"X-XSS-Protection", "0"},
  };
  EXPECT_EQ(list, expected);
}

TEST(security_headers_list, options_change_or_drop_headers) {
  security_headers_options o;
  o.content_security_policy.clear();
  o.hsts_max_age = 0s;
  o.frame_options = "DENY";
  auto list = detail::security_header_list(o);
  auto find = [&](std::string_view name) -> std::optional<std::string> {
    for (const auto& [k, v] : list)
      if (k == name) return v;
    return std::nullopt;
  };
  EXPECT_FALSE(find("Content-Security-Policy"));
  EXPECT_FALSE(find("Strict-Transport-Security"));
  EXPECT_EQ(find("X-Frame-Options"), "DENY");

  security_headers_options no_sub;
  no_sub.hsts_max_age = 60s;
  no_sub.hsts_include_subdomains = false;
  list = detail::security_header_list(no_sub);
  EXPECT_EQ(find("Strict-Transport-Security"), "max-age=60");
}

TEST(security_headers_apply, keeps_handler_values_and_removes_x_powered_by) {
  auto list = detail::security_header_list({});
  response res;
  res.set("x-frame-options", "DENY");
  res.set("Content-Security-Policy", "default-src 'none'");
  res.set("X-Powered-By", "Express");
  detail::apply_security_headers(list, res);
  EXPECT_EQ(res.header("X-Frame-Options"), "DENY");
  EXPECT_EQ(res.header("Content-Security-Policy"), "default-src 'none'");
  EXPECT_EQ(count_headers(res, "X-Frame-Options"), 1);
  EXPECT_FALSE(res.header("X-Powered-By"));
  EXPECT_EQ(res.header("X-Content-Type-Options"), "nosniff");
  EXPECT_EQ(res.headers().size(), list.size());
}

TEST(request_id_validation, accepts_visible_ascii_up_to_128) {
  for (std::string id : {std::string("a"), std::string("req-123_ABC.xyz"), std::string(128, 'z'),
                         std::string("0123456789abcdef0123456789abcdef"), std::string("!~{}[]\"'")})
    EXPECT_TRUE(detail::is_valid_request_id(id)) << id;
}

TEST(request_id_validation, rejects_empty_long_space_control_and_non_ascii) {
  for (std::string id : {std::string(), std::string(129, 'z'), std::string("a b"), std::string("a\tb"),
                         std::string("line\r\nX-Injected: 1"), std::string("caf\xc3\xa9"), std::string("a\x7f"),
                         std::string("a\0b", 3)})
    EXPECT_FALSE(detail::is_valid_request_id(id)) << id;
}

TEST(request_id_generation, is_32_lowercase_hex_digits) {
  for (int i = 0; i < 100; ++i) {
    auto id = detail::generate_request_id();
    ASSERT_EQ(id.size(), 32u);
    for (char c : id) EXPECT_TRUE((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f')) << id;
    EXPECT_TRUE(detail::is_valid_request_id(id));
  }
}

TEST(request_id_generation, ids_are_unique_across_threads) {
  constexpr int per_thread = 20000;
  std::vector<std::vector<std::string>> ids(4);
  std::vector<std::thread> threads;
  for (auto& out : ids)
    threads.emplace_back([&out] {
      for (int i = 0; i < per_thread; ++i) out.push_back(detail::generate_request_id());
    });
  for (auto& t : threads) t.join();
  std::set<std::string> all;
  for (const auto& v : ids) all.insert(v.begin(), v.end());
  EXPECT_EQ(all.size(), ids.size() * per_thread);  // distinct seeds per thread, no collisions
}

// A request as the connection builds it, from a raw head.
struct fake_request {
  explicit fake_request(std::string raw_head) : raw(std::move(raw_head)) {
    auto parsed = parse_head(raw, head, parse_limits{});
    EXPECT_EQ(parsed.status, parse_status::complete) << raw;
    request::access::reset(req);
    request::access::set_head(req, &head);
    request::access::path(req) = head.path;
  }
  std::string raw;
  request_head head;
  request req;
};

// The app-level hooks of one plugin, run in the connection's order: on_request until a hook
// answers, the handler when none did, then on_send.
class plugin_run {
public:
  explicit plugin_run(const plugin_fn& plugin) {
    auto root = router_.root();
    root.use(plugin);
    router_.freeze();
  }
  void operator()(request& req, response& res, const handler& route_handler = {}) const {
    const auto& hooks = router_.root_hooks();
    for (const auto& h : hooks[static_cast<std::size_t>(hook_kind::on_request)]) {
      if (res.sent()) break;
      h.call_sync(req, res);
    }
    if (!res.sent() && route_handler) route_handler.call_sync(req, res);
    for (const auto& h : hooks[static_cast<std::size_t>(hook_kind::on_send)]) h.call_sync(req, res);
  }

private:
  router router_;
};

const handler ok_text = [](request&, response& res) { res.text("ok"); };

TEST(cors_plugin, answers_a_preflight_once) {
  cors_options o = listed({"https://a.example"});
  o.exposed_headers = {"X-Total"};
  plugin_run run(cors(o));
  fake_request f("OPTIONS /items HTTP/1.1\r\nHost: x\r\nOrigin: https://a.example\r\n"
                 "Access-Control-Request-Method: PUT\r\nAccess-Control-Request-Headers: content-type\r\n\r\n");
  response res;
  run(f.req, res, ok_text);
  EXPECT_EQ(res.status(), 204);
  EXPECT_TRUE(res.body().empty());  // the handler did not run
  EXPECT_EQ(res.header("Access-Control-Allow-Origin"), "https://a.example");
  EXPECT_EQ(res.header("Access-Control-Allow-Headers"), "content-type");
  EXPECT_EQ(res.header("Vary"), "Origin, Access-Control-Request-Headers");
  EXPECT_FALSE(res.header("Access-Control-Expose-Headers"));  // on_send left the preflight alone
}

TEST(cors_plugin, decorates_an_actual_response) {
  cors_options o = listed({"https://a.example"});
  o.exposed_headers = {"X-Total"};
  plugin_run run(cors(o));
  fake_request f("GET /items HTTP/1.1\r\nHost: x\r\nOrigin: https://a.example\r\n\r\n");
  response res;
  run(f.req, res, ok_text);
  EXPECT_EQ(res.status(), 200);
  EXPECT_EQ(res.body(), "ok");
  EXPECT_EQ(res.header("Access-Control-Allow-Origin"), "https://a.example");
  EXPECT_EQ(res.header("Access-Control-Expose-Headers"), "X-Total");

  fake_request evil("GET /items HTTP/1.1\r\nHost: x\r\nOrigin: https://evil.example\r\n\r\n");
  response refused;
  run(evil.req, refused, ok_text);
  EXPECT_EQ(refused.body(), "ok");  // not an error, just no CORS headers
  EXPECT_FALSE(refused.header("Access-Control-Allow-Origin"));
}

TEST(cors_plugin, preflight_from_a_disallowed_origin_reaches_routing) {
  plugin_run run(cors(listed({"https://a.example"})));
  fake_request f("OPTIONS /items HTTP/1.1\r\nHost: x\r\nOrigin: https://evil.example\r\n"
                 "Access-Control-Request-Method: PUT\r\n\r\n");
  response res;
  run(f.req, res, ok_text);
  EXPECT_EQ(res.body(), "ok");
  EXPECT_FALSE(res.header("Access-Control-Allow-Origin"));
  EXPECT_FALSE(res.header("Access-Control-Allow-Methods"));
}

TEST(security_headers_plugin, sets_headers_on_send) {
  plugin_run run(security_headers());
  fake_request f("GET / HTTP/1.1\r\nHost: x\r\n\r\n");
  response res;
  run(f.req, res, [](request&, response& r) {
    r.set("X-Frame-Options", "DENY");
    r.text("ok");
  });
  EXPECT_EQ(res.header("X-Frame-Options"), "DENY");
  EXPECT_EQ(res.header("Strict-Transport-Security"), "max-age=15552000; includeSubDomains");
  EXPECT_EQ(res.header("X-XSS-Protection"), "0");
}

TEST(request_id_plugin, trusts_a_well_formed_incoming_id) {
  plugin_run run(request_id());
  fake_request f("GET / HTTP/1.1\r\nHost: x\r\nX-Request-Id: abc-123\r\n\r\n");
  response res;
  run(f.req, res, ok_text);
  EXPECT_EQ(f.req.id(), "abc-123");
  EXPECT_EQ(res.header("X-Request-Id"), "abc-123");
}

TEST(request_id_plugin, replaces_a_malformed_or_untrusted_id) {
  plugin_run run(request_id());
  fake_request f("GET / HTTP/1.1\r\nHost: x\r\nX-Request-Id: " + std::string(200, 'a') + "\r\n\r\n");
  response res;
  run(f.req, res, ok_text);
  EXPECT_EQ(f.req.id().size(), 32u);
  EXPECT_EQ(res.header("X-Request-Id"), f.req.id());

  request_id_options untrusting;
  untrusting.trust_incoming = false;
  untrusting.echo = false;
  untrusting.header = "X-Trace";
  plugin_run run2(request_id(untrusting));
  fake_request g("GET / HTTP/1.1\r\nHost: x\r\nX-Trace: abc\r\n\r\n");
  response quiet;
  run2(g.req, quiet, ok_text);
  EXPECT_EQ(g.req.id().size(), 32u);
  EXPECT_FALSE(quiet.header("X-Trace"));
}

TEST(request_id_plugin, every_response_gets_an_id_even_after_an_early_answer) {
  router r;
  auto root = r.root();
  root.use(cors());         // answers the preflight in on_request, before request_id's hook
  root.use(request_id());
  r.freeze();
  fake_request f("OPTIONS / HTTP/1.1\r\nHost: x\r\nOrigin: https://a.example\r\n"
                 "Access-Control-Request-Method: GET\r\n\r\n");
  response res;
  for (const auto& h : r.root_hooks()[static_cast<std::size_t>(hook_kind::on_request)])
    if (!res.sent()) h.call_sync(f.req, res);
  for (const auto& h : r.root_hooks()[static_cast<std::size_t>(hook_kind::on_send)]) h.call_sync(f.req, res);
  EXPECT_EQ(res.status(), 204);
  EXPECT_EQ(f.req.id().size(), 32u);
  EXPECT_EQ(res.header("X-Request-Id"), f.req.id());
}

}  // namespace
}  // namespace strata::http
