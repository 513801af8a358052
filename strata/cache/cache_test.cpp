// Tests for cache: get_or_set's single flight across loops (waiters resumed on their own loop),
// errors reaching every waiter with nothing stored, stale-while-revalidate, tags, JSON and
// described structs.
#include <strata/cache/cache.hpp>
#include <strata/cache/testing/background_loops.hpp>
#include <strata/cache/testing/failing_store.hpp>

#include <boost/describe/class.hpp>
#include <gtest/gtest.h>

#include <atomic>
#include <future>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

namespace strata::cache {

struct profile {
  std::string name;
  int age = 0;
  std::vector<std::string> roles;
};
BOOST_DESCRIBE_STRUCT(profile, (), (name, age, roles))

struct profile_v2 {
  std::string name;
  std::string email;
};
BOOST_DESCRIBE_STRUCT(profile_v2, (), (name, email))

namespace {

using namespace std::chrono_literals;
using testing::background_loops;

struct outcome {
  std::string value;
  std::string error;
  bool same_thread = false;  // resumed on the thread it started on
};

// One caller: get_or_set on the loop it runs on, noting where it was resumed.
task<outcome> call(cache& c, std::string key, cache::loader load, entry_options options = {.ttl = 10s}) {
  outcome o;
  auto before = std::this_thread::get_id();
  try {
    o.value = co_await c.get_or_set(std::move(key), std::move(options), std::move(load));
  } catch (const std::exception& e) {
    o.error = e.what();
  }
  o.same_thread = std::this_thread::get_id() == before;
  co_return o;
}

std::vector<outcome> concurrent_calls(background_loops& loops, cache& c, int per_loop, const std::string& key,
                                      const cache::loader& load, entry_options options = {.ttl = 10s}) {
  std::vector<std::future<outcome>> futures;
  for (int i = 0; i < per_loop; ++i)
    for (unsigned l = 0; l < 2; ++l)
      futures.push_back(boost::asio::co_spawn(loops.at(l), call(c, key, load, options), boost::asio::use_future));
  std::vector<outcome> out;
  for (auto& f : futures) out.push_back(f.get());
  return out;
}

TEST(get_or_set, concurrent_misses_on_two_loops_run_the_loader_once) {
  background_loops loops(2);
  cache c;
  std::atomic<int> runs{0};
  cache::loader load = [&runs]() -> task<std::string> {
    ++runs;
    co_await testing::sleep(100ms);
    co_return "loaded";
  };
  auto results = concurrent_calls(loops, c, 50, "k", load);
  ASSERT_EQ(results.size(), 100u);
  for (const auto& r : results) {
    EXPECT_EQ(r.value, "loaded");
    EXPECT_TRUE(r.error.empty()) << r.error;
    EXPECT_TRUE(r.same_thread);
  }
  EXPECT_EQ(runs.load(), 1);
  EXPECT_EQ(loops.run(0, c.get("k")), "loaded");
  // Once stored, later calls do not load.
  EXPECT_EQ(loops.run(1, call(c, "k", load)).value, "loaded");
  EXPECT_EQ(runs.load(), 1);
}

TEST(get_or_set, a_throwing_loader_fails_every_waiter_and_stores_nothing) {
  background_loops loops(2);
  cache c;
  std::atomic<int> runs{0};
  cache::loader failing = [&runs]() -> task<std::string> {
    ++runs;
    co_await testing::sleep(80ms);
    throw std::runtime_error("backend down");
  };
  auto results = concurrent_calls(loops, c, 10, "k", failing);
  for (const auto& r : results) {
    EXPECT_EQ(r.error, "backend down");
    EXPECT_TRUE(r.same_thread);
  }
  EXPECT_EQ(runs.load(), 1);
  EXPECT_FALSE(loops.run(0, c.get("k")));
  // The next miss tries again.
  cache::loader ok = [&runs]() -> task<std::string> {
    ++runs;
    co_return "recovered";
  };
  EXPECT_EQ(loops.run(1, call(c, "k", ok)).value, "recovered");
  EXPECT_EQ(runs.load(), 2);
}

TEST(get_or_set, different_keys_load_independently) {
  background_loops loops(2);
  cache c;
  std::atomic<int> runs{0};
  auto make = [&runs](std::string v) {
    return cache::loader([&runs, v]() -> task<std::string> {
      ++runs;
      co_await testing::sleep(20ms);
      co_return v;
    });
  };
  auto a = concurrent_calls(loops, c, 5, "a", make("A"));
  auto b = concurrent_calls(loops, c, 5, "b", make("B"));
  EXPECT_EQ(a.front().value, "A");
  EXPECT_EQ(b.back().value, "B");
  EXPECT_EQ(runs.load(), 2);
}

TEST(get_or_set, an_oversized_value_is_returned_but_not_stored) {
  background_loops loops(1);
  cache c(std::make_shared<memory_store>(memory_options{.max_bytes = 64 * 1024, .shards = 1, .max_entry_bytes = 1024}));
  std::atomic<int> runs{0};
  cache::loader big = [&runs]() -> task<std::string> {
    ++runs;
    co_return std::string(4096, 'x');
  };
  EXPECT_EQ(loops.run(0, call(c, "k", big)).value.size(), 4096u);
  EXPECT_EQ(loops.run(0, call(c, "k", big)).value.size(), 4096u);
  EXPECT_EQ(runs.load(), 2);
}

TEST(get_or_set, stale_hits_answer_at_once_while_one_refresh_runs) {
  background_loops loops(2);
  cache c;
  std::atomic<int> runs{0};
  std::atomic<int> version{1};
  cache::loader load = [&]() -> task<std::string> {
    ++runs;
    co_await testing::sleep(400ms);
    co_return "v" + std::to_string(version.load());
  };
  entry_options swr{.ttl = 200ms, .stale = 5s};
  EXPECT_EQ(loops.run(0, call(c, "k", load, swr)).value, "v1");
  EXPECT_EQ(runs.load(), 1);
  std::this_thread::sleep_for(300ms);  // now stale
  version = 2;
  auto start = std::chrono::steady_clock::now();
  auto results = concurrent_calls(loops, c, 10, "k", load, swr);
  auto took = std::chrono::steady_clock::now() - start;
  for (const auto& r : results) EXPECT_EQ(r.value, "v1");
  EXPECT_LT(took, 300ms) << "stale answers must not wait for the refresh";
  // One background refresh for all twenty stale hits.
  for (int i = 0; i < 100 && loops.run(0, c.get("k")) != std::optional<std::string>("v2"); ++i)
    std::this_thread::sleep_for(10ms);
  EXPECT_EQ(loops.run(0, c.get("k")), "v2");
  EXPECT_EQ(runs.load(), 2);
}

TEST(get_or_set, a_failed_refresh_keeps_the_stale_value) {
  background_loops loops(1);
  cache c;
  std::atomic<int> runs{0};
  cache::loader failing = [&runs]() -> task<std::string> {
    ++runs;
    throw std::runtime_error("down");
    co_return "";
  };
  ASSERT_TRUE(loops.run(0, c.set("k", "old", entry_options{.ttl = 20ms, .stale = 5s})));
  std::this_thread::sleep_for(40ms);
  EXPECT_EQ(loops.run(0, call(c, "k", failing, {.ttl = 20ms, .stale = 5s})).value, "old");
  for (int i = 0; i < 100 && runs.load() == 0; ++i) std::this_thread::sleep_for(5ms);
  std::this_thread::sleep_for(20ms);
  EXPECT_EQ(runs.load(), 1);
  EXPECT_EQ(loops.run(0, c.get("k")), "old");
}

TEST(get_or_set, a_failing_store_is_a_miss_and_the_loader_answers) {
  background_loops loops(1);
  auto broken = std::make_shared<testing::failing_store>();
  cache c(broken);
  int runs = 0;
  cache::loader load = [&runs]() -> task<std::string> {
    ++runs;
    co_return "fresh";
  };
  EXPECT_EQ(loops.run(0, call(c, "k", load)).value, "fresh");
  EXPECT_EQ(loops.run(0, call(c, "k", load)).value, "fresh");
  EXPECT_EQ(runs, 2);
  EXPECT_GE(broken->calls.load(), 4);  // it was asked, and its errors did not reach the caller
  // Plain reads do report the failure.
  EXPECT_THROW(loops.run(0, c.get("k")), std::runtime_error);
}

TEST(get_or_set, a_negative_ttl_is_an_error) {
  background_loops loops(1);
  cache c;
  cache::loader load = []() -> task<std::string> { co_return "v"; };
  EXPECT_THROW(loops.run(0, c.get_or_set("k", entry_options{.ttl = std::chrono::milliseconds(-1)}, load)),
               std::invalid_argument);
}

TEST(cache, tags_invalidate_groups) {
  background_loops loops(1);
  cache c;
  auto setup = [&]() -> task<void> {
    std::vector<std::string> user_tags{"user:1"};
    co_await c.set("profile:1", "p", 10s, user_tags);
    co_await c.set("posts:1", "q", 10s, user_tags);
    co_await c.set("profile:2", "r", 10s);
  };
  loops.run(0, setup());
  EXPECT_EQ(loops.run(0, c.invalidate_tag("user:1")), 2u);
  EXPECT_FALSE(loops.run(0, c.get("profile:1")));
  EXPECT_FALSE(loops.run(0, c.get("posts:1")));
  EXPECT_EQ(loops.run(0, c.get("profile:2")), "r");
  EXPECT_TRUE(loops.run(0, c.del("profile:2")));
  EXPECT_FALSE(loops.run(0, c.get("profile:2")));
}

TEST(cache, json_values_round_trip_and_bad_text_is_a_miss) {
  background_loops loops(1);
  cache c;
  boost::json::value doc = {{"id", 7}, {"tags", {"a", "b"}}};
  EXPECT_TRUE(loops.run(0, c.set_json("doc", doc, {.ttl = 10s})));
  EXPECT_EQ(loops.run(0, c.get_json("doc")), doc);
  loops.run(0, c.set("broken", "{not json", 10s));
  EXPECT_FALSE(loops.run(0, c.get_json("broken")));
}

TEST(cache, described_structs_round_trip) {
  background_loops loops(1);
  cache c;
  profile p{"ada", 36, {"admin"}};
  EXPECT_TRUE(loops.run(0, c.set_as("p", p, {.ttl = 10s})));
  auto back = loops.run(0, c.get_as<profile>("p"));
  ASSERT_TRUE(back);
  EXPECT_EQ(back->name, "ada");
  EXPECT_EQ(back->age, 36);
  EXPECT_EQ(back->roles, std::vector<std::string>{"admin"});
  // Another shape under the key is a miss, not an exception.
  EXPECT_FALSE(loops.run(0, c.get_as<profile_v2>("p")));
}

TEST(cache, get_or_set_as_loads_once_and_replaces_an_old_shape) {
  background_loops loops(1);
  cache c;
  int runs = 0;
  std::function<task<profile_v2>()> load = [&runs]() -> task<profile_v2> {
    ++runs;
    co_return profile_v2{"grace", "g@example.com"};
  };
  loops.run(0, c.set_as("p", profile{"ada", 36, {}}, {.ttl = 10s}));
  auto v = loops.run(0, c.get_or_set_as<profile_v2>("p", {.ttl = 10s}, load));
  EXPECT_EQ(v.email, "g@example.com");
  v = loops.run(0, c.get_or_set_as<profile_v2>("p", {.ttl = 10s}, load));
  EXPECT_EQ(v.name, "grace");
  EXPECT_EQ(runs, 1);
}

}  // namespace
}  // namespace strata::cache
