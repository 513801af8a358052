// Tests for single_flight on its own: the flight is forgotten once done, and waiters on another
// loop get an error, not an endless wait, when the running coroutine is destroyed mid-run.
#include <strata/cache/single_flight.hpp>
#include <strata/cache/testing/background_loops.hpp>

#include <boost/asio/detached.hpp>
#include <gtest/gtest.h>

#include <atomic>
#include <future>
#include <stdexcept>
#include <thread>

namespace strata::cache {
namespace {

using namespace std::chrono_literals;

TEST(single_flight, forgets_a_key_when_its_run_ends) {
  testing::background_loops loops(1);
  single_flight sf;
  std::atomic<bool> seen_in_flight{false};
  single_flight::work fn = [&]() -> task<std::string> {
    seen_in_flight = sf.in_flight("k");
    co_return "v";
  };
  EXPECT_EQ(loops.run(0, sf.run("k", fn)), "v");
  EXPECT_TRUE(seen_in_flight);
  EXPECT_FALSE(sf.in_flight("k"));
  EXPECT_EQ(sf.size(), 0u);
}

TEST(single_flight, waiters_fail_when_the_running_coroutine_is_destroyed) {
  testing::background_loops loops(1);
  single_flight sf;
  std::atomic<bool> started{false};
  single_flight::work never_ends = [&]() -> task<std::string> {
    started = true;
    co_await testing::sleep(1h);
    co_return "unreachable";
  };
  // The leader runs on a context of its own that this thread drives and then destroys.
  auto leader_ctx = std::make_unique<boost::asio::io_context>(1);
  boost::asio::co_spawn(*leader_ctx, sf.run("k", never_ends), boost::asio::detached);
  while (!started) leader_ctx->run_one();
  ASSERT_TRUE(sf.in_flight("k"));

  auto waiter = boost::asio::co_spawn(loops.at(0), sf.run("k", never_ends), boost::asio::use_future);
  std::this_thread::sleep_for(200ms);  // the waiter parks on the flight
  leader_ctx.reset();                 // destroys the leader's frame mid-run
  ASSERT_EQ(waiter.wait_for(5s), std::future_status::ready);
  EXPECT_THROW(waiter.get(), std::runtime_error);
  EXPECT_FALSE(sf.in_flight("k"));
}

}  // namespace
}  // namespace strata::cache
