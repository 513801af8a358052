// async_sink: the bounded queue of formatted lines and the one writer thread that drains it.
// A push holds the mutex only to append the line to one buffer of queued lines (no allocation
// once the buffers have grown); the writer swaps that buffer out and writes it with write(2)
// outside the lock. Leaked on purpose so records logged during static
// destruction still have somewhere to go.
#pragma once
#include <strata/log/detail/redact.hpp>
#include <strata/log/sink.hpp>

#include <atomic>
#include <algorithm>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

namespace strata::log::detail {

class async_sink {
public:
  static async_sink& instance();

  // Queues one line (ending in '\n'). With overflow::drop it never waits: a full buffer drops
  // the line and counts it.
  void push(std::string_view line);
  void apply(const options& o);
  bool flush(std::chrono::milliseconds timeout);
  std::uint64_t dropped() const { return dropped_.load(std::memory_order_relaxed); }
  // The redaction in force. Never null; replaced ones are retired, not freed, because a thread
  // may be formatting with one while configure() swaps it.
  const redactor& redaction() const { return *redactor_.load(std::memory_order_acquire); }

  // Tests: hold the writer so records stay queued (returns once the writer holds no batch).
  void pause_writer();
  void resume_writer();

  // From a fatal-signal handler: writes what is queued with write(2), without waiting for the
  // lock (try_lock) and without allocating. Best effort.
  void write_queued_from_signal() noexcept;
  // At exit: writes everything, stops the writer; later records are written synchronously.
  void shutdown();

private:
  async_sink();
  void start_locked();
  void writer_loop();
  // `lines`: whole lines, each ending in '\n'; `count` of them.
  void write_lines(int fd, bool pretty, bool color, std::string_view lines, std::uint64_t count, std::string& buf);
  std::string drop_notice(std::uint64_t n) const;
  void write_now_locked(std::string_view line);
  void after_fork_in_child();

  std::mutex mutex_;
  std::condition_variable wake_;     // the writer waits here for records
  std::condition_variable progress_;  // flush() and blocked pushers wait here
  std::string queue_;  // the queued lines, concatenated
  std::uint64_t flush_target_ = 0;  // flush() wants records up to this one written now
  std::size_t queued_bytes_ = 0;
  std::uint64_t pushed_ = 0;   // records queued so far
  std::uint64_t written_ = 0;  // records handled by the writer so far (written or lost)
  std::uint64_t reported_ = 0; // drops already announced by a notice
  std::atomic<std::uint64_t> dropped_{0};

  // The destination; changed by apply() under the mutex, read by the writer per batch.
  int fd_ = 1;
  int owned_fd_ = -1;
  bool pretty_ = false;
  bool color_ = false;
  std::size_t capacity_ = 4 << 20;
  // The writer gathers records for up to `linger`, or until a quarter of the buffer (at most
  // 1 MiB) is queued: one write(2) and one wake-up per batch instead of per line.
  static constexpr std::chrono::milliseconds linger{10};
  std::size_t wake_bytes() const { return std::min<std::size_t>(1 << 20, capacity_ / 4); }
  overflow on_full_ = overflow::drop;
  std::atomic<const redactor*> redactor_;
  std::vector<std::unique_ptr<redactor>> retired_;

  std::thread* thread_ = nullptr;  // a pointer: a forked child must abandon it, not destroy it
  bool running_ = false;
  bool stopping_ = false;
  bool stopped_ = false;
  bool paused_ = false;
  bool writer_waiting_ = false;    // for records: the first one wakes it
  bool writer_lingering_ = false;  // gathering a batch: woken only if it grows past wake_bytes()
  bool writing_ = false;
  std::atomic<bool> busy_{false};            // the writer holds a batch (read by the signal handler)
  std::atomic<bool> signal_written_{false};  // the signal handler wrote the queue
};

}  // namespace strata::log::detail
