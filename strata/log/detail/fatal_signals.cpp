// The fatal-signal handler. It only reads the queue under try_lock, calls write(2), nanosleep(2),
// sigaction(2) and raise(3): nothing that allocates or waits for a lock.
#include <strata/log/detail/async_sink.hpp>
#include <strata/log/detail/fatal_signals.hpp>

#include <signal.h>

#include <array>
#include <mutex>

namespace strata::log::detail {

namespace {

constexpr std::array<int, 5> fatal_signals = {SIGSEGV, SIGABRT, SIGBUS, SIGFPE, SIGILL};

struct saved_actions {
  std::mutex mutex;  // install/uninstall only, never the handler
  bool installed = false;
  std::array<struct sigaction, fatal_signals.size()> previous{};
};

saved_actions& saved() {
  static auto* s = new saved_actions;
  return *s;
}

void on_fatal_signal(int sig, siginfo_t* info, void*) {
  async_sink::instance().write_queued_from_signal();
  auto& s = saved();
  for (std::size_t i = 0; i < fatal_signals.size(); ++i)
    if (fatal_signals[i] == sig) ::sigaction(sig, &s.previous[i], nullptr);
  // A fault the kernel raised (si_code > 0) happens again when the handler returns, now under the
  // previous action, with its original address (sanitizers report it properly). One sent by
  // kill(), raise() or abort() does not recur, so it is sent again.
  if (!info || info->si_code <= 0) ::raise(sig);
}

}  // namespace

void install_fatal_signal_handlers() {
  auto& s = saved();
  std::lock_guard lock(s.mutex);
  if (s.installed) return;
  struct sigaction action {};
  action.sa_sigaction = on_fatal_signal;
  action.sa_flags = SA_SIGINFO | SA_ONSTACK;  // SA_ONSTACK: a stack overflow needs an alternate stack
  ::sigemptyset(&action.sa_mask);
  for (std::size_t i = 0; i < fatal_signals.size(); ++i) ::sigaction(fatal_signals[i], &action, &s.previous[i]);
  s.installed = true;
}

void uninstall_fatal_signal_handlers() {
  auto& s = saved();
  std::lock_guard lock(s.mutex);
  if (!s.installed) return;
  for (std::size_t i = 0; i < fatal_signals.size(); ++i) ::sigaction(fatal_signals[i], &s.previous[i], nullptr);
  s.installed = false;
}

}  // namespace strata::log::detail
