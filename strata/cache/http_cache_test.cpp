// Tests for http_cache against a real server on loopback: stored copies and their keys,
// validators and 304s, what is never stored, Vary, size limits, invalidation by writes, and
// compression of stored responses.
#include <strata/cache/http_cache.hpp>
#include <strata/cache/memory_store.hpp>
#include <strata/cache/testing/failing_store.hpp>
#include <strata/http/compression.hpp>
#include <strata/http/testing/local_server.hpp>

#include <gtest/gtest.h>

#include <atomic>
#include <string>
#include <thread>

namespace strata::cache {
namespace {

using namespace std::chrono_literals;
using http::request;
using http::response;
using http::testing::fetch;
using http::testing::get_request;
using http::testing::local_options;
using http::testing::raw_response;

// A server with the cache plugin and routes that count their calls.
class http_cache_test : public ::testing::Test {
protected:
  void start(http_cache_options options = {}) {
    srv_.use(http_cache(std::move(options)));
    add_routes();
    srv_.start();
  }

  void add_routes() {
    srv_.get("/items", [this](request&, response& res) {
      ++calls;
      res.json({{"items", {1, 2, 3}}, {"call", calls.load()}});
    });
    srv_.post("/items", [](request&, response& res) { res.status(201).text("created"); });
    srv_.get("/q", [this](request& req, response& res) {
      ++calls;
      res.text(std::string(req.query_string()) + " #" + std::to_string(calls.load()));
    });
    srv_.get("/cookie", [this](request&, response& res) {
      ++calls;
      res.cookie("sid", "abc");
      res.text("with cookie");
    });
    srv_.get("/private", [this](request&, response& res) {
      ++calls;
      res.set("Cache-Control", "private, max-age=60");
      res.text("mine");
    });
    srv_.get("/no-store", [this](request&, response& res) {
      ++calls;
      res.set("Cache-Control", "no-store");
      res.text("never");
    });
    srv_.get("/short", [this](request&, response& res) {
      ++calls;
      res.set("Cache-Control", "public, max-age=1");
      res.text("short-lived");
    });
    srv_.get("/lang", [this](request& req, response& res) {
      ++calls;
      res.text("lang=" + std::string(req.header("Accept-Language").value_or("none")));
    });
    srv_.get("/ua", [this](request& req, response& res) {
      ++calls;
      res.append("Vary", "User-Agent");
      res.text("varies by agent");
    });
    srv_.get("/big", [this](request&, response& res) {
      ++calls;
      res.text(std::string(5000, 'b'));
    });
    srv_.get("/fails", [this](request&, response&) {
      ++calls;
      throw std::runtime_error("boom");
    });
    srv_.get("/search", [this](request&, response& res) {
      ++calls;
      res.text("search #" + std::to_string(calls.load()));
    });
    srv_.get("/unstored", [this](request&, response& res) {
      ++calls;
      res.text("validators only");
    });
    srv_.get("/dated", [this](request&, response& res) {
      ++calls;
      res.set("Last-Modified", "Sun, 06 Nov 1994 08:49:37 GMT");
      res.set("ETag", "\"v1\"");
      res.text("old news");
    });
    srv_.get("/text", [this](request&, response& res) {
      ++calls;
      std::string s;
      while (s.size() < 4000) s += "compressible text, ";
      res.text(s);
    });
  }

  raw_response get(std::string_view path, std::string_view headers = {}) {
    auto r = fetch(srv_.port(), get_request(path, headers));
    if (!r) throw std::runtime_error("no response");
    return *r;
  }
  raw_response head(std::string_view path) {
    auto r = fetch(srv_.port(), get_request(path, {}, "HEAD"), true);
    if (!r) throw std::runtime_error("no response");
    return *r;
  }

  std::atomic<int> calls{0};  // before srv_: the routes use it until the server stops
  http::server srv_{local_options(2)};
};

TEST_F(http_cache_test, second_get_is_served_from_the_store_with_validators) {
  start();
  auto first = get("/items");
  ASSERT_EQ(first.status, 200);
  EXPECT_EQ(first.header("X-Cache"), "MISS");
  auto etag = first.header("ETag");
  ASSERT_TRUE(etag);
  EXPECT_EQ(etag->size(), 34u);  // strong: a quoted 32-digit hash, no W/
  EXPECT_EQ(etag->front(), '"');
  EXPECT_EQ(first.header("Cache-Control"), "public, max-age=60");
  EXPECT_TRUE(first.has("Last-Modified"));

  auto second = get("/items");
  EXPECT_EQ(second.status, 200);
  EXPECT_EQ(second.header("X-Cache"), "HIT");
  EXPECT_EQ(second.body, first.body);
  EXPECT_EQ(second.header("ETag"), etag);
  EXPECT_EQ(second.header("Content-Type"), first.header("Content-Type"));
  EXPECT_EQ(second.header("Last-Modified"), first.header("Last-Modified"));
  EXPECT_TRUE(second.has("Age"));
  EXPECT_EQ(second.all("Date").size(), 1u);  // the stored Date is not repeated
  EXPECT_EQ(calls.load(), 1);
}

TEST_F(http_cache_test, etag_follows_the_body) {
  start();
  auto a = get("/q?x=1");
  auto b = get("/q?x=2");
  EXPECT_NE(a.body, b.body);
  EXPECT_NE(a.header("ETag"), b.header("ETag"));
}

TEST_F(http_cache_test, if_none_match_is_answered_304_from_the_store) {
  start();
  auto first = get("/items");
  auto etag = *first.header("ETag");
  auto hit = get("/items", "If-None-Match: " + etag + "\r\n");
  EXPECT_EQ(hit.status, 304);
  EXPECT_TRUE(hit.body.empty());
  EXPECT_EQ(hit.header("ETag"), etag);
  EXPECT_EQ(hit.header("X-Cache"), "HIT");
  EXPECT_FALSE(hit.has("Content-Type"));
  // Weak comparison (RFC 9110 13.1.2), lists and "*".
  EXPECT_EQ(get("/items", "If-None-Match: W/" + etag + "\r\n").status, 304);
  EXPECT_EQ(get("/items", "If-None-Match: \"other\", " + etag + "\r\n").status, 304);
  EXPECT_EQ(get("/items", "If-None-Match: *\r\n").status, 304);
  EXPECT_EQ(get("/items", "If-None-Match: \"other\"\r\n").status, 200);
  EXPECT_EQ(calls.load(), 1);
}

TEST_F(http_cache_test, if_none_match_is_answered_304_without_a_stored_copy) {
  http_cache_options o;
  http_cache_rule validators_only;
  validators_only.store = false;
  o.routes.emplace_back("/unstored", validators_only);
  start(o);
  auto first = get("/unstored");
  EXPECT_FALSE(first.has("X-Cache"));
  auto again = get("/unstored", "If-None-Match: " + *first.header("ETag") + "\r\n");
  EXPECT_EQ(again.status, 304);
  EXPECT_TRUE(again.body.empty());
  EXPECT_EQ(calls.load(), 2);  // the handler ran; only the body was saved
}

TEST_F(http_cache_test, if_modified_since_is_answered_304) {
  start();
  auto first = get("/items");
  auto lm = *first.header("Last-Modified");
  EXPECT_EQ(get("/items", "If-Modified-Since: " + lm + "\r\n").status, 304);
  EXPECT_EQ(get("/items", "If-Modified-Since: Sun, 06 Nov 1994 08:49:37 GMT\r\n").status, 200);
  EXPECT_EQ(get("/items", "If-Modified-Since: not a date\r\n").status, 200);
  // If-None-Match wins over If-Modified-Since (RFC 9110 13.2.2).
  EXPECT_EQ(get("/items", "If-None-Match: \"other\"\r\nIf-Modified-Since: " + lm + "\r\n").status, 200);
}

TEST_F(http_cache_test, handler_validators_are_honoured) {
  start();
  auto first = get("/dated");
  EXPECT_EQ(first.header("ETag"), "\"v1\"");
  EXPECT_EQ(first.header("Last-Modified"), "Sun, 06 Nov 1994 08:49:37 GMT");
  EXPECT_EQ(get("/dated", "If-None-Match: \"v1\"\r\n").status, 304);
  EXPECT_EQ(get("/dated", "If-Modified-Since: Mon, 07 Nov 1994 08:49:37 GMT\r\n").status, 304);
  EXPECT_EQ(get("/dated", "If-Modified-Since: Sat, 05 Nov 1994 08:49:37 GMT\r\n").status, 200);
}

TEST_F(http_cache_test, query_order_does_not_change_the_key) {
  start();
  auto a = get("/q?b=2&a=1");
  auto b = get("/q?a=1&b=2");
  EXPECT_EQ(b.header("X-Cache"), "HIT");
  EXPECT_EQ(a.body, b.body);
  EXPECT_EQ(get("/q?a=1&b=3").header("X-Cache"), "MISS");
  EXPECT_EQ(get("/q").header("X-Cache"), "MISS");
  EXPECT_EQ(calls.load(), 3);
}

TEST_F(http_cache_test, cookies_private_and_no_store_are_never_stored) {
  start();
  for (auto path : {"/cookie", "/private", "/no-store"}) {
    calls = 0;
    auto a = get(path);
    auto b = get(path);
    EXPECT_EQ(a.status, 200) << path;
    EXPECT_NE(b.header("X-Cache"), "HIT") << path;
    EXPECT_EQ(calls.load(), 2) << path;
  }
  EXPECT_EQ(get("/private").header("Cache-Control"), "private, max-age=60");  // the handler's stays
}

TEST_F(http_cache_test, authorized_requests_are_not_shared) {
  start();
  get("/items");
  auto r = get("/items", "Authorization: Bearer x\r\n");
  EXPECT_FALSE(r.has("X-Cache"));
  EXPECT_EQ(calls.load(), 2);
}

TEST_F(http_cache_test, max_age_from_the_handler_is_the_lifetime) {
  start();
  get("/short");
  EXPECT_EQ(get("/short").header("X-Cache"), "HIT");
  std::this_thread::sleep_for(1100ms);
  EXPECT_EQ(get("/short").header("X-Cache"), "MISS");
  EXPECT_EQ(calls.load(), 2);
}

TEST_F(http_cache_test, vary_selects_variants_on_chosen_headers) {
  http_cache_options o;
  http_cache_rule by_language;
  by_language.vary = {"Accept-Language"};
  o.routes.emplace_back("/lang", by_language);
  start(o);
  auto en = get("/lang", "Accept-Language: en\r\n");
  auto fr = get("/lang", "Accept-Language: fr\r\n");
  auto en2 = get("/lang", "Accept-Language: en\r\n");
  EXPECT_EQ(en.body, "lang=en");
  EXPECT_EQ(fr.body, "lang=fr");
  EXPECT_EQ(en2.body, "lang=en");
  EXPECT_EQ(en2.header("X-Cache"), "HIT");
  EXPECT_EQ(en.header("Vary"), "Accept-Language");
  EXPECT_EQ(calls.load(), 2);
}

TEST_F(http_cache_test, a_vary_the_rule_does_not_list_is_not_stored) {
  start();
  get("/ua", "User-Agent: a\r\n");
  EXPECT_EQ(get("/ua", "User-Agent: b\r\n").header("X-Cache"), "MISS");
  EXPECT_EQ(calls.load(), 2);
}

TEST_F(http_cache_test, oversized_responses_are_sent_but_not_stored) {
  http_cache_options o;
  o.max_entry_bytes = 1000;
  start(o);
  auto a = get("/big");
  auto b = get("/big");
  EXPECT_EQ(a.body.size(), 5000u);
  EXPECT_EQ(b.body.size(), 5000u);
  EXPECT_EQ(b.header("X-Cache"), "MISS");
  EXPECT_EQ(calls.load(), 2);
}

TEST_F(http_cache_test, a_full_store_evicts_instead_of_failing) {
  http_cache_options o;
  o.store = std::make_shared<memory_store>(memory_options{.max_bytes = 16 * 1024, .shards = 1});
  start(o);
  for (int i = 0; i < 200; ++i) ASSERT_EQ(get("/q?i=" + std::to_string(i)).status, 200);
  auto st = std::static_pointer_cast<memory_store>(o.store)->stats();
  EXPECT_LE(st.bytes, 16u * 1024u);
  EXPECT_GT(st.evictions, 0u);
}

TEST_F(http_cache_test, error_responses_are_not_stored) {
  start();
  EXPECT_EQ(get("/fails").status, 500);
  EXPECT_EQ(get("/fails").status, 500);
  EXPECT_EQ(calls.load(), 2);
}

TEST_F(http_cache_test, head_is_answered_from_the_get_copy) {
  start();
  auto g = get("/items");
  auto h = head("/items");
  EXPECT_EQ(h.status, 200);
  EXPECT_EQ(h.header("X-Cache"), "HIT");
  EXPECT_EQ(h.header("ETag"), g.header("ETag"));
  EXPECT_EQ(h.header("Content-Length"), std::to_string(g.body.size()));
  EXPECT_EQ(calls.load(), 1);
}

TEST_F(http_cache_test, a_write_to_the_path_drops_its_copies) {
  start();
  get("/items");
  EXPECT_EQ(get("/items").header("X-Cache"), "HIT");
  auto post = fetch(srv_.port(), http::testing::post_request("/items", "{}"));
  ASSERT_TRUE(post);
  EXPECT_EQ(post->status, 201);
  EXPECT_EQ(get("/items").header("X-Cache"), "MISS");
  EXPECT_EQ(calls.load(), 2);
}

TEST_F(http_cache_test, a_route_rule_can_choose_its_key) {
  http_cache_options o;
  http_cache_rule path_only;
  path_only.key = [](const request& req) { return "search " + std::string(req.path()); };
  o.routes.emplace_back("/search", path_only);
  start(o);
  auto a = get("/search?utm_source=x");
  auto b = get("/search?utm_source=y");
  EXPECT_EQ(a.body, b.body);
  EXPECT_EQ(b.header("X-Cache"), "HIT");
  EXPECT_EQ(calls.load(), 1);
}

TEST_F(http_cache_test, a_rule_key_of_empty_leaves_the_request_uncached) {
  http_cache_options o;
  o.rule.key = [](const request&) { return std::string(); };
  start(o);
  get("/items");
  get("/items");
  EXPECT_EQ(calls.load(), 2);
}

TEST_F(http_cache_test, stored_bodies_are_compressed_per_request) {
  start();
  auto miss = get("/text", "Accept-Encoding: gzip\r\n");
  auto hit = get("/text", "Accept-Encoding: gzip\r\n");
  auto plain = get("/text");
  EXPECT_EQ(hit.header("X-Cache"), "HIT");
  EXPECT_EQ(miss.header("Content-Encoding"), "gzip");
  EXPECT_EQ(hit.header("Content-Encoding"), "gzip");
  EXPECT_FALSE(plain.has("Content-Encoding"));
  EXPECT_EQ(http::gzip_decompress(hit.body), plain.body);
  // The compressed answer carries a weak tag; it still validates the stored copy.
  auto weak = *hit.header("ETag");
  EXPECT_TRUE(weak.starts_with("W/"));
  EXPECT_EQ(get("/text", "Accept-Encoding: gzip\r\nIf-None-Match: " + weak + "\r\n").status, 304);
  EXPECT_EQ(calls.load(), 1);
}

TEST_F(http_cache_test, per_request_headers_are_not_replayed) {
  srv_.use(http::request_id());
  srv_.get("/custom", [this](request&, response& res) {
    ++calls;
    res.set("X-Custom", "one");
    res.set("X-Kept", "yes");
    res.text("custom");
  });
  http_cache_options o;
  o.stored_headers = {"X-Kept"};
  start(o);
  auto a = get("/custom");
  auto b = get("/custom");
  EXPECT_EQ(b.header("X-Cache"), "HIT");
  ASSERT_EQ(b.all("X-Request-Id").size(), 1u);
  EXPECT_NE(a.header("X-Request-Id"), b.header("X-Request-Id"));  // the hook ran again for the hit
  EXPECT_FALSE(b.has("X-Custom"));
  EXPECT_EQ(b.header("X-Kept"), "yes");
  EXPECT_EQ(calls.load(), 1);
}

TEST_F(http_cache_test, a_failing_store_does_not_fail_requests) {
  auto broken = std::make_shared<testing::failing_store>();
  http_cache_options o;
  o.store = broken;
  start(o);
  EXPECT_EQ(get("/items").status, 200);
  auto second = get("/items");
  EXPECT_EQ(second.status, 200);
  EXPECT_EQ(second.header("X-Cache"), "MISS");
  EXPECT_TRUE(second.has("ETag"));
  auto post = fetch(srv_.port(), http::testing::post_request("/items", "{}"));
  ASSERT_TRUE(post);
  EXPECT_EQ(post->status, 201);
  EXPECT_EQ(calls.load(), 2);
  EXPECT_GE(broken->calls.load(), 5);  // two reads, two writes, one invalidation
}

TEST_F(http_cache_test, damaged_stored_values_are_misses) {
  auto store = std::make_shared<memory_store>();
  http_cache_options o;
  o.store = store;
  start(o);
  store->put("http GET /items", "SR1\ngarbage", {});
  auto r = get("/items");
  EXPECT_EQ(r.status, 200);
  EXPECT_EQ(r.header("X-Cache"), "MISS");
  EXPECT_EQ(get("/items").header("X-Cache"), "HIT");
}

}  // namespace
}  // namespace strata::cache
