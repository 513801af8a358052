// Two servers, one Redis: each caches responses in its own tiered_store. A write through one
// server drops the page from Redis and, by the broadcast, from the other server's memory tier.
#include <strata/cache/http_cache.hpp>
#include <strata/cache/redis/tiered_store.hpp>
#include <strata/cache/testing/background_loops.hpp>
#include <strata/http/testing/local_server.hpp>

#include <gtest/gtest.h>

#include <atomic>
#include <cstdlib>
#include <random>
#include <thread>

namespace strata::cache {
namespace {

using namespace std::chrono_literals;
using http::request;
using http::response;

struct instance {
  std::shared_ptr<tiered_store> store;
  std::atomic<int> calls{0};
  http::server srv{http::testing::local_options(2)};
};

TEST(http_over_tiered_store, a_write_on_one_server_reaches_the_others_cache) {
  const char* url = std::getenv("REDIS_URL");
  if (!url || !*url) GTEST_SKIP() << "REDIS_URL is not set (eval \"$(scripts/services env)\" after scripts/services start redis)";
  testing::background_loops listener(1);
  auto client = redis::client::open(url);
  tiered_options o;
  o.redis.prefix = "strata-test:" + std::to_string(std::random_device{}()) + ":";
  o.channel = o.redis.prefix + "invalidate";

  instance a, b;
  for (instance* i : {&a, &b}) {
    i->store = std::make_shared<tiered_store>(client, o);
    listener.run(0, i->store->listen());
    http_cache_options hc;
    hc.store = i->store;
    i->srv.use(http_cache(hc));
    i->srv.get("/items", [i](request&, response& res) {
      ++i->calls;
      res.text("items v" + std::to_string(i->calls.load()));
    });
    i->srv.post("/items", [](request&, response& res) { res.status(201).text("created"); });
    i->srv.start();
  }

  // Waits until b has applied one more broadcast than `seen`: the announcement of a write through a
  // reaches b's listener thread on its own schedule, not before a's response.
  auto wait_for_broadcast = [&](std::size_t seen) {
    for (int i = 0; i < 400 && b.store->invalidations_received() == seen; ++i) std::this_thread::sleep_for(5ms);
    return b.store->invalidations_received() > seen;
  };

  auto first = http::testing::get(a.srv.port(), "/items");
  EXPECT_EQ(first.header("X-Cache"), "MISS");
  // a's store announced its write; were it applied after b's read below, it would drop b's copy.
  ASSERT_TRUE(wait_for_broadcast(0));
  auto from_b = http::testing::get(b.srv.port(), "/items");  // found in Redis, written by a
  EXPECT_EQ(from_b.header("X-Cache"), "HIT");
  EXPECT_EQ(from_b.body, first.body);
  EXPECT_EQ(b.calls.load(), 0);
  EXPECT_EQ(b.store->local().stats().entries, 1u);

  auto before = b.store->invalidations_received();
  auto post = http::testing::fetch(a.srv.port(), http::testing::post_request("/items", "{}"));
  ASSERT_TRUE(post);
  EXPECT_EQ(post->status, 201);
  EXPECT_TRUE(wait_for_broadcast(before));
  EXPECT_EQ(b.store->local().stats().entries, 0u);
  auto after = http::testing::get(b.srv.port(), "/items");
  EXPECT_EQ(after.header("X-Cache"), "MISS");
  EXPECT_EQ(b.calls.load(), 1);

  a.srv.stop();
  b.srv.stop();
  a.srv.wait();
  b.srv.wait();
  listener.run(0, a.store->shared().clear());
  auto stop = [](tiered_store& s) -> task<void> {
    s.stop();
    co_return;
  };
  listener.run(0, stop(*a.store));
  listener.run(0, stop(*b.store));
}

}  // namespace
}  // namespace strata::cache
