// The MongoDB backend's parts that need no server: JSON <-> BSON, running blocking calls off the
// loop, and the errors for a bad URL and an unreachable server. (The shared suite in
// store_test.cpp runs against a real server when MONGO_URL is set.)
#include <gtest/gtest.h>

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/steady_timer.hpp>
#include <chrono>
#include <strata/document/mongo/bson_json.hpp>
#include <strata/document/mongo/offload.hpp>
#include <strata/document/store.hpp>
#include <strata/document/testing.hpp>
#include <strata/sql/testing/run.hpp>
#include <thread>

namespace strata::document {
namespace {

using testing::error_of;
using testing::object;

TEST(mongo_bson, json_round_trips_through_bson) {
  const auto doc = object(R"({"_id": "x", "s": "héllo", "i": 5, "big": 9007199254740993, "neg": -3000000000,
    "d": 2.5, "t": true, "f": false, "n": null, "a": [1, "two", [3], {"four": 4}], "o": {"p": {"q": []}}, "e": {}})");
  auto bson = detail::to_bson(doc);
  EXPECT_EQ(detail::to_json(*bson), doc);
  // Integers that fit are int32, as the Node.js driver writes them.
  bson_iter_t it;
  ASSERT_TRUE(bson_iter_init_find(&it, bson.get(), "i"));
  EXPECT_EQ(bson_iter_type(&it), BSON_TYPE_INT32);
  ASSERT_TRUE(bson_iter_init_find(&it, bson.get(), "big"));
  EXPECT_EQ(bson_iter_type(&it), BSON_TYPE_INT64);
}

TEST(mongo_bson, bson_types_json_lacks_become_strings) {
  bson_t b = BSON_INITIALIZER;
  bson_oid_t oid;
  bson_oid_init_from_string(&oid, "65a1b2c3d4e5f60718293a4b");
  BSON_APPEND_OID(&b, "_id", &oid);
  BSON_APPEND_DATE_TIME(&b, "at", 1704164645123);  // 2024-01-02T03:04:05.123Z
  EXPECT_EQ(detail::to_json(b), object(R"({"_id": "65a1b2c3d4e5f60718293a4b", "at": "2024-01-02T03:04:05.123Z"})"));
  bson_destroy(&b);
}

TEST(mongo_bson, a_nul_in_a_field_name_is_refused) {
  boost::json::object doc;
  doc[std::string_view("a\0b", 3)] = 1;
  EXPECT_EQ(error_of([&] { detail::to_bson(doc); }), errc::bad_document);
}

TEST(mongo_offload, runs_on_a_worker_and_resumes_on_the_loop) {
  boost::asio::thread_pool pool(1);
  boost::asio::io_context io;
  const auto loop_thread = std::this_thread::get_id();
  std::thread::id worker_thread, resumed_thread;
  int ticks = 0;
  boost::asio::co_spawn(
      io,
      [&]() -> task<void> {
        const int v = co_await detail::offload(pool, [&] {
          worker_thread = std::this_thread::get_id();
          std::this_thread::sleep_for(std::chrono::milliseconds(100));  // blocks the worker, not the loop
          return 42;
        });
        resumed_thread = std::this_thread::get_id();
        EXPECT_EQ(v, 42);
      },
      [](std::exception_ptr e) { EXPECT_FALSE(e); });
  // The loop keeps serving while the worker blocks.
  boost::asio::co_spawn(
      io,
      [&]() -> task<void> {
        boost::asio::steady_timer t(co_await boost::asio::this_coro::executor);
        for (int i = 0; i < 3; ++i) {
          t.expires_after(std::chrono::milliseconds(10));
          co_await t.async_wait(boost::asio::use_awaitable);
          ++ticks;
        }
      },
      boost::asio::detached);
  io.run();
  EXPECT_NE(worker_thread, loop_thread);
  EXPECT_EQ(resumed_thread, loop_thread);
  EXPECT_EQ(ticks, 3);
}

TEST(mongo_offload, exceptions_reach_the_coroutine) {
  boost::asio::thread_pool pool(1);
  EXPECT_THROW(sql::testing::run([&]() -> task<int> {
                 co_return co_await detail::offload(pool, []() -> int { throw std::runtime_error("boom"); });
               }),
               std::runtime_error);
}

TEST(mongo_store, a_bad_url_is_an_error) {
  EXPECT_EQ(error_of([] { store::open("mongodb://"); }), errc::bad_query);
  EXPECT_EQ(error_of([] { store::open("redis://localhost"); }), errc::bad_query);
}

TEST(mongo_store, an_unreachable_server_is_unavailable) {
  // Port 1 refuses at once; server selection gives up after 300 ms.
  auto s = store::open("mongodb://127.0.0.1:1/strata?serverSelectionTimeoutMS=300&connectTimeoutMS=300");
  EXPECT_EQ(s.kind(), backend_kind::mongodb);
  auto c = s.collection("users");
  try {
    sql::testing::run([&]() -> task<std::int64_t> { co_return co_await c.count(); });
    FAIL() << "no error";
  } catch (const error& e) {
    EXPECT_EQ(e.code(), errc::unavailable) << e.what();
    EXPECT_EQ(e.http_status(), 503);
    EXPECT_FALSE(e.expose_detail());
  }
}

}  // namespace
}  // namespace strata::document
