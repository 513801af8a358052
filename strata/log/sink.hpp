// sink: the process-wide destination of every logger. Records are formatted on the calling thread
// and queued in a buffer of the thread's own; one writer thread collects and writes them with
// write(2), so a loop thread never waits on log I/O nor on another thread's logging.
// Queued records are written on flush(), at exit and, best effort, on a fatal signal.
#pragma once
#include <strata/log/level.hpp>

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

namespace strata::log {

// What push does when the buffer is full.
enum class overflow : std::uint8_t {
  drop,   // the new record is dropped and counted (dropped()); never waits: right for loop threads
  block,  // the caller waits for room: for tools and batch jobs that must not lose a line
};

struct options {
  ::strata::log::level level = ::strata::log::level::info;  // the root logger's threshold
  int destination = 1;   // a file descriptor the caller keeps open; 1 is stdout
  std::string file;      // when set, records are appended to this file instead (opened here)
  bool pretty = false;   // human-readable lines for development; colours only on a terminal
  // Pino's redact.paths: "password", "req.headers.authorization", "*.password", "a[*].b".
  std::vector<std::string> redact;
  std::string censor = "[Redacted]";
  // Queued, unwritten bytes beyond this overflow. Each logging thread queues into a buffer of its
  // own, so this bounds each thread's backlog, not the sum.
  std::size_t buffer_bytes = 4 << 20;
  overflow on_full = overflow::drop;
  // SIGSEGV, SIGABRT, SIGBUS, SIGFPE, SIGILL: write what is queued, then the previous action.
  bool catch_fatal_signals = true;

  // LOG_LEVEL (trace ... fatal, silent) and LOG_PRETTY (1/true) from the environment over `base`.
  static options from_env();
  static options from_env(options base);
};

// Applies `o` to the process-wide sink, first writing what is queued to the old destination.
// Throws std::invalid_argument for a malformed redact path, std::system_error when `file` cannot
// be opened; the sink is unchanged then. Loggers made before keep their (already redacted)
// bindings; records written after use the new paths.
void configure(const options& o);

// Waits until every record queued before the call has been written.
void flush();
// The same, giving up after `timeout`; false when it gave up.
bool flush(std::chrono::milliseconds timeout);

// Records dropped since the process started because the buffer was full (or the destination
// failed).
std::uint64_t dropped();

}  // namespace strata::log
