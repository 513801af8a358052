// loops: one Asio io_context per thread, shared-nothing. A connection, a timer or a pool lives on
// one loop for its whole life; work crosses loops only by post().
#pragma once
#include <boost/asio/io_context.hpp>

#include <chrono>
#include <memory>
#include <thread>
#include <vector>

namespace strata {

class loops {
public:
  // threads == 0 means one per core. idle_spin: how long a loop that ran out of ready work keeps
  // looking for more (yielding the CPU between looks) before it sleeps in the kernel; 0 never.
  // It pays where the loops have the cores to themselves and hurts latency where other busy
  // processes share them (see loops.cpp).
  explicit loops(unsigned threads = 0, std::chrono::microseconds idle_spin = std::chrono::microseconds(0));
  ~loops();
  loops(const loops&) = delete;
  loops& operator=(const loops&) = delete;

  unsigned size() const { return static_cast<unsigned>(contexts_.size()); }
  boost::asio::io_context& at(unsigned i) { return *contexts_[i]; }

  // Runs every loop on its own thread (loop 0 on the caller's thread when blocking is true).
  void run(bool blocking = true);
  // Stops every loop at once (pending handlers are dropped); join() waits for the threads.
  void stop();
  void join();

  // The loop that runs the calling thread, or nullptr outside loop threads.
  static boost::asio::io_context* current();

  // Runs `ctx` on the calling thread until it is stopped or out of work, like ctx.run(), with the
  // idle spin described above.
  static void run_context(boost::asio::io_context& ctx, std::chrono::microseconds idle_spin);

private:
  std::vector<std::unique_ptr<boost::asio::io_context>> contexts_;
  std::vector<std::jthread> threads_;
  std::chrono::microseconds idle_spin_;
};

}  // namespace strata
