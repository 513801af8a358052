// async_sink: the formatted lines not yet written, and the one writer thread that writes them.
// Each logging thread appends to a staging buffer of its own under a lock only it and the writer
// take, so a busy loop thread touches no memory another logging thread writes; the writer swaps
// the buffers out every few milliseconds and writes them with write(2) outside every lock.
// Lines of one thread keep their order; lines of different threads are grouped per thread within
// a round. A thread whose staging is gone (at its exit) and the time after the writer stops use
// one shared queue instead. Leaked on purpose so records logged during static destruction still
// have somewhere to go.
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
  // Tests: the threads' buffers in use (a thread's is freed after its exit, once written).
  std::size_t thread_buffers();

  // From a fatal-signal handler: writes what is queued with write(2), without waiting for a
  // lock (try_lock) and without allocating. Best effort.
  void write_queued_from_signal() noexcept;
  // At exit: writes everything, stops the writer; later records are written synchronously.
  void shutdown();

  // One thread's lines not yet taken by the writer. `lines` belongs to the thread under `m`;
  // `taken` belongs to the writer (what it swapped out and is writing).
  struct staging {
    std::mutex m;
    std::string lines;
    std::uint64_t count = 0;
    bool orphaned = false;  // its thread has ended: the writer frees it once it is empty
    std::string taken;
    std::uint64_t taken_count = 0;
  };
  // A thread's exit: its staging is left to the writer.
  void orphan(staging* s);

private:
  async_sink();
  bool start_writer();  // true when lines may be staged
  staging* staging_of_this_thread();
  void push_shared(std::string_view line);
  void kick();
  bool anything_staged_locked();
  bool has_room(staging& s, std::size_t n);
  // Whether a line of `n` bytes may join `queued` bytes. An empty buffer takes any line, however
  // large, so one big record is never lost for size alone.
  bool fits(std::size_t queued, std::size_t n) const {
    return queued == 0 || queued + n <= capacity_.load(std::memory_order_relaxed);
  }
  // overflow::drop, or the writer itself logging: it cannot wait for room it makes.
  bool drops_when_full() const {
    return on_full_.load(std::memory_order_relaxed) == overflow::drop || std::this_thread::get_id() == writer_id_;
  }
  void start_locked();
  void writer_loop();
  void write_round(std::unique_lock<std::mutex>& lock);
  // `lines`: whole lines, each ending in '\n'; `count` of them.
  void write_lines(int fd, bool pretty, bool color, std::string_view lines, std::uint64_t count, std::string& buf);
  std::string drop_notice(std::uint64_t n) const;
  void write_now_locked(std::string_view line);
  void before_fork();
  void after_fork_in_parent();
  void after_fork_in_child();

  std::mutex mutex_;  // taken before any staging's mutex, never after
  std::condition_variable wake_;     // the writer waits here for records
  std::condition_variable progress_;  // flush() and blocked pushers wait here
  std::vector<staging*> stagings_;
  std::string queue_;  // the shared queue: lines of threads without a staging, concatenated
  std::uint64_t queued_count_ = 0;
  std::uint64_t rounds_done_ = 0;   // rounds of collecting and writing finished
  std::uint64_t flush_target_ = 0;  // flush() waits for this round
  std::uint64_t reported_ = 0;      // drops already announced by a notice
  std::atomic<std::uint64_t> dropped_{0};

  // The destination; changed by apply() under the mutex, read by the writer per round.
  int fd_ = 1;
  int owned_fd_ = -1;
  bool pretty_ = false;
  bool color_ = false;
  std::atomic<std::size_t> capacity_{4 << 20};  // per staging, and for the shared queue
  // The writer gathers records for up to `linger`, or until one staging holds a quarter of the
  // capacity (at most 1 MiB): one write(2) and one wake-up per thread and round, not per line.
  static constexpr std::chrono::milliseconds linger{10};
  std::size_t wake_bytes() const { return std::min<std::size_t>(1 << 20, capacity_.load(std::memory_order_relaxed) / 4); }
  std::atomic<overflow> on_full_{overflow::drop};
  std::atomic<const redactor*> redactor_;
  std::vector<std::unique_ptr<redactor>> retired_;

  std::thread* thread_ = nullptr;  // a pointer: a forked child must abandon it, not destroy it
  std::thread::id writer_id_;
  // False while stagings may be used: the writer runs and is not stopping. Read under a staging's
  // mutex by pushers, so shutdown() can tell when no push into a staging is in flight any more.
  std::atomic<bool> shared_only_{true};
  bool running_ = false;
  bool stopping_ = false;
  bool stopped_ = false;
  bool paused_ = false;
  bool kicked_ = false;  // a pusher asked for a round (first line after idle, a big staging, a block)
  bool writing_ = false;
  int blocked_ = 0;  // pushers waiting for room (overflow::block): the writer does not linger then
  // Read by pushers without the mutex: whether their line must wake the writer.
  std::atomic<bool> writer_idle_{false};       // waiting for records: the first one wakes it
  std::atomic<bool> writer_lingering_{false};  // gathering: woken only by a staging past wake_bytes()
  std::atomic<bool> busy_{false};            // the writer holds a round (read by the signal handler)
  std::atomic<bool> signal_written_{false};  // the signal handler wrote the queue
};

}  // namespace strata::log::detail
