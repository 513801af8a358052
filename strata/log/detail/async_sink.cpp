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

// This thread's staging; null before its first line and after its exit. Trivially destructible,
// so it stays readable while the thread's other thread-local objects are destroyed.
thread_local async_sink::staging* this_threads_staging = nullptr;
thread_local bool this_thread_has_ended = false;

// Constructed on a thread's first line; its destructor at the thread's exit hands the staging over.
struct staging_release {
  ~staging_release() {
    if (auto* s = std::exchange(this_threads_staging, nullptr)) async_sink::instance().orphan(s);
    this_thread_has_ended = true;
  }
};

}  // namespace

async_sink& async_sink::instance() {
  static async_sink* sink = [] {
    auto* s = new async_sink;
    std::atexit([] { instance().shutdown(); });
    // The writer thread does not survive fork(): the child starts its own on its first record.
    ::pthread_atfork([] { instance().before_fork(); }, [] { instance().after_fork_in_parent(); },
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
  writer_id_ = thread_->get_id();
  running_ = true;
  shared_only_.store(false, std::memory_order_release);
}

async_sink::staging* async_sink::staging_of_this_thread() {
  if (this_threads_staging || this_thread_has_ended) return this_threads_staging;
  static thread_local staging_release release;  // first use registers its destructor
  (void)release;
  auto* s = new staging;
  {
    std::lock_guard lock(mutex_);
    stagings_.push_back(s);
  }
  this_threads_staging = s;
  return s;
}

void async_sink::orphan(staging* s) {
  std::lock_guard lock(s->m);
  s->orphaned = true;
}

void async_sink::kick() {
  {
    std::lock_guard lock(mutex_);
    kicked_ = true;
  }
  wake_.notify_one();
}

bool async_sink::has_room(staging& s, std::size_t n) {
  std::lock_guard lock(s.m);
  return fits(s.lines.size(), n);
}

bool async_sink::start_writer() {
  std::lock_guard lock(mutex_);
  if (!running_ && !stopping_ && !stopped_) start_locked();
  return !shared_only_.load(std::memory_order_relaxed);
}

void async_sink::push(std::string_view line) {
  // The first line starts the writer and is staged like the rest: a line in the shared queue is
  // written after the stagings' lines of its round, which would put it behind its thread's later lines.
  if (shared_only_.load(std::memory_order_acquire) && !start_writer()) return push_shared(line);
  staging* s = staging_of_this_thread();
  if (!s) return push_shared(line);
  for (;;) {
    std::unique_lock lock(s->m);
    if (shared_only_.load(std::memory_order_acquire)) {  // the writer stopped meanwhile
      lock.unlock();
      return push_shared(line);
    }
    const std::size_t before = s->lines.size();
    if (fits(before, line.size())) {
      s->lines += line;
      ++s->count;
      lock.unlock();
      // Wake the writer for the first record after it went idle, and once more when this staging
      // grows big while it lingers; a notify per record was a futex call each.
      const std::size_t mark = wake_bytes();
      if ((before == 0 && writer_idle_.load(std::memory_order_acquire) && writer_idle_.exchange(false)) ||
          (before < mark && before + line.size() >= mark && writer_lingering_.load(std::memory_order_acquire) &&
           writer_lingering_.exchange(false)))
        kick();
      return;
    }
    lock.unlock();
    if (drops_when_full()) {
      dropped_.fetch_add(1, std::memory_order_relaxed);
      return;
    }
    std::unique_lock big(mutex_);
    ++blocked_;
    kicked_ = true;
    wake_.notify_one();
    progress_.wait(big, [&] { return stopped_ || shared_only_.load() || has_room(*s, line.size()); });
    --blocked_;
  }
}

void async_sink::push_shared(std::string_view line) {
  std::unique_lock lock(mutex_);
  if (stopped_) {  // after exit's flush: no writer any more, so write here
    write_now_locked(line);
    return;
  }
  if (!running_) start_locked();
  if (!fits(queue_.size(), line.size())) {
    if (drops_when_full()) {
      dropped_.fetch_add(1, std::memory_order_relaxed);
      return;
    }
    ++blocked_;
    kicked_ = true;
    wake_.notify_one();
    progress_.wait(lock, [&] {
      return fits(queue_.size(), line.size()) || stopped_;
    });
    --blocked_;
    if (stopped_) {
      write_now_locked(line);
      return;
    }
  }
  queue_ += line;
  ++queued_count_;
  kicked_ = true;
  lock.unlock();
  wake_.notify_one();
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

bool async_sink::anything_staged_locked() {
  if (!queue_.empty()) return true;
  for (staging* s : stagings_) {
    std::lock_guard lock(s->m);
    if (!s->lines.empty()) return true;
  }
  return false;
}

void async_sink::writer_loop() {
  std::unique_lock lock(mutex_);
  for (;;) {
    // Idle until a record comes. Set before looking, so a pusher that appends after the look
    // sees it and wakes us (its staging's mutex orders the two).
    writer_idle_.store(true);
    wake_.wait(lock, [&] {
      return stopping_ || (!paused_ && (flush_target_ > rounds_done_ || kicked_ || anything_staged_locked()));
    });
    writer_idle_.store(false);
    kicked_ = false;
    // Linger a little so one write(2) carries many lines, unless flushed, stopping or full enough.
    writer_lingering_.store(true);
    wake_.wait_for(lock, linger, [&] {
      return stopping_ || paused_ || kicked_ || blocked_ > 0 || flush_target_ > rounds_done_;
    });
    writer_lingering_.store(false);
    kicked_ = false;
    if (paused_ && !stopping_) continue;
    write_round(lock);
    if (stopping_ && !anything_staged_locked()) {
      // No staging takes lines any more (shutdown() made sure) and all is written: later records
      // are written by their callers.
      stopped_ = true;
      running_ = false;
      break;
    }
  }
  lock.unlock();
  progress_.notify_all();
}

// One round, entered and left with the mutex held: take every staging's lines and the shared
// queue, write them outside the locks, free the stagings of ended threads, announce drops.
void async_sink::write_round(std::unique_lock<std::mutex>& lock) {
  static thread_local std::string shared_batch, buf;
  static thread_local std::vector<staging*> taken;
  taken.clear();
  for (staging* s : stagings_) {
    std::lock_guard g(s->m);
    if (s->lines.empty()) continue;
    s->taken.swap(s->lines);
    s->taken_count = std::exchange(s->count, 0);
    taken.push_back(s);
  }
  shared_batch.swap(queue_);
  const std::uint64_t shared_count = std::exchange(queued_count_, 0);
  const int fd = fd_;
  const bool pretty = pretty_, color = color_;
  writing_ = true;
  busy_.store(true, std::memory_order_release);
  lock.unlock();
  progress_.notify_all();  // room for blocked pushers

  // The stagings' lines first: a thread's lines reach the shared queue only after its staging is gone.
  for (staging* s : taken) {
    write_lines(fd, pretty, color, s->taken, s->taken_count, buf);
    s->taken.clear();
    if (s->taken.capacity() > (1u << 20)) std::string().swap(s->taken);  // one burst does not pin its memory
  }
  if (!shared_batch.empty()) write_lines(fd, pretty, color, shared_batch, shared_count, buf);
  shared_batch.clear();
  if (shared_batch.capacity() > (1u << 20)) std::string().swap(shared_batch);

  lock.lock();
  std::erase_if(stagings_, [](staging* s) {
    bool gone;
    {
      std::lock_guard g(s->m);
      gone = s->orphaned && s->lines.empty();
    }
    if (gone) delete s;
    return gone;
  });
  // Say how many records were lost since the last notice.
  std::uint64_t dropped = dropped_.load(std::memory_order_relaxed);
  if (dropped > reported_) {
    std::uint64_t n = dropped - reported_;
    reported_ = dropped;
    lock.unlock();
    write_lines(fd, pretty, color, drop_notice(n), 1, buf);
    lock.lock();
  }
  ++rounds_done_;
  writing_ = false;
  busy_.store(false, std::memory_order_release);
  progress_.notify_all();
}

bool async_sink::flush(std::chrono::milliseconds timeout) {
  std::unique_lock lock(mutex_);
  if (stopped_ || !running_) return true;  // nothing waits for a writer then
  // A round that starts after this line takes everything queued before the call; one already
  // writing may have taken only part of it.
  const bool staged = anything_staged_locked();
  if (!staged && !writing_) return true;
  const std::uint64_t target = rounds_done_ + (staged && writing_ ? 2 : 1);
  flush_target_ = std::max(flush_target_, target);
  wake_.notify_one();
  return progress_.wait_for(lock, timeout, [&] { return rounds_done_ >= target || stopped_; });
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
    capacity_.store(o.buffer_bytes, std::memory_order_relaxed);
    on_full_.store(o.on_full, std::memory_order_relaxed);
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

std::size_t async_sink::thread_buffers() {
  std::lock_guard lock(mutex_);
  return stagings_.size();
}

void async_sink::write_queued_from_signal() noexcept {
  // Give a round in flight a moment to land (the writer may be the crashing thread: then it never
  // does, hence the bound).
  for (int i = 0; i < 200 && busy_.load(std::memory_order_acquire); ++i) {
    timespec ts{0, 1000000};
    ::nanosleep(&ts, nullptr);
  }
  // Another thread may hold a lock for a moment (the writer checking for work, a thread appending
  // a line): try again for a while. If the crashing thread itself holds one, it never comes free:
  // then that part is not written rather than deadlocking in the handler.
  auto try_for_a_while = [](std::mutex& m) {
    bool locked = m.try_lock();
    for (int i = 0; i < 200 && !locked; ++i) {
      timespec ts{0, 1000000};
      ::nanosleep(&ts, nullptr);
      locked = m.try_lock();
    }
    return locked;
  };
  if (!try_for_a_while(mutex_)) return;
  if (!stopped_ && !signal_written_.load(std::memory_order_relaxed)) {
    for (staging* s : stagings_) {
      if (!try_for_a_while(s->m)) continue;
      write_all(fd_, s->lines);
      s->m.unlock();
    }
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
    // From here on lines go to the shared queue. A pusher reads the flag under its staging's
    // mutex: once each has been taken here, none is still appending to a staging.
    shared_only_.store(true);
    for (staging* s : stagings_) std::lock_guard g(s->m);
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

void async_sink::before_fork() {
  mutex_.lock();
  for (staging* s : stagings_) s->m.lock();
}

void async_sink::after_fork_in_parent() {
  for (staging* s : stagings_) s->m.unlock();
  mutex_.unlock();
}

void async_sink::after_fork_in_child() {
  // Only the forking thread exists here, and it holds every lock (before_fork took them). The
  // parent writes what was queued; the child starts clean, keeping only this thread's staging.
  // The condition variables may have had waiters that do not exist here, so they are made anew.
  thread_ = nullptr;  // abandoned: destroying a joinable std::thread would terminate
  writer_id_ = {};
  running_ = stopping_ = paused_ = kicked_ = writing_ = false;
  blocked_ = 0;
  writer_idle_.store(false);
  writer_lingering_.store(false);
  busy_.store(false);
  shared_only_.store(true);
  queue_.clear();
  queued_count_ = 0;
  flush_target_ = rounds_done_;
  std::erase_if(stagings_, [](staging* s) {
    s->lines.clear();
    s->count = 0;
    s->taken.clear();
    s->m.unlock();
    if (s == this_threads_staging) return false;
    delete s;  // its thread does not exist here
    return true;
  });
  new (&wake_) std::condition_variable;
  new (&progress_) std::condition_variable;
  refresh_process_id();
  mutex_.unlock();
}

}  // namespace strata::log::detail
