// The queue, the writer thread, and the sink's life around configure(), exit and fork.
#include <strata/log/detail/async_sink.hpp>
#include <strata/log/detail/fatal_signals.hpp>
#include <strata/log/detail/pretty.hpp>
#include <strata/log/detail/record.hpp>

#include <fcntl.h>
#include <poll.h>
#include <pthread.h>
#include <signal.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <new>
#include <system_error>

namespace strata::log::detail {

namespace {

// write(2) until done; false when the destination fails. A non-blocking destination that is full
// is waited for: only the writer thread does this, never a caller.
bool write_all(int fd, std::string_view data) noexcept {
  while (!data.empty()) {
    ssize_t n = ::write(fd, data.data(), data.size());
    if (n > 0) {
      data.remove_prefix(static_cast<std::size_t>(n));
    } else if (n < 0 && errno == EINTR) {
      continue;
    } else if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) {
      pollfd p{fd, POLLOUT, 0};
      ::poll(&p, 1, 100);
    } else {
      return false;
    }
  }
  return true;
}

}  // namespace

async_sink& async_sink::instance() {
  static async_sink* sink = [] {
    auto* s = new async_sink;
    std::atexit([] { instance().shutdown(); });
    // The writer thread does not survive fork(): the child starts its own on its first record.
    ::pthread_atfork([] { instance().mutex_.lock(); }, [] { instance().mutex_.unlock(); },
                     [] { instance().after_fork_in_child(); });
    return s;
  }();
  return *sink;
}

async_sink::async_sink() {
  auto none = std::make_unique<redactor>(std::vector<std::string>{});
  redactor_.store(none.get(), std::memory_order_release);
  retired_.push_back(std::move(none));
  install_fatal_signal_handlers();
}

void async_sink::start_locked() {
  // The writer takes no asynchronous signal (SIGTERM must reach the server's loops) and gets
  // EPIPE rather than SIGPIPE from a reader that went away; fault signals stay deliverable.
  sigset_t all, old;
  ::sigfillset(&all);
  for (int s : {SIGSEGV, SIGBUS, SIGFPE, SIGILL, SIGABRT}) ::sigdelset(&all, s);
  ::pthread_sigmask(SIG_BLOCK, &all, &old);
  thread_ = new std::thread([this] { writer_loop(); });
  ::pthread_sigmask(SIG_SETMASK, &old, nullptr);
  running_ = true;
}

void async_sink::push(std::string_view line) {
  std::unique_lock lock(mutex_);
  if (stopped_) {  // after exit's flush: no writer any more, so write here
    write_now_locked(line);
    return;
  }
  if (!running_) start_locked();
  if (!queue_.empty() && queued_bytes_ + line.size() > capacity_) {
    // An empty queue takes any record, however large, so one big record is never lost for size alone.
    if (on_full_ == overflow::drop || std::this_thread::get_id() == thread_->get_id()) {
      dropped_.fetch_add(1, std::memory_order_relaxed);
      return;
    }
    progress_.wait(lock, [&] { return queue_.empty() || queued_bytes_ + line.size() <= capacity_ || stopped_; });
    if (stopped_) {
      write_now_locked(line);
      return;
    }
  }
  queued_bytes_ += line.size();
  queue_ += line;
  ++pushed_;
  // Waking the writer per record costs two context switches a line on a busy machine: wake it for
  // the first record of a batch, and once more if the batch grows big while it lingers to gather
  // the rest (on crossing the mark only: a notify per record past it was a futex call each).
  bool wake = (writer_waiting_ && queued_bytes_ == line.size()) ||
              (writer_lingering_ && queued_bytes_ >= wake_bytes() && queued_bytes_ - line.size() < wake_bytes());
  lock.unlock();
  if (wake) wake_.notify_one();
}

void async_sink::write_now_locked(std::string_view line) {
  if (!pretty_) {
    write_all(fd_, line);
    return;
  }
  std::string buf;
  append_pretty(buf, line, color_);
  write_all(fd_, buf);
}

std::string async_sink::drop_notice(std::uint64_t n) const {
  std::string line = "{\"level\":40,\"time\":";
  append_json_number(line, epoch_ms());
  line += ",\"pid\":";
  append_json_number(line, static_cast<std::int64_t>(process_id()));
  line += ",\"hostname\":";
  line += hostname_json();
  line += ",\"dropped\":";
  append_json_number(line, n);
  line += ",\"msg\":\"log records dropped\"}\n";
  return line;
}

void async_sink::write_lines(int fd, bool pretty, bool color, std::string_view lines, std::uint64_t count,
                             std::string& buf) {
  bool ok;
  if (pretty) {
    buf.clear();
    // JSON text never holds a raw newline, so '\n' ends each line.
    while (!lines.empty()) {
      auto end = lines.find('\n');
      auto line = lines.substr(0, end == std::string_view::npos ? lines.size() : end + 1);
      append_pretty(buf, line, color);
      lines.remove_prefix(line.size());
    }
    ok = write_all(fd, buf);
    if (buf.capacity() > (1u << 20)) std::string().swap(buf);  // one burst does not pin its memory
  } else {
    ok = write_all(fd, lines);
  }
  if (!ok) dropped_.fetch_add(count, std::memory_order_relaxed);
}

void async_sink::writer_loop() {
  std::string batch;
  std::string buf;
  std::unique_lock lock(mutex_);
  for (;;) {
    writer_waiting_ = true;
    wake_.wait(lock, [&] { return stopping_ || (!paused_ && !queue_.empty()); });
    writer_waiting_ = false;
    // Linger a little so one write(2) carries many lines, unless flushed, stopping or full enough.
    writer_lingering_ = true;
    wake_.wait_for(lock, linger, [&] {
      return stopping_ || paused_ || queued_bytes_ >= wake_bytes() || flush_target_ > written_;
    });
    writer_lingering_ = false;
    if (queue_.empty() && stopping_) break;
    if (paused_ || queue_.empty()) continue;
    batch.swap(queue_);
    queued_bytes_ = 0;
    const std::uint64_t upto = pushed_;
    const std::uint64_t count = pushed_ - written_;
    const int fd = fd_;
    const bool pretty = pretty_, color = color_;
    writing_ = true;
    busy_.store(true, std::memory_order_release);
    lock.unlock();
    progress_.notify_all();  // room for blocked pushers

    write_lines(fd, pretty, color, batch, count, buf);
    batch.clear();
    if (batch.capacity() > (4u << 20)) std::string().swap(batch);  // one burst does not pin its memory

    lock.lock();
    // Caught up: say how many records were lost since the last notice.
    std::uint64_t dropped = dropped_.load(std::memory_order_relaxed);
    if (queue_.empty() && dropped > reported_) {
      std::uint64_t n = dropped - reported_;
      reported_ = dropped;
      lock.unlock();
      write_lines(fd, pretty, color, drop_notice(n), 1, buf);
      lock.lock();
    }
    written_ = upto;
    writing_ = false;
    busy_.store(false, std::memory_order_release);
    progress_.notify_all();
  }
}

bool async_sink::flush(std::chrono::milliseconds timeout) {
  std::unique_lock lock(mutex_);
  if (stopped_) return true;
  const std::uint64_t target = pushed_;
  if (written_ >= target) return true;
  if (!running_) start_locked();
  flush_target_ = std::max(flush_target_, target);
  wake_.notify_one();
  return progress_.wait_for(lock, timeout, [&] { return written_ >= target || stopped_; });
}

void async_sink::apply(const options& o) {
  auto red = std::make_unique<redactor>(o.redact, o.censor);  // throws before anything changes
  int opened = -1;
  if (!o.file.empty()) {
    opened = ::open(o.file.c_str(), O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0644);
    if (opened < 0) throw std::system_error(errno, std::generic_category(), "strata::log: cannot open " + o.file);
  }
  flush(std::chrono::seconds(10));
  int previous_owned;
  {
    std::unique_lock lock(mutex_);
    // The writer copies the destination per batch: wait until it holds none, so an old file
    // descriptor is not closed under it.
    progress_.wait(lock, [&] { return !writing_; });
    previous_owned = owned_fd_;
    owned_fd_ = opened;
    fd_ = opened >= 0 ? opened : o.destination;
    pretty_ = o.pretty;
    color_ = o.pretty && ::isatty(fd_) == 1;
    capacity_ = o.buffer_bytes;
    on_full_ = o.on_full;
    redactor_.store(red.get(), std::memory_order_release);
    retired_.push_back(std::move(red));
  }
  if (previous_owned >= 0) ::close(previous_owned);
  set_level("", o.level);
  if (o.catch_fatal_signals) install_fatal_signal_handlers();
  else uninstall_fatal_signal_handlers();
}

void async_sink::pause_writer() {
  std::unique_lock lock(mutex_);
  paused_ = true;
  progress_.wait(lock, [&] { return !writing_; });
}

void async_sink::resume_writer() {
  {
    std::lock_guard lock(mutex_);
    paused_ = false;
  }
  wake_.notify_one();
}

void async_sink::write_queued_from_signal() noexcept {
  // Give a batch in flight a moment to land (the writer may be the crashing thread: then it never
  // does, hence the bound).
  for (int i = 0; i < 200 && busy_.load(std::memory_order_acquire); ++i) {
    timespec ts{0, 1000000};
    ::nanosleep(&ts, nullptr);
  }
  // Another thread may hold the lock for a moment (the writer checking for work): try again for
  // a while. If the crashing thread itself holds it, it never comes free: then nothing is written
  // rather than deadlocking in the handler.
  bool locked = mutex_.try_lock();
  for (int i = 0; i < 200 && !locked; ++i) {
    timespec ts{0, 1000000};
    ::nanosleep(&ts, nullptr);
    locked = mutex_.try_lock();
  }
  if (!locked) return;
  if (!stopped_ && !signal_written_.load(std::memory_order_relaxed)) {
    write_all(fd_, queue_);
    signal_written_.store(true, std::memory_order_relaxed);
  }
  mutex_.unlock();
}

void async_sink::shutdown() {
  {
    std::lock_guard lock(mutex_);
    if (stopped_) return;
    paused_ = false;
  }
  wake_.notify_one();
  // A destination nobody reads (a full pipe) must not hang the exit for ever.
  bool flushed = signal_written_.load() || flush(std::chrono::seconds(10));
  std::thread* t;
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
    t = running_ ? thread_ : nullptr;
  }
  wake_.notify_one();
  if (t) {
    if (flushed) t->join();
    else t->detach();
  }
  std::lock_guard lock(mutex_);
  stopped_ = true;
  running_ = false;
}

void async_sink::after_fork_in_child() {
  // Only the forking thread exists here, and it holds the mutex (the prepare handler took it).
  // The parent writes what was queued; the child starts clean. The condition variables may have
  // had waiters that do not exist here, so they are made anew.
  thread_ = nullptr;  // abandoned: destroying a joinable std::thread would terminate
  running_ = stopping_ = paused_ = writer_waiting_ = writer_lingering_ = writing_ = false;
  busy_.store(false);
  queue_.clear();
  queued_bytes_ = 0;
  written_ = pushed_;
  new (&wake_) std::condition_variable;
  new (&progress_) std::condition_variable;
  refresh_process_id();
  mutex_.unlock();
}

}  // namespace strata::log::detail
