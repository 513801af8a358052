#include <strata/core/loops.hpp>

#include <sched.h>

namespace strata {
namespace {
thread_local boost::asio::io_context* this_loop = nullptr;

// Polls `ctx` until a handler runs or `spin` has passed; the number of handlers run. Between polls
// the thread yields, so a runnable thread on the same core (the load generator, another loop) gets
// the CPU meanwhile; what the yields cost is below.
std::size_t spin_for_work(boost::asio::io_context& ctx, std::chrono::microseconds spin) {
  const auto until = std::chrono::steady_clock::now() + spin;
  do {
    ::sched_yield();
    if (std::size_t n = ctx.poll(); n > 0 || ctx.stopped()) return n;
  } while (std::chrono::steady_clock::now() < until);
  return 0;
}
}  // namespace

// Why spin: a loop that sleeps in epoll_wait the moment its queue is empty is woken again a few
// microseconds later under load, and each sleep and wake-up is two context switches, which cost
// more than serving a small request. Measured on 2 cores with wrk beside two loops: /json went
// from about 0.80 to 1.05 of the raw-epoll limit server with a 20 µs spin.
// Why it is off by default: beside other busy processes (a database on the same cores) the yields
// cost latency. TechEmpower /db kept its throughput but its p99 went from 2.3 ms to 15-29 ms with
// any spin from 2 to 20 µs; the same spin without the yield left p99 at 2.4 ms. The likely cause:
// the kernel's EEVDF scheduler moves a yielding thread's deadline back by a time slice per yield,
// so a loop that yields thousands of times a second is served last once it has work. Without the
// yield, though, the spin takes the CPU from the load generator and /json gains nothing.
// An idle loop still sleeps after its spin.
void loops::run_context(boost::asio::io_context& ctx, std::chrono::microseconds idle_spin) {
  if (idle_spin.count() <= 0) {
    ctx.run();
    return;
  }
  for (;;) {
    if (ctx.poll() > 0) continue;  // runs everything ready, the reactor included, without blocking
    if (ctx.stopped()) return;      // stop() or out of work, as run() would return
    if (spin_for_work(ctx, idle_spin) > 0) continue;
    if (ctx.stopped() || ctx.run_one() == 0) return;  // sleeps until the next handler
  }
}

loops::loops(unsigned threads, std::chrono::microseconds idle_spin) : idle_spin_(idle_spin) {
  if (threads == 0) threads = std::max(1u, std::thread::hardware_concurrency());
  contexts_.reserve(threads);
  // Concurrency hint 1: each context is run by exactly one thread, so Asio skips most locking.
  for (unsigned i = 0; i < threads; ++i) contexts_.push_back(std::make_unique<boost::asio::io_context>(1));
}

loops::~loops() {
  stop();
  join();
}

void loops::run(bool blocking) {
  auto run_loop_thread = [spin = idle_spin_](boost::asio::io_context& ctx) {
    this_loop = &ctx;
    run_context(ctx, spin);
    this_loop = nullptr;
  };
  for (unsigned i = blocking ? 1 : 0; i < contexts_.size(); ++i)
    threads_.emplace_back([ctx = contexts_[i].get(), run_loop_thread] { run_loop_thread(*ctx); });
  if (blocking) run_loop_thread(*contexts_[0]);
}

void loops::stop() {
  for (auto& c : contexts_) c->stop();
}

void loops::join() {
  for (auto& t : threads_)
    if (t.joinable() && t.get_id() != std::this_thread::get_id()) t.join();
  threads_.clear();
}

boost::asio::io_context* loops::current() { return this_loop; }

}  // namespace strata
