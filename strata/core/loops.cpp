#include <strata/core/loops.hpp>

namespace strata {
namespace {
thread_local boost::asio::io_context* this_loop = nullptr;

void run_loop(boost::asio::io_context& ctx) {
  this_loop = &ctx;
  ctx.run();
  this_loop = nullptr;
}
}  // namespace

loops::loops(unsigned threads) {
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
  for (unsigned i = blocking ? 1 : 0; i < contexts_.size(); ++i)
    threads_.emplace_back([ctx = contexts_[i].get()] { run_loop(*ctx); });
  if (blocking) run_loop(*contexts_[0]);
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
