// loops: the idle spin keeps a loop that gets work every millisecond from sleeping between the
// pieces, ends once there is none (an idle loop sleeps), and leaves run()'s semantics alone.
#include <strata/core/loops.hpp>

#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/steady_timer.hpp>

#include <gtest/gtest.h>

#include <sys/resource.h>

#include <atomic>
#include <chrono>
#include <future>
#include <thread>

namespace strata {
namespace {

using namespace std::chrono_literals;
namespace asio = boost::asio;

struct thread_usage {
  long sleeps;                      // voluntary context switches: the thread blocked
  std::chrono::microseconds cpu;    // user + system time
};

thread_usage this_thread_usage() {
  rusage u{};
  ::getrusage(RUSAGE_THREAD, &u);
  auto us = [](const timeval& t) { return std::chrono::seconds(t.tv_sec) + std::chrono::microseconds(t.tv_usec); };
  return {u.ru_nvcsw, std::chrono::duration_cast<std::chrono::microseconds>(us(u.ru_utime) + us(u.ru_stime))};
}

// Runs a loop with `spin` on its own thread; posts 20 handlers 1 ms apart from this thread and
// returns how often the loop thread slept between the first and the last.
long sleeps_between_posts(std::chrono::microseconds spin) {
  asio::io_context ctx(1);
  auto guard = asio::make_work_guard(ctx);
  std::thread loop([&] { loops::run_context(ctx, spin); });
  std::promise<thread_usage> first, last;
  asio::post(ctx, [&] { first.set_value(this_thread_usage()); });
  for (int i = 0; i < 19; ++i) {
    std::this_thread::sleep_for(1ms);
    asio::post(ctx, [] {});
  }
  asio::post(ctx, [&] { last.set_value(this_thread_usage()); });
  const long sleeps = last.get_future().get().sleeps - first.get_future().get().sleeps;
  guard.reset();
  loop.join();
  return sleeps;
}

TEST(loops, a_loop_without_spin_sleeps_between_pieces_of_work) {
  EXPECT_GE(sleeps_between_posts(0us), 10);
}

TEST(loops, the_idle_spin_keeps_a_loop_awake_between_pieces_of_work_that_come_sooner) {
  // A 100 ms spin covers the 1 ms gaps: the thread yields but never blocks.
  EXPECT_LE(sleeps_between_posts(100ms), 2);
}

TEST(loops, an_idle_loop_stops_spinning_and_sleeps) {
  asio::io_context ctx(1);
  auto guard = asio::make_work_guard(ctx);
  std::thread loop([&] { loops::run_context(ctx, 2ms); });
  std::promise<thread_usage> before, after;
  asio::post(ctx, [&] { before.set_value(this_thread_usage()); });
  auto start = before.get_future().get();
  std::this_thread::sleep_for(300ms);  // the spin lasts 2 ms of this; then the loop sleeps
  asio::post(ctx, [&] { after.set_value(this_thread_usage()); });
  auto end = after.get_future().get();
  guard.reset();
  loop.join();
  EXPECT_LT(end.cpu - start.cpu, 100ms) << "the loop kept spinning while idle";
  EXPECT_GE(end.sleeps - start.sleeps, 1);
}

TEST(loops, a_spinning_loop_returns_when_out_of_work_and_when_stopped) {
  asio::io_context ctx(1);
  int ran = 0;
  asio::steady_timer timer(ctx, 5ms);
  timer.async_wait([&](auto) { ++ran; });
  asio::post(ctx, [&] { ++ran; });
  loops::run_context(ctx, 1ms);  // returns once the timer has fired: no work left
  EXPECT_EQ(ran, 2);

  asio::io_context other(1);
  auto guard = asio::make_work_guard(other);  // never out of work: only stop() ends it
  std::thread stopper([&] {
    std::this_thread::sleep_for(20ms);
    other.stop();
  });
  loops::run_context(other, 1ms);
  stopper.join();
  EXPECT_TRUE(other.stopped());
}

TEST(loops, every_loop_runs_its_handlers_on_its_own_thread_with_the_spin) {
  loops l(2, 50us);
  std::atomic<int> done{0};
  std::thread::id ids[2];
  for (unsigned i = 0; i < 2; ++i)
    asio::post(l.at(i), [&, i] {
      ids[i] = std::this_thread::get_id();
      EXPECT_EQ(loops::current(), &l.at(i));
      ++done;
    });
  l.run(/*blocking=*/false);
  while (done.load() < 2) std::this_thread::sleep_for(1ms);
  l.stop();
  l.join();
  EXPECT_NE(ids[0], ids[1]);
}

}  // namespace
}  // namespace strata
